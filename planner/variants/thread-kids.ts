/**
 * Variant threadKids (planner/index.ts): a thread that forks a child needing its leader's
 * older namespace is created before the leader's unshare of a new one of that type.
 *
 * unshare of uts/ipc/net/cgroup works with threads and changes the caller's slot only (UNSH-2):
 * a thread created before it keeps the older namespace. build.ts creates a thread that makes its
 * own namespace of that type after the leader's unshare (it needs none of the leader's), but a
 * process the thread forks is born in the thread's namespaces (FORK-7): when that child is born
 * in a user ns without rights over the older namespace's owner, it can only inherit it
 * (SETNS-7, OWN-2), so the thread must hold it at the fork, which it can only by being created
 * before the leader's unshare (seed 80726: 10 unshares net:1, then creates thread 11, which forks
 * 18 with CLONE_FS before making net:2; 18, born in user:1, must keep net:0 owned by user:0).
 * The thread's own unshare after the fork is ordered by build.ts already. O(children of the
 * leader x slots) per thread.
 */
import { SLOTS, type Slot } from '../output/emit.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { SLOT_TYPE, type NsProxyOf } from '../graph/build-context.js';

export interface ThreadKidArgs {
  /** the thread, and the namespace `id` (of type `ty`) its leader makes by unshare */
  th: Task;
  ty: string;
  id: string;
  /** the process tgids the leader creates */
  children: readonly number[];
  /** the leader's thread creating a child, if any */
  creatorThread: (child: Task) => Task | undefined;
  procLeader: (tgid: number) => Task | undefined;
  nsproxyOf: (t: Task) => NsProxyOf | undefined;
  /** the user ns a task is born in, and ownership within it */
  bornUserOf: (tid: number) => string;
  ownedWithin: (id: string, u: string) => boolean;
  makes: (id: string, t: Task) => boolean;
}

/** Does a child the thread forks need the leader's older namespace of this type (not `id`), which it can neither join nor make? */
export function threadKidKeepsOlder(a: ThreadKidArgs): boolean {
  for (const c of a.children) {
    const leader = a.procLeader(c);
    if (!leader || a.creatorThread(leader) !== a.th) continue;
    const np = a.nsproxyOf(leader);
    if (!np) continue;
    const born = a.bornUserOf(c);
    if (SLOTS.some((sl: Slot) => sl !== 'time' && sl !== 'timeForChildren' && SLOT_TYPE[sl] === a.ty && np[sl] !== a.id && !a.makes(np[sl], leader) && !a.ownedWithin(np[sl], born))) return true;
  }
  return false;
}
