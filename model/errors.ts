/**
 * Errors that reach the user as one clear line (file, place, rule) and an exit code, never as a
 * stack trace. Exit codes: 1 = the image or plan is bad (findings, differences, impossibility),
 * 2 = the input or invocation is unusable.
 */
export class CrplanError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
    this.name = 'CrplanError';
  }
}

/** Unusable input: `file: place: what is wrong (rule)`. */
export class InputError extends CrplanError {
  constructor(readonly file: string, readonly place: string, readonly detail: string) {
    super(`${file}${place ? `: ${place}` : ''}: ${detail}`, 2);
    this.name = 'InputError';
  }
}
