/**
 * An execve run in the born user ns, before the user-ns switch, keeps every capability there
 * (cap_bprm_creds_from_file: the euid is that user ns's root, the restorer's uid 0 mapping to
 * root in it), so the task's joins need not precede its execve: they follow it before the
 * switch with the capabilities it kept, or after the switch with those the switch gives
 * (SETNS-4). Used for a task whose final user ns does not map the restorer's uid 0 to root
 * (its execve there would drop them: build.ts orders every join before execve, execKeepsCaps):
 * the execve is ordered before the switch instead. Histories do this: a task execve's, forks a
 * child sharing the fd table execve left it, then joins and switches (seed 61556: 21 forks 47
 * with CLONE_FILES after its execve, 47 in 21's born namespaces).
 *
 * Only in the re-plan variant `execBornFirst` (facts.ts), so first plans stay as they were. O(1).
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from '../ordering/schedule.js';

/**
 * May process tid's joins follow its execve, that execve being ordered before its user-ns switch?
 * `keepsCapsBorn`: uid 0 of its born user ns is the restorer's and no credential switch changed it;
 * `timeFree`: its execve moves no time ns (time = time_for_children, no time ns it makes early).
 */
export function execBornFirst(f: Facts, s: Schedule, tid: number, keepsCapsBorn: boolean, timeFree: boolean): boolean {
  return f.execBornFirst === true && keepsCapsBorn && timeFree && s.at('user', tid) >= 0;
}
