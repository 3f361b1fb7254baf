/**
 * Re-plan variant `ownBornBelow`: the component choices behind every member born in a user ns
 * below its final one, banned at once (SETNS-4, UNSH-3, OWN-1).
 *
 * Credentials only move down the user-ns tree (SETNS-4, UNSH-3) and a child is born with its
 * creator's (FORK-9). born-user-choices.ts bans the choice behind one member born below its
 * final user ns per re-plan, read from build.ts's first failure. Two shapes defeat that:
 * - a pid-ns init whose creator sits in another user ns than the pid ns's owner (OWN-1) is
 *   checked before the born-below members, so the first failure names no member at all, while
 *   the cause is a member the session components had born through a carrier in a lower user ns
 *   (seed 82604: 5, which ends in user:0 and creates init 7 of pid:2 owned by user:0, was given
 *   a reparent helper carried by zombie 44 of user:1, so 5 and its init were born in user:1;
 *   its parent 4 forks it in user:0 before its own switch once that choice is banned);
 * - several members, each born below its final user ns through the same carriers, take one
 *   re-plan each and run past MAX_REPLANS (seed 70458: 15, 20 and 23 through 46 and 19).
 * With the variant, build.ts's SETNS-4 check lists every member born below its final user ns
 * (not only the first), and the re-plan avoids the choice behind each (bornBelowChoices), as
 * born-user-choices.ts does for one. The kernel and the first attempt are unchanged.
 * O(failures * helpers) per re-plan.
 */
import type { CreatorModel } from '../creators/creators.js';
import type { Avoid } from '../creators/sessions.js';
import { bornUserChoices } from '../creators/born-user-choices.js';

/** The choices behind every born-below failure among `reasons` (build.ts's), merged into `into` (mutated). */
export function bornBelowChoices(into: Avoid, reasons: readonly string[], m: CreatorModel, tgidOf: (tid: number) => number | undefined, chosen: ReadonlySet<number>): Avoid {
  for (const r of reasons) {
    for (const [t, keys] of bornUserChoices(r, m, tgidOf, chosen)) into.set(t, new Set([...(into.get(t) ?? []), ...keys]));
  }
  return into;
}
