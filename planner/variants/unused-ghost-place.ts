/**
 * Re-plan variant `unusedGhostPlaces` (index.ts CYCLE_VARIANTS): a session's ghost that no member's
 * choice uses (sessions.ts apply: none forks or CLONE_PARENTs a member through it) is placed under
 * the first of its placements that no lift made born in the session, rather than the first.
 *
 * Rules served (docs/kernel-rules.md): a session whose leader is dead needs a ghost whose pid is
 * the session's number to call setsid (SID-2, SID-3, PID-3); a dead group leader's group of that
 * session needs a ghost too, forked by a task of the session (the session's ghost, FORK-6) that
 * calls setpgid(0, 0) (PGID-3); every creator exists before what it creates (FORK-1). A lift
 * makes a member's parent P born in the session to fork it before P's own setsid (SID-2), and P
 * is then created by a task of the session: here the group's ghost, which the session's ghost
 * forks. The unused ghost's first placement is P's own (the member's parent): the ghost would be
 * forked by P, and "session ghost created by P -> group ghost -> create P" is a cycle. Placed
 * under another of its placements (a parent of an open member or of a lifted one, all in pid
 * namespaces where the ghost's numbers live: sessions.ts addPlacement), its place is free.
 *
 * Seed 53490: session 19 and group 22 have dead leaders; 44, the init of pid:5 in both, is the
 * child of 38, which leads session 38 and is lifted into session 19 and group 22 to fork 44
 * before its setsid. Session 19's ghost, used by no member, was placed under 38 (44's parent);
 * it is placed under 13 (38's parent, the init of pid:1) instead, forks group 22's ghost, which
 * forks 38.
 *
 * O(placements) per session whose ghost no member uses.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setUnusedGhostPlaces(m: CreatorModel): void {
  on.add(m);
}

/** Is the variant on? */
export function unusedGhostPlaces(m: CreatorModel): boolean {
  return on.has(m);
}

/** The first placement of session n's unused ghost that no lift made born in n, or undefined. O(placements). */
export function freePlacement(m: CreatorModel, n: number, placements: Iterable<number>): number | undefined {
  for (const q of placements) if (m.bornSid.get(q) !== n) return q;
  return undefined;
}

/** The first answer's cycle this variant serves: a session's ghost forking a group's ghost, placed under a task that group's ghost creates. */
export const GHOST_UNDER_LIFTED = /"(h\d+) \(session-ghost\) created by t\d+" must happen before "h\d+ \(group-ghost\) created by \1"/;
