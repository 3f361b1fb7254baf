/**
 * Re-plan variant `bornCreators` (planner/index.ts VARIANTS): two more ways to give a member of a
 * session a creator in its session and group, tried only after an undecided answer so that plans
 * found without them stay as they were.
 *
 * - Defer before lifting: a member that must inherit its group at birth (PGID-2, PID-4) and has
 *   no creator while the rest of its session's component is open is decided after that component
 *   (sessions.ts `deferred`) BEFORE it is lifted. Lifting makes its parent be born in the session
 *   (born_sid, SID-2), which fails when the parent can never be (seed 3532: an init whose
 *   children were forked in the session by a task that entered its pid ns, SETNS-5); once the
 *   component is settled, a task of the group living in that pid ns is a settled carrier whose
 *   helper's exit hands the member to the init (EXIT-2).
 * - A zombie forks the group ghost: a dead group leader's ghost (PGID-3) may be forked by a task
 *   of the session that is a zombie in the image. It still runs until its final exit (EXIT-4), so
 *   it forks the ghost and reaps it (EXIT-6) like any task; the ghost's orphans go where the
 *   zombie's would (EXIT-2). Seed 9235: the only task of the session in the group's pid ns is its
 *   zombie leader.
 * - A helper in the init's pid ns for a deeper init: an init p two or more pid-ns levels below
 *   every carrier of its session, whose image parent q is the init of the pid ns p's own ns sits
 *   in, is created by a helper a carrier forks into q's pid ns (pid_for_children, SETNS-5); the
 *   helper clones p with CLONE_NEWPID and exits, so p reparents to q (EXIT-2). The first attempt
 *   offers it only once a re-plan stopped the born_sid walk at q (init-walk.ts); here at once
 *   (seed 7292: a session leader whose pid_for_children was a sibling branch's pid ns).
 *
 * - A dead leader's group ghost in another pid ns of the leader's level: group-ghost-elsewhere.ts.
 * - A zombie's heir that is a subreaper only around its exit: temp-subreaper.ts.
 *
 * The variant runs alone, then with the extended constructions (a forker moving a member that
 * lives beside the ghost's pid ns into the group, parent-moves.ts; seed 6617).
 * The three above are O(1) predicates on the hooks in sessions.ts.
 */
import type { CreatorModel } from './creators.js';

/** Is this attempt the bornCreators variant? */
export function bornCreators(m: CreatorModel): boolean {
  return m.bornCreators === true;
}

/** Defer a member with no creator that must inherit its group, before lifting it (see above)? */
export function deferBeforeLift(m: CreatorModel, second: boolean | undefined, inheritsGroup: boolean): boolean {
  return bornCreators(m) && !second && inheritsGroup;
}

/** May a task that is a zombie in the image fork a group's ghost (see above)? */
export function zombieForksGroupGhost(m: CreatorModel): boolean {
  return bornCreators(m);
}

/** May a carrier's helper in a pid ns below it create an init deeper still (see above)? */
export function deepInitHelper(m: CreatorModel): boolean {
  return bornCreators(m);
}
