/**
 * Re-plan variant `keptStandIns` (index.ts SHR_VARIANTS, with `shares`; FORK-4, UNSH-1, EXIT-1):
 * a dead leader stands for the fd table / fs_struct it really passed on (CLONE_FILES / CLONE_FS),
 * kept by a later thread of it or by a child, rather than for its first thread's.
 *
 * A dead leader released its fd table and fs_struct (EXIT-1); stand-ins.ts eff lets it stand for
 * its first thread's, or its live creator's (dead-leader-table.ts, dead-leader-fs.ts). In the
 * history it was often born sharing a table passed down a creator chain (FORK-4) and created a
 * later thread with the flag, which keeps it, while its first thread, forked without, took its
 * own copy (seeds 95664: relay 41's child 59, whose thread 74 keeps 17's fs:8; 45627: dead
 * leader 22 whose thread 34 keeps 4's files:0; 75741: relay 14's child 18, whose thread 47
 * keeps 3's files:0); or it passed the table on to a child only (52079: 3 forks 7 with
 * CLONE_FS, 7 forks thread 11 without and 40 with it, then exits). With the first thread's
 * stand-in the leader held nothing of that table and FORK-4 refused the plan. Here:
 *  - keptFromOutside: it stands for the table a live thread keeps that a task outside its
 *    process, not one it creates, holds too, when every other table of its threads is held by
 *    no task outside the process but processes it creates (copies): it creates that thread with
 *    the flag, the others without;
 *  - fs-relays.ts reads a dead leader's fs_struct through that stand-in, so its creator is an fs
 *    relay (the leader's birth before the relay's copy, UNSH-1) and a creator sharing it settles
 *    its mount ns first (SETNS-3; seed 90325: relay 3, dead leader 7 whose thread 24 keeps fs:0);
 *  - stand-ins.ts lets it stand for its creator's table that a child keeps even when other
 *    children share its threads' (those threads create them, thread-creators.ts), and a zombie
 *    creator stand for its own creator's table that such a dead leader passes on (passedOn).
 * Tried after every other variant, kept only when verified: plans found without it stay as they
 * were. O(threads + holders of their tables), the holders indexed once per Facts.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

const live = (x: Task) => x.state === 'running' || x.state === 'stopped';

/** (variant keptStandIns) dead leader t's stand-in table of kind k, kept by a later thread (see above); null otherwise */
export function keptFromOutside(f: Facts, m: CreatorModel, t: Task, k: 'files' | 'fs'): string | null {
  if (!m.keptStandIns || t.state !== 'dead' || (k === 'files' && t.execed === true)) return null;
  const p = f.procs.get(t.tgid);
  if (!p || p.threads.length === 0) return null;
  const first = p.threads.find((x) => x.files !== null || x.mm !== null);
  if (!first) return null;
  const holders = holdersOf(f, k);
  const by = `t${p.tgid}`;
  /** held by a task outside p that p does not create */
  const outside = (o: string) => (holders.get(o) ?? []).some((h) => h.tgid !== p.tgid && m.creation.get(h.tgid)?.by !== by);
  /** held within p and the processes p creates only */
  const own = (o: string) => (holders.get(o) ?? []).every((h) => h.tgid === p.tgid || m.creation.get(h.tgid)?.by === by);
  for (const th of p.threads) {
    const o = th[k];
    if (o === null || !live(th) || o === first[k] || !outside(o)) continue;
    return p.threads.every((x) => x[k] === null || x[k] === o || own(x[k]!)) ? o : null;
  }
  return null;
}

/** object of kind k -> the tasks holding it, once per image (O(tasks)) */
const index = new WeakMap<Facts, { files: Map<string, Task[]>; fs: Map<string, Task[]> }>();
function holdersOf(f: Facts, k: 'files' | 'fs'): Map<string, Task[]> {
  let h = index.get(f);
  if (!h) {
    h = { files: new Map(), fs: new Map() };
    for (const t of f.image.tasks) for (const kk of ['files', 'fs'] as const) {
      const o = t[kk];
      if (o === null) continue;
      const l = h[kk].get(o);
      if (l) l.push(t); else h[kk].set(o, [t]);
    }
    index.set(f, h);
  }
  return h[k];
}

/**
 * (variant keptStandIns) Does dead leader t pass object o of kind k on to a process it creates,
 * no thread of it holding o? Then it held o from its birth: its creator (a zombie, whose
 * stand-in stand-ins.ts reads from its children) forked it with the flag (FORK-4; seed 52079:
 * 3 forks 7 with CLONE_FS, 7 forks thread 11 without and 40 with it, then exits; the plan has
 * zombie 4, forked by 3 with CLONE_FS, fork 7 with CLONE_PARENT | CLONE_FS). O(tasks holding o).
 */
export function passedOn(f: Facts, m: CreatorModel, t: Task, k: 'files' | 'fs', o: string): boolean {
  if (!m.keptStandIns || t.state !== 'dead' || t.pid[0] !== t.tgid || (k === 'files' && t.execed === true)) return false;
  const by = `t${t.tgid}`;
  const hs = holdersOf(f, k).get(o) ?? [];
  return !hs.some((h) => h.tgid === t.tgid) && hs.some((h) => h.pid[0] === h.tgid && m.creation.get(h.tgid)?.by === by && !m.creation.get(h.tgid)?.via);
}
