/** Command-line numbers of the soak scripts: `--name N`, a non-negative integer, or the default. */
export function argNum(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  if (i === -1) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer, got ${args[i + 1]}`);
  return v;
}

/** A command-line value of the soak scripts: `--name VALUE`, or undefined. */
export function argVal(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}
