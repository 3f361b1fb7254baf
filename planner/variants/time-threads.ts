/**
 * Re-plan variant `ownTimeThreads`: several threads of one process holding the same pending
 * time_for_children (a time ns other than their own, UNSH-6).
 *
 * Only unshare(CLONE_NEWTIME) gives a task a time_for_children other than its time ns (setns
 * sets both, SETNS-6), and a thread forked with CLONE_VM shares its creator's nsproxy, pending
 * time_for_children included (FORK-7). So one holder makes the time ns and forks the others after
 * it. ns-creator-choice.ts takes the first pending holder, and thread-creators.ts lets a thread
 * copy it only from a holder of lower tid, as if threads were created in tid order. Both fail when
 * the holder that made it shares its fd table or fs_struct with another task of its process (it
 * is forked by that one) and forked the other holder, a sole holder of its own table and fs,
 * which got a lower tid by pid reuse (seed 30111: 65 unshared CLONE_NEWTIME, then forked thread
 * 24; seeds 72694, 89151 alike). With the variant, the holder tied to another task of its process
 * by a shared fd table or fs_struct makes the time ns (timeHolderFirst), and a thread copies its
 * pending time_for_children from that holder whatever their tids (thread-creators.ts). A holder
 * forked by the other would close a creation cycle, which the ordering reports. O(threads) per
 * holder.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';

/** Does t share its fd table or fs_struct with a task of its process that is not a pending holder? */
export function tiedHolder(f: Facts, t: Task, pending: (t: Task) => boolean): boolean {
  const pr = f.procs.get(t.tgid);
  if (!pr) return false;
  return [pr.leader, ...pr.threads].some((o) => o !== t && !pending(o) && ((t.files !== null && o.files === t.files) || (t.fs !== null && o.fs === t.fs)));
}
