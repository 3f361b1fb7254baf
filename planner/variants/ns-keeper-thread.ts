/**
 * Re-plan variant `nsKeeperThreads` (index.ts VARIANTS appended-since; FORK-2, FORK-7, SETNS-7,
 * SID-1, SID-2): a child forked by the thread of its creator's process that still holds the
 * namespaces the child is born with, when the leader has left them.
 *
 * uts, ipc, net, cgroup and mount namespaces are per task (nsproxy): a thread created with
 * CLONE_THREAD before its leader's joins or unshares keeps the older ones (FORK-2), and a child
 * copies the namespaces of the thread that calls clone (FORK-7). setsid acts on the whole process
 * (SID-1), so a child a thread forks after the process's setsid is born in the new session (SID-2).
 * A child that cannot join its namespaces (its user ns has no rights over them, SETNS-7) and must
 * be born in the session its creator leads only after its setsid was planned as the leader's
 * fork before the leader's joins and after its setsid; with another child the leader forks after
 * its joins but before its setsid (one keeping the old session), that closes an ordering cycle
 * (seed 109079: leader 25 forks 40 in session 3 with its new namespaces, 45 in session 25 with
 * the old ones its thread 29 keeps). Forked by that thread instead, the child puts no edge on the
 * leader's joins: leader joins, forks the first child, setsid, and the thread forks the second.
 * thread-creators.ts creatorThread scores threads by fd table and fs_struct only; here it takes
 * a live thread T whose uts/ipc/mnt/net/cgroup namespaces are all the child's, and whose time_for_children is
 * the child's time ns (FORK-7),, the leader's
 * not, and T shares at least what the leader would with the child.
 *
 * Only for a live child that is a process leader; the plan is verified on replay, and the
 * variant is kept only when it plans. O(threads) per child asked.
 */
import type { Image } from '../../model/image.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

const TYPES = ['uts', 'ipc', 'mnt', 'net', 'cgroup'] as const;

/** The thread of cp that forks child x with the namespaces it keeps (see above), else undefined. */
export function nsKeeperThread(f: Facts, cp: Proc, x: Task, eff: (t: Task) => Task, score: (t: Task) => number): Task | undefined {
  if (!f.nsKeeperThreads || x.pid[0] !== x.tgid || x.nsproxy === null) return undefined;
  const np = f.nsproxy.get(x.nsproxy);
  if (!np) return undefined;
  const slots = (t: Task) => (t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined);
  const same = (t: Task) => { const n = slots(t); return !!n && TYPES.every((k) => n[k] === np[k]) && n.timeForChildren === np.time; };
  const ld = eff(cp.leader);
  if (ld.state === 'dead' || same(ld)) return undefined;
  const leaderScore = score(ld);
  return cp.threads.find((th) => (th.state === 'running' || th.state === 'stopped') && same(th) && score(th) >= leaderScore);
}

/** The variant's gate: does the image hold a live non-leader thread whose uts/ipc/mnt/net/cgroup namespaces are not its leader's? O(tasks). */
export function anyNsKeeperThread(image: Image): boolean {
  const np = new Map(image.nsproxies.map((n) => [n.id, n]));
  const leaders = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  for (const t of image.tasks) {
    if (t.pid[0] === t.tgid || t.nsproxy === null) continue;
    const ld = leaders.get(t.tgid);
    const a = np.get(t.nsproxy);
    const b = ld?.nsproxy ? np.get(ld.nsproxy) : undefined;
    if (a && b && TYPES.some((k) => a[k] !== b[k])) return true;
  }
  return false;
}
