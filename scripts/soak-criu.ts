/**
 * `npm run soak -- criu [--seeds N] [--per-file K] [--from S]`: the CRIU reader fuzz of
 * test/criu/fuzzing.ts over many seeds (binary and decoded JSON). Exit 1 on any crash.
 */
import { fuzzBinary, fuzzJson } from '../test/criu/fuzzing.js';

function opt(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
}

export default async function soakCriu(args: string[]): Promise<number> {
  const seeds = opt(args, 'seeds', 20);
  const perFile = opt(args, 'per-file', 45);
  const from = opt(args, 'from', 1);
  const t0 = Date.now();
  let cases = 0;
  let crashes = 0;
  for (let s = from; s < from + seeds; s++) {
    for (const r of [fuzzBinary(s, perFile), fuzzJson(s, Math.max(1, Math.round(perFile / 4)))]) {
      cases += r.cases;
      crashes += r.crashes.length + r.unnamed.length;
      for (const c of [...r.crashes, ...r.unnamed]) console.log(`CRASH ${c}`);
    }
  }
  console.log(`criu soak: ${seeds} seeds from ${from}, ${cases} cases, ${crashes} crashes, ${Date.now() - t0} ms`);
  return crashes ? 1 : 0;
}
