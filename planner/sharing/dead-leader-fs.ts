/**
 * A dead leader's stand-in fs_struct read from its creator (FORK-4, EXIT-1; re-plan variant
 * `shares`, used by planner/graph/stand-ins.ts eff and planner/sharing/share-zombies.ts; the fs_struct twin of
 * dead-leader-table.ts creatorTableOfThreads).
 *
 * A dead leader stands by default for its first thread's objects. But when its creator is a
 * zombie (a live creator: fs-unshare-relay.ts threadRelay) and a live thread of it holds the
 * fs_struct that zombie held, the leader was born sharing that fs_struct (CLONE_FS)
 * and forked that thread with CLONE_FS, while the threads holding another one were forked
 * without it: copies (seed 56248: 27 forks 39 with CLONE_FS; 39 forks thread 42 without, 43 and
 * 21 with CLONE_FS, and exits; 42 forks thread 4 with CLONE_FS). The first thread's fs_struct as
 * the stand-in made the threads keeping the creator's entries of it, and FORK-4 failed. Taken
 * only when every other fs_struct of its threads is held by no task outside the process but the
 * processes it creates (their copies, which its threads may pass on).
 *
 * The creator may be a zombie (its stand-in, stand-ins.ts, is read from its children: here the
 * fs_struct another child of it holds, seed 14201: zombie 50 forked 53 and 76 with CLONE_FS, 53
 * forked thread 65 without and 69 with it). share-zombies.ts makes the zombie the creator of
 * such a dead leader: deadLeaderBirthFs lists, per dead leader, the fs_struct it held at birth
 * by that reading when its present creator does not give it.
 * O(threads + tasks holding those fs_structs); the image's holders are indexed once per Facts.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

const live = (x: Task) => x.state === 'running' || x.state === 'stopped';

/**
 * The fs_struct dead leader p held at birth when a live thread keeps one that `held` accepts
 * and the other threads' are copies (see above); null otherwise, or when it is the first
 * thread's (eff's default). O(threads + their fs_structs' holders).
 */
function birthFs(f: Facts, m: CreatorModel, p: Proc, held: (o: string) => boolean): string | null {
  const first = p.threads.find((x) => x.files !== null || x.mm !== null);
  if (!first) return null;
  const holders = fsHolders(f);
  const by = `t${p.tgid}`;
  /** held by no task outside p but the processes p creates */
  const own = (o: string) => (holders.get(o) ?? []).every((h) => h.tgid === p.tgid || m.creation.get(h.tgid)?.by === by);
  for (const th of p.threads) {
    const o = th.fs;
    if (o === null || !live(th) || o === first.fs || !held(o)) continue;
    return p.threads.every((x) => x.fs === null || x.fs === o || own(x.fs)) ? o : null;
  }
  return null;
}

/**
 * (variant shares) stand-ins.ts eff's fs_struct for dead leader t: its creator's (a live process
 * leader's, or a zombie's another plain child of which holds it), when a live thread keeps it.
 */
export function creatorFsOfThreads(f: Facts, m: CreatorModel, t: Task): string | null {
  if (!m.shares) return null;
  const c = m.creation.get(t.tgid);
  if (!c || c.via || !c.by.startsWith('t')) return null;
  const cr = f.procs.get(Number(c.by.slice(1)));
  const p = f.procs.get(t.tgid);
  if (!cr || !p) return null;
  // (a live creator: fs-unshare-relay.ts threadRelay, the leader copying after its CLONE_FS
  // threads, plans it as before, seed 5301; relay-switch-first.ts when the creator switches)
  if (!cr.zombie) return null;
  // (a zombie creator: another child it forks holds it, so its stand-in is that one)
  const kid = (o: string) => (fsHolders(f).get(o) ?? []).some((h) => h.tgid !== p.tgid && h.pid[0] === h.tgid && live(h) && m.creation.get(h.tgid)?.by === c.by && !m.creation.get(h.tgid)?.via);
  return birthFs(f, m, p, kid);
}

/**
 * (variant shares, share-zombies.ts) dead leaders -> the fs_struct they held at birth, held by a
 * task outside them that they do not create, when their present creator does not hold it.
 * O(processes x threads).
 */
export function deadLeaderBirthFs(f: Facts, m: CreatorModel, creatorHolds: (p: Proc, k: 'fs', o: string) => boolean): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of f.order) {
    if (p.zombie || p.leader.state !== 'dead' || p.threads.length === 0 || !m.creation.has(p.tgid)) continue;
    const by = `t${p.tgid}`;
    const outside = (o: string) => (fsHolders(f).get(o) ?? []).some((h) => h.tgid !== p.tgid && m.creation.get(h.tgid)?.by !== by);
    const o = birthFs(f, m, p, outside);
    if (o !== null && !creatorHolds(p, 'fs', o)) out.set(p.tgid, [o]);
  }
  return out;
}

/** fs_struct -> the tasks holding it, once per image (O(tasks)) */
const index = new WeakMap<Facts, Map<string, Task[]>>();
function fsHolders(f: Facts): Map<string, Task[]> {
  let h = index.get(f);
  if (!h) {
    h = new Map();
    for (const t of f.image.tasks) if (t.fs !== null) { const l = h.get(t.fs); if (l) l.push(t); else h.set(t.fs, [t]); }
    index.set(f, h);
  }
  return h;
}
