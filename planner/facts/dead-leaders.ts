/**
 * Namespaces of a dead thread-group leader while it lived. Linux drops a task's nsproxy when it
 * exits, so the image records none for a leader that exited alone (EXIT-1) while its threads
 * live on. But the leader created the first of those threads, and a thread copies its creator's
 * namespaces at clone (FORK-7): its active time ns (CLONE_VM children stay in the caller's,
 * FORK-8) and, sharing its fs_struct, its mount ns. Neither can be fixed by the thread itself
 * afterwards: setns(time) needs a single thread (SETNS-6: EUSERS) and setns(mnt) an unshared
 * fs_struct (SETNS-3). So the leader was in those namespaces when it created its threads.
 *
 * The planner gives such a leader, for planning only, the namespaces of its first live thread
 * (the one whose fd table, fs and mm it already stands for, planner/graph/stand-ins.ts `eff`), with its own
 * active pid ns as pid_for_children and time_for_children equal to its time ns: it settles them
 * like any task before its threads exist, and its final exit drops them again, as in the image.
 *
 * Its time_for_children is the thread's pending one instead (the leader unshares it, UNSH-6, and
 * the thread copies it at clone, FORK-7):
 * - when that namespace's offsets differ from the thread's time ns's: a thread's own new time ns
 *   copies the offsets of its time_for_children (UNSH-6), and /proc/self/timens_offsets writes the
 *   time_for_children of the *leader* (ESRCH once the leader is gone), so the leader gave it those
 *   offsets before creating the thread (seed 2503). (A thread can also write its own through
 *   /proc/<tid>/timens_offsets, emit.ts; the leader is the maker that keeps the thread's pending
 *   time_for_children inherited, as in these histories);
 * - on request (`pendingTfc`: planner/index.ts's second plan, when the first is undecided): the
 *   leader's children born in that namespace then inherit it instead of joining it (seed 910).
 * The plan is verified against the original image. O(tasks + namespaces).
 */
import type { Image, NsProxy, Task } from '../../model/image.js';

/** Each dead leader's first live thread, by tgid (its last one with `last`: variant lastThreadLeaders, last-thread-leader.ts). O(tasks). */
function firstThreads(image: Image, last = false): Map<number, Task> {
  const firstThread = new Map<number, Task>();
  for (const t of image.tasks) {
    if (t.pid[0] === t.tgid || t.nsproxy === null || t.state === 'zombie') continue;
    const cur = firstThread.get(t.tgid);
    if (!cur || (last ? t.pid[0] > cur.pid[0] : t.pid[0] < cur.pid[0])) firstThread.set(t.tgid, t);
  }
  return firstThread;
}

/** Does a dead leader's first live thread hold a pending time_for_children (a second plan may give it to the leader)? O(tasks). */
export function hasDeadLeaderPendingTfc(image: Image): boolean {
  const dead = new Set(image.tasks.filter((t) => t.state === 'dead' && t.nsproxy === null && t.pid[0] === t.tgid).map((t) => t.tgid));
  if (dead.size === 0) return false;
  const proxies = new Map(image.nsproxies.map((p) => [p.id, p]));
  for (const [tgid, th] of firstThreads(image)) {
    const np = dead.has(tgid) && th.nsproxy ? proxies.get(th.nsproxy) : undefined;
    if (np && np.timeForChildren !== np.time) return true;
  }
  return false;
}

/** The image with dead leaders given their first live thread's namespaces; the image itself when none needs it. */
export function withDeadLeaderNamespaces(image: Image, pendingTfc = false, lastThread = false): Image {
  const firstThread = firstThreads(image, lastThread);
  if (firstThread.size === 0) return image;
  const proxies = new Map(image.nsproxies.map((p) => [p.id, p]));
  const offsets = new Map(image.namespaces.map((n) => [n.id, n.offsets]));
  const sameOffsets = (a: string, b: string): boolean => {
    const x = offsets.get(a) ?? { monotonic: 0, boottime: 0 };
    const y = offsets.get(b) ?? { monotonic: 0, boottime: 0 };
    return x.monotonic === y.monotonic && x.boottime === y.boottime;
  };
  const added = new Map<string, NsProxy>();
  let changed = false;
  const tasks = image.tasks.map((t) => {
    if (t.state !== 'dead' || t.nsproxy !== null || t.pid[0] !== t.tgid) return t;
    const th = firstThread.get(t.tgid);
    const np = th?.nsproxy ? proxies.get(th.nsproxy) : undefined;
    if (!np) return t;
    const pidns = t.pidns;
    changed = true;
    const tfc = np.timeForChildren !== np.time && (pendingTfc || !sameOffsets(np.timeForChildren, np.time)) ? np.timeForChildren : np.time;
    if (np.pidForChildren === pidns && np.timeForChildren === tfc) return { ...t, nsproxy: np.id };
    const id = `${np.id}~leader:${pidns}`;
    if (!added.has(id)) added.set(id, { ...np, id, pidForChildren: pidns, timeForChildren: tfc });
    return { ...t, nsproxy: id };
  });
  if (!changed) return image;
  return { ...image, tasks, nsproxies: image.nsproxies.concat([...added.values()]) };
}
