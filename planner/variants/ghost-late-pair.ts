/**
 * Re-plan variant `ghostLatePairs` (index.ts VARIANTS): in a re-plan after a session's ghost was
 * needed under two parents (ghost-conflict.ts), a placement of the ghost under (or below) two
 * nested subreapers S1 and S2 whose exit comes before BOTH set their flags: what the ghost forked
 * then goes past S1 and S2 to S2's own reaper, and a member whose image parent is that reaper is a
 * ghostFork of this placement (sessions.ts).
 *
 * Rules served (docs/kernel-rules.md): a dead leader's session needs a ghost with pid = sid that
 * calls setsid (SID-2, SID-3, PID-3), one ghost, under one parent. An orphan goes to the nearest
 * ancestor subreaper in its pid ns, else to that ns's init (EXIT-2), and PR_SET_CHILD_SUBREAPER may
 * be set at any time (EXIT-3): a subreaper whose flag comes after the ghost's exit is skipped. The
 * ghost-conflict re-plan skips the nearest subreaper only (lateSubreaperHeir), reparent helpers
 * two (helper-heirs.ts lateSubreaperPair); the ghost gets the same pair here. helper-heirs.ts
 * helperHeirEdges orders the ghost's exit before both flags (HelperSpec.lateSubreaper and
 * lateSubreaperAlso), and each flag before its task stops or exits.
 *
 * Seed 72800: session 6's leader 6 (dead) was forked by 4, forked 8 with CLONE_PARENT (parent 4)
 * and 10, and exited before 4 and 2 (4's parent) set their subreaper flags, so 10's parent is the
 * restorer. The ghost placed under 4 creates 8 with CLONE_PARENT and forks 10; its exit, before
 * both flags, hands 10 to the restorer.
 *
 * A placement's ghost exits once: a member served by the pair and one by the single late flag
 * cannot share it (sessions.ts refuses the mix, EXIT-3). O(depth) per placement, memoised reapers.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { lateSubreaperHeir } from '../creators/helper-heirs.js';
import { actorOf } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setGhostLatePairs(m: CreatorModel): void {
  on.add(m);
}

/** Is the variant on? */
export function ghostLatePairs(m: CreatorModel): boolean {
  return on.has(m);
}

/**
 * Where the children of a ghost placed under actor c (in pid ns cns) go when it exits before both
 * the nearest subreaper S1 and S1's own nearest subreaper S2 set their flags: S2's reaper; with
 * S1 (late) and S2 (also). Undefined when S1's heir is not a subreaper of cns that can be late
 * too (an init reaps whatever its flag, EXIT-2). O(depth).
 */
export function ghostLatePair(f: Facts, reaper: (c: string, ns: string) => number, c: string, cns: string): { heir: number; late: number; also: number } | undefined {
  const one = lateSubreaperHeir(f, reaper, c, cns);
  if (!one) return undefined;
  const two = lateSubreaperHeir(f, reaper, actorOf(one.heir), cns);
  return two && two.late === one.heir ? { heir: two.heir, late: one.late, also: two.late } : undefined;
}
