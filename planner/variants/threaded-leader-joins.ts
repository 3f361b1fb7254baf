/**
 * Re-plan variant `threadedLeaderJoins` (index.ts; Facts.threadedLeaderJoins, late-joins.ts
 * lateJoins): a leader with threads joins its mount and time namespaces before its user-ns
 * switch, from its born user ns, never among its joins from inside its final user ns.
 *
 * A leader born above its final user ns joins what its final user ns owns from inside it
 * (lateJoins, the nsfix2 step, SETNS-7). A thread that keeps the leader's older namespace of a
 * kind setns changes per thread (uts, ipc, net, cgroup, SETNS-7) is created before those late
 * joins (threadBeforeLateJoins), but only when none of them is a mount or time join: those need a
 * single-threaded caller (SETNS-3, SETNS-6), so with one among them every thread came after all
 * of them and the thread had to join its older namespace itself, from a user ns without rights
 * over its owner (seed 90371: thread 129 keeps ipc:0, owned by user:0, while its leader 110 ends
 * in user:1 and joined its time ns and ipc:1 from there; now 110 joins its time ns before its
 * switch, forks 129 after it and joins ipc:1 last). Born in an upper user ns, the leader has CAP_SYS_ADMIN over the
 * owners of its final namespaces (OWN-2): its mount and time joins go to its privileged join
 * steps before the switch (its early step when it has threads, ns-nodes.ts nsmnt, SETNS-6),
 * once those namespaces exist, and its threads follow its switch and precede its other late
 * joins. The ordering may close a cycle; that answer is then the variant's. O(1) per slot.
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** Is slot sl of leader t with threads kept out of its joins from inside its user ns? False outside the variant. O(1). */
export function singleThreadJoinFirst(f: Facts, t: Task, sl: string): boolean {
  if (f.threadedLeaderJoins !== true || (sl !== 'mnt' && sl !== 'time') || t.pid[0] !== t.tgid) return false;
  return (f.procs.get(t.tgid)?.threads.length ?? 0) > 0;
}
