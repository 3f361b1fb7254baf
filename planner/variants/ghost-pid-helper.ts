/**
 * Re-plan variant `ghostPidHelpers` (index.ts VARIANTS; SID-2, SETNS-4, SETNS-5, EXIT-2, FORK-6):
 * the reparent helper a session's ghost forks into the pid ns whose init is a member's parent
 * (sessions.ts, helper-heirs.ts childNsForHeir) counts, for a member bound by its user ns
 * (user-orphans.ts parentBornAbove), in the user ns the ghost is placed in, or the restorer's
 * when the ghost may be placed at the restorer. Alone: the other choices stay as the first
 * attempt made them.
 *
 * The member M is the child of init I of a pid ns owned by I's own user ns U, and M's user ns is
 * not U or below it, so I never forked M (credentials only move down, SETNS-4, UNSH-3): a task
 * of an upper user ns forked M into I's pid ns and died, and the kernel handed the orphan to I
 * (EXIT-2). In session S, that creator is the helper S's ghost forks: the ghost (in S, FORK-6)
 * points its pid_for_children at I's pid ns (SETNS-5: the ghost placed at the restorer holds
 * every capability over U) and forks the helper there, which forks M in S and exits. The helper
 * is born in the ghost's user ns, so at the restorer it is at or above M's and M moves down into
 * its own (SETNS-4). The first attempt counted that helper in no user ns (the ghost is placed
 * only after the members' choices) and dropped it for such a member; user-bound-creators.ts
 * counts it as here, but only together with its wider user-ns bounds on every member, which it
 * tries after a SETNS-4 answer only. A member that no other task of its session can create then
 * stops the first attempt on SID-2, and this variant runs after that answer.
 *
 * Seed 98378: 28 (user:0, session 5) is the child of 9, init of pid:2 born in user:2; session 5's
 * ghost h1, placed at the restorer, enters pid:2 as pid_for_children and forks h2, which forks 28
 * and exits, so 28 goes to 9. Without the variant, 28 has no creator (SID-2).
 *
 * Like every variant, its plans are verified, so an optimistic count (a ghost placed elsewhere
 * at last) can only leave the image undecided. State per Facts (a WeakSet), so shared modules
 * gain no field. O(1) per call.
 */
import type { Facts } from '../facts/facts.js';

const on = new WeakSet<Facts>();

export function setGhostPidHelpers(f: Facts): void {
  on.add(f);
}

/** In the variant, is the user ns of a helper forked by a session's ghost the ghost's placement's? */
export function ghostPidHelpersOn(f: Facts): boolean {
  return on.has(f);
}
