/**
 * Re-plan variant `creatorFollowUps` (index.ts VARIANTS): after a first answer naming a member no
 * task of its session can create, the attempts that find it a creator there (the extended
 * constructions, alone and with more creators for born members) are tried again with the
 * construction their own answer asks for, which the first answer's gate never offered them.
 *
 * Why it is needed: a member that must be born in session S with parent P (SID-2: a session is
 * only inherited, so its creator must be in S when it forks; FORK-3/FORK-6: CLONE_PARENT keeps
 * the caller's session) gets its creator from the extended constructions (parent-moves.ts,
 * one-step-lift.ts: a pid-ns maker or a lifted parent in S) or from born-creators.ts. Those
 * attempts then stop on an obstacle of their own, whose construction is gated on the *first*
 * answer naming it, so it never runs with them:
 *  - a join refused for want of rights (SETNS-7, OWN-1: a member whose credentials left the
 *    owner of a namespace it needs can only inherit it): the pid-ns maker also joins, while still
 *    privileged, what the init's descendants inherit through it (deep-maker-needs.ts), or a
 *    helper holding it forks the init's child (init-join-helper.ts);
 *  - two sharers of an fd table or fs_struct whose creators cannot share it (FORK-4): born
 *    sessions through a sibling of a restorer's child (root-sibling-birth.ts), or the clone-time
 *    sharing constructions with zombie relays, exiting before a subreaper's flag where needed
 *    (share-ghosts.ts: a session ghost forked with CLONE_FILES that forks the sharer; zombie-relay.ts,
 *    zombie-late-subreaper.ts; EXIT-2, EXIT-3);
 *  - an ordering cycle: a child in another pid ns forked by a helper of its parent with
 *    CLONE_PARENT, so the parent keeps its pid_for_children (pfc-helper.ts; SETNS-5, FORK-3).
 * Each of those is sound on its own (its module says why); this one only chooses which to add.
 * Like SHR_VARIANTS, a follow-up is kept only when its plan verifies.
 *
 * Seeds (100k soak): 19659 (maker joins cgroup:2 for 10's descendants), 10232 (a join helper for
 * an init's child), 61365 and 83823 (a restorer's child's sibling), 66234 (a pfc helper), 35305
 * (session 309's ghost shares 42's fd table and forks 41 with it).
 *
 * Cost: only for images every earlier variant left undecided after such a first answer: two base
 * attempts and at most two follow-ups each, O(attempt).
 */
import type { Variant } from '../index.js';

/** The constructions an attempt's own answer asks for, in the order they are tried. */
export function followUpsFor(reason: string): Partial<Variant>[] {
  if (reason.startsWith('planner bug')) return [];
  if (reason.includes('no rights over')) return [{ deepMakerNeeds: true }, { initJoinHelpers: true }];
  if (reason.endsWith('(FORK-4)')) return [{ rootSiblingBirths: true }, { shares: true, zombieShares: true, lateZombies: true }];
  if (reason.startsWith('the ordering constraints form a cycle')) return [{ pfcHelpers: true }];
  return [];
}
