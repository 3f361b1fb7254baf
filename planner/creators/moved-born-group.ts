/**
 * Re-plan variant `movedBornGroups` (index.ts): a process born in group g for a child that must
 * inherit g (a born group, creators.ts bornGroup), although it cannot join its own final group
 * from its pid ns, is moved there later by its parent.
 *
 * Rules served (docs/kernel-rules.md): a child inherits its creator's group at fork (FORK-6); a
 * group with no number in a process's pid ns cannot be joined by it (PGID-2, PID-4), but its
 * parent may move it there while both are in one session and it has not called execve (PGID-2
 * step 3), which parent-moves.ts laterMove emits at the process's join step, after it forked its
 * born group's children. The born-group walk (creators.ts forcedCreators) stopped at such a
 * parent ("it could never move to its final group from its pid ns afterwards", seed 1640): true
 * by itself, not with its parent's help.
 *
 * Seed 3699: 3 (then in session 2 and group 2) forked 45 into pid:1 with a new user ns; 45 forked
 * 49 with CLONE_FS (so only 45 can create it, FORK-4), in group 2 which pid:1 cannot see; then 3
 * moved 45 into group 8 (led from pid:2, which pid:1 cannot see either) and called setsid.
 *
 * Offered only in the re-plan variant (with the extended model that laterMove needs): the walk
 * then gives more processes a born group, which would change plans found today. O(levels).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { isSessionLeader } from './creators.js';
import { canMoveFrom } from './parent-moves.js';

/** Can par, which cannot join its final group itself, be born in another and moved there later by its parent? */
export function parentMovesLater(f: Facts, m: CreatorModel, par: Proc): boolean {
  if (m.movedBornGroups !== true || m.extended !== true || isSessionLeader(f, par) || par.isInit) return false;
  const pp = f.procs.get(par.parent);
  return pp !== undefined && canMoveFrom(f, m, pp.pidns, par.pgid);
}

/**
 * Is p born in a group other than its final one, which it cannot join itself, so that only its
 * parent moves it there later? Then its parent forks it (sessions.ts lifts it: the parent is born
 * in p's session when it is not in it for good), as no other creator leaves it that parent's
 * child in the session at its join step (a CLONE_PARENT sibling, a ghost and a helper's exit
 * give it the parent, but the parent may be in no session of theirs then). O(levels).
 */
export function bornForParentMove(f: Facts, m: CreatorModel, p: Proc): boolean {
  const bg = m.bornGroup.get(p.tgid);
  return bg !== undefined && bg !== p.pgid && !groupJoinable(p) && parentMovesLater(f, m, p);
}
