/**
 * A dead leader first holder of the fs_struct its children share, planned in their mount ns
 * (re-plan variant `deadFirstHolderMnts`, with `shares`): it forks them with CLONE_FS there, and
 * its thread makes the thread's own mount ns afterwards.
 *
 * dead-leaders.ts plans a dead leader in its first live thread's namespaces, its mount ns
 * included: a thread sharing its leader's fs_struct cannot setns(mnt) (SETNS-3), so the leader
 * was there when it created the thread. But a thread may make a mount ns of its own by
 * unshare(CLONE_NEWNS), allowed multithreaded (UNSH-2), which gives it a private copy of the
 * fs_struct (UNSH-1, UNSH-4). When the leader's children share an fs_struct o that neither the
 * leader's creator nor any of its threads holds, the leader was o's first holder (born with a
 * private copy, dead-leader-first-holder.ts), and when they all end in one mount ns M other than
 * the thread's, the leader forked them with CLONE_FS in M (sharers of o stay in one mount ns,
 * SETNS-3) and the thread left M later. A child counts with the fs_struct it passed on with
 * CLONE_FS to a child of its own and no longer holds (an fs relay, fs-relays.ts, which copies it
 * by unshare(CLONE_FS) or its unshare(CLONE_NEWUSER), UNSH-1): the history's relay may have
 * forked the second sharer after the leader's exit.
 *
 * In the variant such a leader is planned in M (its other namespaces its thread's), stands for o
 * (stand-ins.ts; the emitter's deadOwnFs) and, being o's first holder, may settle its user ns
 * before forking the sharers and a relay among them (fs-relays.ts: a shared fs_struct forbids
 * setns(user), SETNS-4, but o is its own until the first CLONE_FS fork). Its thread, created
 * without CLONE_FS (a copy, FORK-4), makes its own mount ns itself (OWN-1, UNSH-4).
 *
 * Seed 44758: 10 forked 12 (fs:33, mnt:3); 12's thread 18 forked 34 and 50 with CLONE_FS; 34
 * forked 72 with CLONE_FS and then unshare(CLONE_NEWUSER) copied it; 18 unshared CLONE_NEWNS
 * (mnt:4) and 12's leader thread exited. Planned in mnt:4, 12 could fork no sharer of fs:33
 * into mnt:3, and 34 was no relay (FORK-4 on 50 and 72). Tried after a FORK-4 first answer only
 * (SHR_VARIANTS), for an image with such a leader. O(tasks).
 */
import type { Image, NsProxy, Task } from '../../model/image.js';

/**
 * The image with each such dead leader given its sharers' mount ns, and leader -> the fs_struct
 * it first held; `holds` empty (and the image itself) when there is none. Dead leaders carry
 * their thread's nsproxy already (withDeadLeaderNamespaces). O(tasks).
 */
export function deadFirstHolderMnts(image: Image): { image: Image; holds: Map<number, string> } {
  const holds = new Map<number, string>();
  const proxies = new Map(image.nsproxies.map((p) => [p.id, p]));
  const mntOf = (t: Task | undefined): string | undefined => (t?.nsproxy ? proxies.get(t.nsproxy)?.mnt : undefined);
  const byTid = new Map<number, Task>();
  /** live processes by image parent; live threads by process */
  const kids = new Map<number, Task[]>();
  const threads = new Map<number, Task[]>();
  for (const t of image.tasks) {
    byTid.set(t.pid[0], t);
    if (t.nsproxy === null) continue;
    if (t.pid[0] !== t.tgid) { const l = threads.get(t.tgid); if (l) l.push(t); else threads.set(t.tgid, [t]); continue; }
    if (t.fs === null) continue;
    const l = kids.get(t.ppid); if (l) l.push(t); else kids.set(t.ppid, [t]);
  }
  const mntFor = new Map<number, string>();
  for (const l of image.tasks) {
    if (l.state !== 'dead' || l.pid[0] !== l.tgid || l.nsproxy === null) continue;
    const ths = threads.get(l.tgid);
    if (!ths) continue;
    // fs_struct -> how many of its children hold it (or passed it on), and their mount namespaces
    const n = new Map<string, { c: number; mnt: Set<string | undefined> }>();
    const add = (o: string, t: Task): void => {
      const e = n.get(o) ?? { c: 0, mnt: new Set<string | undefined>() };
      e.c++;
      e.mnt.add(mntOf(t));
      n.set(o, e);
    };
    for (const k of kids.get(l.tgid) ?? []) {
      add(k.fs!, k);
      for (const kk of kids.get(k.tgid) ?? []) if (kk.fs !== k.fs) add(kk.fs!, kk);
    }
    const parentFs = byTid.get(l.ppid)?.fs ?? null;
    for (const [o, e] of n) {
      const m = [...e.mnt][0];
      if (e.c < 2 || e.mnt.size !== 1 || m === undefined || m === mntOf(l) || o === parentFs || ths.some((th) => th.fs === o)) continue;
      holds.set(l.tgid, o);
      mntFor.set(l.tgid, m);
      break;
    }
  }
  if (holds.size === 0) return { image, holds };
  const added = new Map<string, NsProxy>();
  const tasks = image.tasks.map((t) => {
    const m = t.pid[0] === t.tgid ? mntFor.get(t.tgid) : undefined;
    if (m === undefined) return t;
    const np = proxies.get(t.nsproxy!)!;
    const id = `${np.id}~holder-mnt:${m}`;
    if (!added.has(id)) added.set(id, { ...np, id, mnt: m });
    return { ...t, nsproxy: id };
  });
  return { image: { ...image, tasks, nsproxies: image.nsproxies.concat([...added.values()]) }, holds };
}
