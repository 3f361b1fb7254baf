/**
 * Re-plan variant `execRoot` (facts.ts execRoot, emit.ts execve, build.ts execKeepsCapsOnly): a
 * task that still holds every capability in its user ns takes that ns's uid 0 right before its
 * execve, so the execve keeps them (cap_bprm_creds_from_file: full capabilities after execve only
 * when the euid is the user ns's root; kernel/exec.ts), and the privileged work ordered after the
 * execve stays possible: a time ns its execve must not enter yet (FORK-8) made after it, an
 * unshare(CLONE_NEWPID) or a set_tid fork after it (UNSH-4, FORK-9).
 *
 * Why: with credential switches (a user ns owned by another uid than the restorer's, OWN-1) the
 * planner took every execve as dropping the capabilities, and a task born in a user ns owned by
 * uid 1 whose root is kernel uid 0 did lose them, since it kept its creator's uid 1. The histories
 * had such a task call setresuid(0) inside its user ns before its execve (setids seed 303), or
 * never leave uid 0 (seed 769). setresuid to the ns's uid 0 needs CAP_SETUID in the caller's own
 * user ns only (CRED-2: non-root -> root keeps the full set); the task's ids are not in the image
 * (docs/image-format.md), so the restore may pick them; the `setresuid` op ends with
 * PR_SET_DUMPABLE 1, and the execve gives a new mm anyway, so the task stays dumpable.
 *
 * The graph then counts such an execve as keeping the capabilities even with credential
 * switches, where uid 0 of the task's user ns is the restorer's: build.ts execKeepsCapsOnly (its
 * final and born user ns) and execKeepsCapsBorn (its born user ns, before its switch: with
 * execCaps, born-exec-caps.ts, a set_tid fork or a pid_for_children set after such an execve,
 * setids seed 121). The emitter still refuses any privileged step of a task whose execve dropped
 * them, and every plan is verified. Appended to VARIANTS with execCaps and dumpable
 * (dump-after-switch.ts), so plans found without it stay as they were. O(user-ns depth) per execve.
 */
import type { Op } from '../../executor/ops.js';
import type { Facts } from '../facts/facts.js';
import { idInNs, kernelIdIn } from '../facts/ids.js';

/**
 * The `setresuid` op that makes an actor in user ns `userns` with kernel ids (euid, egid), still
 * holding every capability there, that ns's root before its execve, with the kernel uid it then
 * has; undefined when it already is root, or the ns maps no uid 0, or no gid fits.
 */
export function rootBeforeExec(f: Facts, actor: string, userns: string, euid: number, egid: number): { op: Op; euid: number; egid: number } | undefined {
  const root = kernelIdIn(f.nsById, userns, 0, 'uid');
  if (root === null || root === euid) return undefined;
  // keep the gid when the ns maps it, else the ns's gid 0
  const keep = idInNs(f.nsById, userns, egid, 'gid');
  const gid = keep ?? (kernelIdIn(f.nsById, userns, 0, 'gid') !== null ? 0 : null);
  if (gid === null) return undefined;
  return {
    op: { op: 'setresuid', actor, uid: 0, gid, why: `${actor} takes uid 0 of its user ns ${userns} while it holds CAP_SETUID there, so its execve keeps every capability (CRED-2, cap_bprm_creds_from_file)` },
    euid: root, egid: kernelIdIn(f.nsById, userns, gid, 'gid')!,
  };
}
