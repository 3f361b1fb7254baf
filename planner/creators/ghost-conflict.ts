/**
 * A session's ghost needed under two parents (planner/creators/sessions.ts), as a re-plan (index.ts).
 *
 * One ghost (pid = sid, SID-2, SID-3) serves a dead leader's session, under one parent; its
 * number stays taken while the session lives (PID-3), so there is no second one. Members that only
 * the ghost can create, each under another parent, conflict; sessions.ts lifts some of them (their
 * ancestors fork them before their own setsid). When that does not reconcile them, the attempt
 * fails ("needed the ghost under Q but it was placed under Q'") and a re-plan of that session
 * offers two more ways, both the kernel's (the session is named in the re-plan's avoid set):
 *
 * - Late subreaper for the ghost: PR_SET_CHILD_SUBREAPER may be set at any time (EXIT-3). A ghost
 *   placed under (or below) a subreaper S whose exit comes before S sets its flag hands what it
 *   forked past S to S's own reaper (EXIT-2): a member whose parent is that reaper is a ghostFork
 *   of the placement that serves the others (seeds 2220, 10882: S is the placement itself).
 *   helper-heirs.ts orders the ghost's exit before S's flag (HelperSpec.lateSubreaper). A
 *   placement's ghost exits once: its late and plain forks exclude each other (the LP says so).
 * - Lifting past a leader born in another session: a member is lifted when its nearest leader
 *   ancestor can still be born in the session; the leaders further up (its lift path) matter only
 *   if that one must be lifted in turn (seed 3653: 23 is born in session 17 and forks 35 before
 *   its setsid; 23's parent 15, born in session 2, need not be).
 * O(1) per member and placement on top of sessions.ts.
 */
import type { CreatorModel } from './creators.js';
import type { Avoid } from './sessions.js';

/** The Avoid key, on a session's number, of a re-plan after its ghost was needed under two parents. */
export const GHOST_CONFLICT = 'ghost-conflict';

const conflicts = new WeakMap<CreatorModel, Set<number>>();

/** Session n's ghost was needed under two parents in this attempt. */
export function noteGhostConflict(m: CreatorModel, n: number): void {
  const s = conflicts.get(m) ?? new Set<number>();
  s.add(n);
  conflicts.set(m, s);
}

/** The sessions of this attempt whose ghost was needed under two parents, as Avoid entries for the re-plan. */
export function ghostConflictsToAvoid(m: CreatorModel, out: Avoid): void {
  for (const n of conflicts.get(m) ?? []) out.set(n, new Set([GHOST_CONFLICT]));
}

/** Is session n re-planned after a ghost conflict? O(1). */
export function inGhostConflict(avoid: Avoid | undefined, n: number): boolean {
  return avoid?.get(n)?.has(GHOST_CONFLICT) === true;
}
