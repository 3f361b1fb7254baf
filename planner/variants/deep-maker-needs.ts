/**
 * Re-plan variant `deepMakerNeeds`: what a pid-ns maker joins for its init includes what the
 * init's descendants can only inherit through it, not only its children's own namespaces.
 *
 * A maker (maker-needs.ts) forks an init I into a new user ns U (or from inside U) and first joins,
 * while it still has the rights, what I can only inherit: I's namespaces owned outside U, and in
 * a slot where I settles its own namespace later, the one a child of I needs and cannot join
 * (earlyChildNeed). A child C of I that makes or joins its own namespace in that slot may still
 * have to be born holding another one, X, for a child of its own (or for the children of a
 * zombie it forks, which keeps what it is born with, EXIT-4) that cannot join X either
 * (SETNS-3..7 need CAP_SYS_ADMIN over X's owner, OWN-2): C inherits X from I (FORK-7), and I from
 * the maker. Seen from the maker, C needs X just as if it ended in it. Seeds 33510 (60 needs
 * mnt:1, owned by the root user ns, and is born from 55, which makes mnt:5, forked by init 18
 * born in user:3), 25320 (through zombie 22), 53876.
 *
 * The kernel history did the same: every process on that chain was forked before its creator
 * left X. The replay's verification keeps only plans where the chain holds.
 * Complexity: memoised per (task, slot), O(processes x slots) per build.
 */
import type { Slot } from '../output/emit.js';

export interface DeepNeedInput {
  /** the task's final namespace in slot sl (its nsSource's), undefined for a zombie */
  finalNs: (tid: number, sl: Slot) => string | undefined;
  /** tasks (process leaders) forked by this one, per the creator decisions */
  childrenOf: (tid: number) => readonly number[];
  /** is this child a maker-made init (its maker joins for it, not its creator)? */
  madeByMaker: (tid: number) => boolean;
  /** the user ns the task is born in */
  bornUserOf: (tid: number) => string;
  /** is namespace id owned by user ns u or one below it (so a task of u may join it)? */
  ownedWithin: (id: string, u: string) => boolean;
  /** the task that makes namespace id, if a member does */
  creatorOf: (id: string) => number | undefined;
}

/**
 * What task tid must be born with in slot sl (not time: FORK-8, time-birth.ts): its final namespace
 * there when it can neither join nor make it; else, when a child of its own must inherit one it
 * cannot join either, that one; else its final one (undefined for a zombie without such a child).
 */
export function deepBirthNeed(inp: DeepNeedInput, memo: Map<string, string | undefined>, tid: number, sl: Slot): string | undefined {
  const key = `${tid}/${sl}`;
  if (memo.has(key)) return memo.get(key);
  memo.set(key, undefined); // (a guard: creations form a tree)
  const v = inp.finalNs(tid, sl);
  const born = inp.bornUserOf(tid);
  let out = v;
  if (v === undefined || inp.ownedWithin(v, born) || inp.creatorOf(v) === tid) {
    for (const k of inp.childrenOf(tid)) {
      if (inp.madeByMaker(k)) continue;
      const w = deepBirthNeed(inp, memo, k, sl);
      if (w !== undefined && w !== v && !inp.ownedWithin(w, born) && !inp.ownedWithin(w, inp.bornUserOf(k)) && inp.creatorOf(w) !== tid) { out = w; break; }
    }
  }
  memo.set(key, out);
  return out;
}
