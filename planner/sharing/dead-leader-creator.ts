/**
 * Which thread of a multi-threaded creator forks a process whose leader is dead (FORK-4, FORK-7):
 * a dead leader released its fd table and fs_struct, so the image shows them only on its live
 * threads. While it lived the leader held what its threads hold (planner/graph/stand-ins.ts `eff`), and it
 * got that at its birth from the thread of its creator that holds it, forked with
 * CLONE_FILES/CLONE_FS (seeds 9594, 2936: the history's creator was a non-leader thread).
 *
 * Re-plan variant `shares` only (CreatorModel.shares): the first attempt keeps choosing the thread
 * by the dead leader's own (released) fields, so plans found without the variant stay the same.
 * O(1) per query (eff is memoised).
 */
import type { Task } from '../../model/image.js';
import type { CreatorModel } from '../creators/creators.js';
import type { Facts } from '../facts/facts.js';

/**
 * the child as creatorThread should match it against its creator's threads: a dead leader as its
 * threads, and a zombie as its stand-in (stand-ins.ts: the table it held, which a non-leader
 * thread of its creator may have given it with CLONE_FILES/CLONE_FS, seed 11601)
 */
export function deadLeaderAsThreads<T extends Task>(m: CreatorModel, child: T, eff: (t: T) => T): T {
  return m.shares && (child.state === 'dead' || child.state === 'zombie') && child.pid[0] === child.tgid ? eff(child) : child;
}

/**
 * The objects of kind k a dead leader may have got from its creator at birth: its creator's
 * (`cr`, the creator's leader as build.ts sees it), and in variant `shares` also those of the
 * creator's live threads, any of which may have forked it with CLONE_FILES/CLONE_FS (seed 6756:
 * a non-leader thread forked the dead leader, which passed that table on to its children).
 * The creator's own first, so the first attempt's answer is unchanged. O(creator's threads).
 */
export function creatorObjects(f: Facts, m: CreatorModel, cby: string | undefined, cr: Task | undefined, k: 'files' | 'fs'): (string | null)[] {
  const out: (string | null)[] = [cr?.[k] ?? null];
  if (!m.shares || !cby?.startsWith('t')) return out;
  for (const th of f.procs.get(Number(cby.slice(1)))?.threads ?? []) if ((th.state === 'running' || th.state === 'stopped') && !out.includes(th[k])) out.push(th[k]);
  return out;
}
