/**
 * Re-plan variant `userBoundCreators` (index.ts; Facts.userBoundCreators): every member's
 * creator is chosen, in the session choice (sessions.ts), from a user ns at or above the one the
 * member must be born in, and that user ns counts the children the member must fork itself.
 *
 * A task is born with its creator's credentials and can then only move down the user-ns tree
 * (SETNS-4, UNSH-3), so a creator must fork its child from a user ns at or above the child's
 * final one. The first attempt asks this only of members whose parent is a pid-ns init born in
 * its own user ns (user-orphans.ts parentBornAbove); this variant asks it wider:
 * - of every member of a session (sessions.ts keepUserOk), not only those: a member in the
 *   restorer's user ns forked by a session ghost placed under a task of a user ns below it is
 *   born there and never gets back up (seed 42587: members 5, 17, 18 in user:0 forked by the
 *   ghost placed under 20 in user:2); the ghost placed at the restorer (ROOT) then serves them;
 * - of the helper the session's ghost forks into the pid ns whose init is the member's parent
 *   (helper-heirs.ts childNsForHeir): the helper is born in the ghost's user ns, the restorer's
 *   when the ghost can be placed at ROOT, which is at or above every user ns (seed 7473: 8, in
 *   user:1, must be born in session 3 under init 5 of pid:0, born in user:0 beside user:1; the
 *   ghost of session 3 forks a helper into pid:0, which enters user:1, forks 8 and exits, so 8
 *   goes to 5, EXIT-2; the first attempt counted that helper in no user ns and dropped it);
 * - of the member's own birth: a process P that is neither a pid-ns init nor a subreaper gets
 *   its children only by forking them (or by CLONE_PARENT siblings it forks, FORK-3): no exit
 *   hands it an orphan (EXIT-2). A child in a user ns not at or below P's final one is forked
 *   before P's switch, so P is born at or above that child's user ns too, and its own creator
 *   must be there (seed 56942: 29 in user:2 forks 54 in user:0 before its setns into user:2;
 *   29's parent 7, init of pid:1 born in user:2, cannot fork it: a helper of the restorer's user
 *   ns forks 29 into pid:1 and exits, handing it to 7).
 * A choice this leaves out could only have ended on the build's SETNS-4 answer ("would be born in
 * user ns ... and cannot move back up"), so the variant serves answers naming that rule or a join
 * refused for want of rights; VARIANTS runs it with emitChoices (emit-choices.ts), which re-plans
 * without the component choice behind such a refused join (seed 86682: 33, of user:1, must join
 * uts:2, owned by user:0, before its switch; session 13's ghost, placed at the restorer, forks it
 * and it joins uts:2 first). O(children) per test, O(user-ns depth) each.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { userAtOrBelow } from '../creators/user-orphans.js';
import { ghostPidHelpersOn } from './ghost-pid-helper.js';

/**
 * Can P be born in user ns u as far as its own children go: is each child it must fork itself
 * (P neither an init nor a subreaper, so nothing else hands it one, EXIT-2) in u or below it?
 * True outside the variant. O(children x user-ns depth).
 */
export function kidsForkableFrom(f: Facts, p: Proc, u: string | null): boolean {
  if (f.userBoundCreators !== true || p.isInit || p.leader.subreaper === true) return true;
  for (const c of p.children) {
    const k = f.procs.get(c);
    if (k && !userAtOrBelow(f, k.leader.userns, u)) return false;
  }
  return true;
}

/**
 * The user ns a helper forked by session ghost `ghost` is born in, for the session choice: the
 * ghost's placement's when it is placed already, else the restorer's when the ghost may be placed
 * at the restorer (`rootPlacement`), else unknown (null: no such helper is offered to a member
 * bound by its user ns). Outside the variant, null as before. O(1).
 */
export function ghostHelperUser(f: Facts, placedIn: string | null | undefined, rootPlacement: boolean): string | null {
  // (variant ghostPidHelpers: this count alone, ghost-pid-helper.ts)
  if (f.userBoundCreators !== true && !ghostPidHelpersOn(f)) return null;
  if (placedIn !== undefined) return placedIn;
  return rootPlacement ? f.rootUserNs : null;
}
