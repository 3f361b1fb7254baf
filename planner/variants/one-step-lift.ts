/**
 * Re-plan variant `oneStepLifts` (index.ts VARIANTS): a member with no creator in its session n is
 * lifted (its parent forks it before its own setsid, SID-2 born_sid) even when an ancestor further
 * up its lift path was born in another session, as long as the parent itself is free to be born
 * in n. The parent then joins the component and is created there like any member: by a sibling
 * with CLONE_PARENT, a session zombie whose exit hands it to its parent (EXIT-2), a helper...;
 * only when it has no creator either is the next ancestor asked in turn. The first attempt
 * refuses such a lift (the whole path must be free), which left members whose parent was born in
 * the session by a zombie of it (the parent's own parent never in it) undecided.
 * `extended` attempts lift one step too, but with every other extended construction on.
 * O(1) per lift.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

/** This attempt lifts a member when its parent alone is free to be born in the session. */
export function setOneStepLifts(m: CreatorModel): void {
  on.add(m);
}

export function oneStepLifts(m: CreatorModel): boolean {
  return on.has(m);
}

/** The first attempt's answer this variant is tried after (index.ts): a member no task of its session can create. */
export const NO_SESSION_CREATOR = /must be born in session \d+ with parent .*, but no task of that session can create it there/;

const loose = new WeakSet<CreatorModel>();

/**
 * Variant `looseZombies` (same file, same answer): a member with no creator in its session, whose
 * group it can join itself, is offered the session's zombies whose exit hands it to its parent
 * even when a zombie's own creator chain is still open (sessions.ts settledChain `loose`), as
 * members that must inherit their group already are. A zombie that forks the member and exits
 * reparents it to the zombie's heir (EXIT-2); a cycle closed by the choice (a zombie forking one
 * of its own creators) is dropped by the choice loop or caught by the schedule. The first attempt
 * offers such zombies only with their chains decided (seed 92459: zombie 17, forked through
 * members still open, is the only task of session 4 whose exit hands 262 to its parent 7).
 */
export function setLooseZombies(m: CreatorModel): void {
  loose.add(m);
}

export function looseZombies(m: CreatorModel): boolean {
  return loose.has(m);
}
