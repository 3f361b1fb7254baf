/**
 * A dead leader's stand-in fs_struct read from its creator (FORK-4, EXIT-1; re-plan variant
 * `shares`, used by planner/stand-ins.ts eff; the fs_struct twin of dead-leader-table.ts
 * creatorTableOfThreads).
 *
 * A dead leader stands by default for its first thread's objects. But when a live thread of it
 * holds the fs_struct its plain creator holds, the leader was born sharing that fs_struct
 * (CLONE_FS) and forked that thread with CLONE_FS, while the threads holding another one were
 * forked without it: copies (seed 56248: 27 forks 39 with CLONE_FS; 39 forks thread 42 without,
 * 43 and 21 with CLONE_FS, and exits; 42 forks thread 4 with CLONE_FS). The first thread's
 * fs_struct as the stand-in made the threads keeping the creator's entries of it, and FORK-4
 * failed. Taken only when every other fs_struct of its threads is held by no task outside the
 * process but the processes it creates (their copies, which its threads may pass on).
 * O(threads + tasks holding those fs_structs); the image's holders are indexed once per Facts.
 */
import type { PlannedTask as Task } from './unknowns.js';
import type { Facts } from './facts.js';
import type { CreatorModel } from './creators.js';

export function creatorFsOfThreads(f: Facts, m: CreatorModel, t: Task, crFs: (cr: Task) => string | null): string | null {
  if (!m.shares) return null;
  const c = m.creation.get(t.tgid);
  if (!c || c.via || !c.by.startsWith('t')) return null;
  const cr = f.tasks.get(Number(c.by.slice(1)));
  const o = cr ? crFs(cr) : null;
  const p = f.procs.get(t.tgid);
  if (!cr || o === null || !p) return null;
  const live = (x: Task) => x.state === 'running' || x.state === 'stopped';
  if (!p.threads.some((x) => live(x) && x.fs === o)) return null;
  // (the first thread's own is what eff gives anyway)
  const first = p.threads.find((x) => x.files !== null || x.mm !== null);
  if (!first || first.fs === o) return null;
  const holders = fsHolders(f);
  const by = `t${t.tgid}`;
  for (const x of p.threads) {
    if (x.fs === null || x.fs === o) continue;
    if ((holders.get(x.fs) ?? []).some((h) => h.tgid !== t.tgid && m.creation.get(h.tgid)?.by !== by)) return null;
  }
  return o;
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
