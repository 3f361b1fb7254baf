/**
 * How a simulated syscall fails: the errno Linux returns and the kernel-rules id
 * (shared/docs/kernel-rules.md) of the check that produced it. Syscall code throws SysError at
 * the failing check (before any state changes, as the kernel does) and the Kernel entry point
 * turns it into an OpResult.
 */
import type { Errno } from './errno.js';

export class SysError extends Error {
  constructor(readonly errno: Errno, readonly rule: string) {
    super(`${errno} (${rule})`);
    this.name = 'SysError';
  }
}

/** Fail the current syscall with `errno`, citing `rule`. */
export function fail(errno: Errno, rule: string): never {
  throw new SysError(errno, rule);
}

export type SysResult = { ok: true; value?: number } | { ok: false; errno: string; rule?: string };

export const SIGHUP = 1;
export const SIGKILL = 9;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;

/** Wait status words as wait(2) reports them. */
export function exitedStatus(code: number): number {
  return (code & 0xff) << 8;
}
export function signaledStatus(sig: number, core = false): number {
  return (sig & 0x7f) | (core ? 0x80 : 0);
}
