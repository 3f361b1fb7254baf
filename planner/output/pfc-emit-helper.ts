/**
 * Children forked into another pid ns through a helper (re-plan variant `pfcEmitHelpers`, emit.ts
 * clone and cloneThroughPfcHelper).
 *
 * A task T that forks a child into a pid ns X other than its own active one points its
 * pid_for_children at X first (setns, SETNS-5). To end with pid_for_children back on its own
 * pid ns P (as the image has it), T must setns to P again, which SETNS-5 allows only with
 * CAP_SYS_ADMIN over P's owner, even for T's own active pid ns. A T whose final user ns has no
 * rights over P's owner cannot come back once it moved down, and the plan stopped ("needs
 * pid_for_children P but has no CAP_SYS_ADMIN over its owner"). The construction leaves T's
 * pid_for_children alone: T forks a helper H (in P, with T's credentials and namespaces), H
 * points its own pid_for_children at X (it has T's rights over X's owner) and forks the child
 * with CLONE_PARENT, so the child's parent is T (FORK-3), its session and group T's (H's, copied
 * at fork); H then exits and T reaps it (EXIT-6). Only for a child that shares nothing with T
 * at the clone (CLONE_FILES/FS/VM would share with H instead). A child T forks with
 * CLONE_PARENT (its parent is T's parent Q) comes from an H that T forks with CLONE_PARENT too:
 * H's parent is Q, the child's too, and Q reaps H. O(depth).
 */
import type { Facts } from '../facts/facts.js';

/**
 * Should the child T (an image task's actor in pid ns `pidns`, pid_for_children `pfc`) forks
 * into `childNs` come from a helper (see above)? True when T's image pid_for_children is its own
 * pid ns, which its final user ns `finalUser` has no rights over the owner of.
 */
export function wantsPfcHelper(f: Facts, descends: (ns: string, anc: string) => boolean, t: { pidns: string; pfc: string; tid: number }, childNs: string): boolean {
  if (!f.pfcEmitHelpers || t.tid <= 0 || childNs === t.pfc || t.pfc !== t.pidns) return false;
  const task = f.tasks.get(t.tid);
  const np = task?.nsproxy ? f.nsproxy.get(task.nsproxy) : undefined;
  // (it must come back: its final pid_for_children is its own pid ns, or a member-less child of
  // it that it unshares at the end, which needs its own first, UNSH-5)
  const fin = f.pidns.get(np?.pidForChildren ?? '');
  if (!task || !np || !(np.pidForChildren === t.pidns || (fin?.parent === t.pidns && !fin.populated))) return false;
  const owner = f.pidns.get(t.pidns)?.ns.owner;
  const own = !owner || f.nsById.get(owner)?.external ? f.rootUserNs : owner;
  return !descends(own, task.userns);
}
