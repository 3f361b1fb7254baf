/**
 * Re-plan variant `groupGhostHeirs` (index.ts VARIANTS; with group-ghost-heirs.ts): a member of
 * session n that may join its group (or needs none) is offered every zombie of the session whose
 * exit hands it to its image parent (EXIT-2, EXIT-4: zfork in sessions.ts), not only those among
 * the session's first four zombies. A zombie in a pid ns whose init is the member's parent, with
 * its own parent outside that ns, hands its orphans to that init (EXIT-2: the subreaper walk stays
 * in the exiting task's pid ns). Seed 36440: 32, in pid:1 and user:0, is a child of 4, the init of
 * pid:1 in user:1, which cannot fork it (a user ns above its own); session 8's zombie 28 in pid:1,
 * the restorer's child, forks it, and its exit hands 32 to 4; 28 is the session's fifth zombie.
 * Tried only after an undecided answer, so plans found without it stay as they were.
 * O(session members) once per session component.
 */
import type { CreatorModel } from './creators.js';

/** Is the variant on? */
export function zombieHeirs(m: CreatorModel): boolean {
  return m.groupGhostHeirs === true;
}
