/**
 * A privileged step a task takes before its user-ns switch, free of its execve when that execve
 * keeps every capability in the born user ns (SETNS-5, UNSH-4; cap_bprm_creds_from_file).
 *
 * Pointing pid_for_children at a pid ns its final user ns has no rights over (pfc-early.ts), or
 * unsharing a pid ns owned by its born user ns (build.ts pfcnew), must happen while the task is
 * still in its born user ns with the capability there: before its switch. Both steps were also
 * ordered before its execve, which may drop the capabilities. When uid 0 of the born user ns is
 * the restorer's (and no credential switch changed the restorer's euid), an execve run before
 * the switch drops nothing, and one run after the switch follows the step anyway (the step
 * precedes the switch): the edge before execve is not needed. Histories do this: a task forks a
 * child sharing the fd table its execve gave, then unshares or setns(pid), then switches (seeds
 * 17424, 20513). As build.ts createdBeforeSwitch does for children (seed 4309).
 *
 * Only in the re-plan variant execCaps (facts.ts execJoinsAfter), so first plans stay as they
 * were. O(1).
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from './schedule.js';

/** May task tid's step before its switch leave its execve unordered (variant execCaps)? */
export function execFreeBeforeSwitch(f: Facts, s: Schedule, tid: number, keepsCapsBorn: boolean): boolean {
  return f.execJoinsAfter === true && keepsCapsBorn && s.at('user', tid) >= 0;
}
