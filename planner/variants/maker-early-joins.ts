/**
 * Re-plan variant `makerEarlyJoins` (index.ts; Facts.makerEarlyJoins, maker-steps.ts addMakerEdges):
 * a pid-ns maker that inherits from its creator a mount or time namespace the creator leaves in
 * its early join step (ns-nodes.ts nsmnt) is forked before that step, not only before the main
 * join step.
 *
 * A maker is born with its creator's credentials; a namespace its init needs and whose owner that
 * user ns has no CAP_SYS_ADMIN over it can only inherit (SETNS-3, SETNS-6, OWN-2; FORK-7, and
 * FORK-8 for time: a child is born in its creator's time_for_children). addMakerEdges ordered its
 * fork before the creator's main join step (nsfix), which leaves that slot; but a leader with
 * threads, or a creator of CLONE_FS sharers, joins its mount and time ns in an early step of its
 * own (setns(mnt) needs an unshared fs_struct, setns(time) a single thread, SETNS-3, SETNS-6),
 * and that step leaves the slot first. The fork goes before it too. Seed 78743: 10, born in
 * user:1 with time:0 (owned by user:0), joins time:1 in its early step before its thread 36; the
 * maker h1 of init 12 (time:0) is now forked before that join. O(makers x slots).
 */
import type { Facts } from '../facts/facts.js';

/**
 * The early step of creator cr that leaves a slot of type `ty` (`nsmnt:<cr>`), when the variant
 * is on and cr has one for that kind; else undefined.
 */
export function makerEarlyStep(f: Facts, cr: number, ty: string | undefined, early: { mnt: boolean; time: boolean } | undefined): string | undefined {
  if (f.makerEarlyJoins !== true || !early) return undefined;
  return (ty === 'mnt' && early.mnt) || (ty === 'time' && early.time) ? `nsmnt:${cr}` : undefined;
}
