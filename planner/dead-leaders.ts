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
 * (the one whose fd table, fs and mm it already stands for, planner/build.ts `eff`), with its own
 * active pid ns as pid_for_children and time_for_children equal to its time ns: it settles them
 * like any task before its threads exist, and its final exit drops them again, as in the image.
 * The plan is verified against the original image. O(tasks).
 */
import type { Image, NsProxy, Task } from '../model/image.js';

/** The image with dead leaders given their first live thread's namespaces; the image itself when none needs it. */
export function withDeadLeaderNamespaces(image: Image): Image {
  const firstThread = new Map<number, Task>();
  for (const t of image.tasks) {
    if (t.pid[0] === t.tgid || t.nsproxy === null || t.state === 'zombie') continue;
    const cur = firstThread.get(t.tgid);
    if (!cur || t.pid[0] < cur.pid[0]) firstThread.set(t.tgid, t);
  }
  if (firstThread.size === 0) return image;
  const proxies = new Map(image.nsproxies.map((p) => [p.id, p]));
  const added = new Map<string, NsProxy>();
  let changed = false;
  const tasks = image.tasks.map((t) => {
    if (t.state !== 'dead' || t.nsproxy !== null || t.pid[0] !== t.tgid) return t;
    const th = firstThread.get(t.tgid);
    const np = th?.nsproxy ? proxies.get(th.nsproxy) : undefined;
    if (!np) return t;
    const pidns = t.pidns;
    changed = true;
    if (np.pidForChildren === pidns && np.timeForChildren === np.time) return { ...t, nsproxy: np.id };
    const id = `${np.id}~leader:${pidns}`;
    if (!added.has(id)) added.set(id, { ...np, id, pidForChildren: pidns, timeForChildren: np.time });
    return { ...t, nsproxy: id };
  });
  if (!changed) return image;
  return { ...image, tasks, nsproxies: image.nsproxies.concat([...added.values()]) };
}

