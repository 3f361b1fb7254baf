/**
 * Re-plan variant `parentBornGroups` (index.ts SHR_VARIANTS, with `shares`, `settledRelays`,
 * `relayBirthMnts` and `ownTfc`; FORK-3, FORK-4, SID-2, PGID-2): a process that must be born in a
 * group g (creators.ts needG: a child of its own ends in g, which that child's pid ns cannot see
 * to join, PGID-2) is forked by its image parent while the parent is still in g, before the
 * parent's own setsid, rather than by a sibling of g with CLONE_PARENT.
 *
 * creators.ts forcedCreators gives such a process the first sibling in g as its creator
 * (groupSibling: CLONE_PARENT keeps the image parent, FORK-3, and the child is born in the
 * sibling's group, PGID-2), unless the parent is in g for good or shares with it. A parent that
 * leads a session of its own is in g only before its setsid (SID-2): when the born_sid walk has
 * it born in g's session, and in g (inGroupWhenForking: its creator is in g when forking it), it
 * can fork the process there itself, before its setsid (timing 'before-setsid'). The sibling is
 * then the worse choice when the process shares an fs_struct or fd table with another child of
 * that parent: only the parent, the first holder, can give it to both with CLONE_FS / CLONE_FILES
 * and keep its own copy afterwards (FORK-4, UNSH-1; files-relays.ts findFsChainRelays). Seed
 * 68118: 11, born in session 5 and group 5, forked 15 (init of pid:1) and 21, sharing fs:5, with
 * CLONE_FS before its setsid; both fork members of group 5, which pid:1 cannot see, so both must
 * be born in group 5; the planner had their sibling 12 fork them with CLONE_PARENT, and nothing
 * could give them fs:5 (FORK-4).
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so the model gains no field. O(1) a query.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

/** Turn the variant on for model m (index.ts planAttempt). */
export function setParentBornGroups(m: CreatorModel): void {
  on.add(m);
}

/**
 * Does the image parent fork a process that must be born in group g itself, rather than a
 * sibling of g with CLONE_PARENT? Only with the variant on, when the parent can be in the
 * process's birth session then (`parentInSession`: timingIn is not null) and is in g at some
 * moment it forks (`parentInGroup`: creators.ts inGroupWhenForking). O(creator depth).
 */
export function parentFormsInBornGroup(m: CreatorModel, parentInSession: boolean, parentInGroup: () => boolean): boolean {
  return on.has(m) && parentInSession && parentInGroup();
}
