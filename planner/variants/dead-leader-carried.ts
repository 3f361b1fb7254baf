/**
 * Re-plan variant `deadCarried` (index.ts SHR_VARIANTS, with `shares` and `keptStandIns`; FORK-4,
 * EXIT-1, EXIT-2): a dead leader that passed an fd table or fs_struct on to a child is carried
 * to it by a reparent helper (share-carriers.ts), like a live process.
 *
 * share-carriers.ts counted live leaders only as holders: a dead leader released its tables
 * (EXIT-1) and the image shows none for it. With `keptStandIns` (dead-leader-kept.ts) such a
 * leader stands for the table a child it forked keeps, which no thread of it holds: it was born
 * sharing it, forked the child with the flag, forked its threads without (they took copies) and
 * exited. When that table is held outside too and the leader's creator does not hold it, nothing
 * gave it the table. In the history its creator had been forked with the flag by a holder and
 * died, the leader reparenting (seed 61452: 3 forked 4 with CLONE_FS, 4 forked 9 with CLONE_FS
 * and exited, 9 (now a child of the restorer) forked 349 with CLONE_FS and thread 28 without,
 * and its leader exited; 3 and 349 share fs:1). Here the dead leader is an entry of share-
 * carriers.ts for that table: a live holder forks a helper with the flag, the helper forks the
 * leader with it and exits, so the leader reparents to its image parent (EXIT-2); the leader
 * then forks the child with the flag (stand-ins.ts eff reads its stand-in). A dead leader is
 * never a carrier itself (it forks no helper after its exit).
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet). O(children + threads) a query.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

/** Turn the variant on for model m (index.ts planAttempt). */
export function setDeadCarried(m: CreatorModel): void {
  on.add(m);
}

/**
 * The table of kind k dead leader p passed on to a child it forks, which none of its threads
 * holds: held by such a child and by a task outside p's creations too; null when none, or with
 * the variant off. O(processes).
 */
export function deadLeaderPassedOn(f: Facts, m: CreatorModel, p: Proc, k: 'files' | 'fs'): string | null {
  if (!on.has(m) || !m.keptStandIns || p.leader.state !== 'dead' || p.threads.length === 0 || (k === 'files' && p.leader.execed === true)) return null;
  const by = actorOf(p.tgid);
  let out: string | null = null;
  for (const q of f.order) {
    const o = q.leader[k];
    if (o === null || m.creation.get(q.tgid)?.by !== by || p.threads.some((t) => t[k] === o)) continue;
    if (out !== null && out !== o) return null;
    out = o;
  }
  if (out === null) return null;
  const o = out;
  return f.order.some((q) => q.leader[k] === o && m.creation.get(q.tgid)?.by !== by && q !== p) ? o : null;
}
