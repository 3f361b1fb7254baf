/**
 * Re-plan variant `initSharers` (index.ts CYCLE_VARIANTS; FORK-3, FORK-4, FORK-7, FORK-9): a
 * pid-ns init is never created by a sibling sharing its fd table, fs_struct or mm from inside the
 * init's own pid ns.
 *
 * The forced phase (creators.ts sharerOf) lets the first holder of what a process shares, a
 * sibling in the same pid ns, create it with CLONE_PARENT|CLONE_FILES/FS/VM. For a pid-ns init
 * that sibling lives in the init's pid ns, born after the init (a pid ns's first task is its init,
 * FORK-9; a task never changes its own pid ns, PID-1), and CLONE_NEWPID makes the init a child of
 * the creator's pid ns (FORK-7): the choice closes the cycle "create sibling" -> "create init" ->
 * "create sibling" (seeds 50331: init 55 of pid:3 and 5, a member of pid:3; 76743: init 179 of
 * pid:7 and 39). Without it the init takes the creators of any process of its session (its
 * parent, a sibling from its parent pid ns, a ghost or a helper), and the sharing constructions
 * (sharers.ts, share-carriers.ts ...) give it the object, or the sibling gets it from the init.
 * Offered only after a first answer naming an ordering cycle: the forced phase keeps its choices
 * otherwise, so plans found before stay as they were. O(1) per query.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { canCreateIn } from '../facts/facts.js';

/** Under the variant, can sharer `r` not create `p` (p a pid-ns init, r in p's own pid ns or below)? O(1). */
export function sharerBelowInit(f: Facts, m: CreatorModel, p: Proc, r: number): boolean {
  if (!m.initSharers || !p.isInit) return false;
  const rp = f.procs.get(r);
  return rp !== undefined && !canCreateIn(f, rp.pidns, p);
}
