/**
 * Re-plan variant `zombieMovers` (index.ts VARIANTS, with `extended` and `movedBornGroups`): a
 * process born in a group for a child that must inherit it, which cannot join its own final
 * group from its pid ns and whose image parent cannot move it there, is forked by a zombie of
 * that born group whose exit hands it to its parent, and the zombie moves it into its final
 * group before exiting.
 *
 * Rules served (docs/kernel-rules.md): a child inherits its creator's group at fork (FORK-6); a
 * group with no number in a process's pid ns cannot be joined by it (PGID-2, PID-4), but its
 * parent may move it there while both are in one session and it has not called execve (PGID-2
 * step 3), the numbers read in the parent's pid ns (PGID-1); a zombie's children reparent at its
 * exit to the nearest subreaper above it or its pid ns's init (EXIT-2). moved-born-group.ts lets
 * only the image parent move it (its parent for good); a zombie Z is the process's parent until
 * Z's final exit, so Z moves it (parent-moves.ts laterMove: the creator that forked it) before.
 *
 * Seed 38474: 4 (a zombie, session 2, group 2, in the restorer's pid ns with pid_for_children
 * pid:2) forked 31 into pid:2, 31 forked 32 there (group 2, which pid:2 cannot see), then 4 moved
 * 31 into group 3 and exited, handing 31 to the restorer.
 *
 * The forced creators (creators.ts groupSibling) then leave such a process to its session's
 * choice rather than to a sibling in the born group forking it with CLONE_PARENT, which could not
 * move it; there a zombie of the group forks it (sessions.ts zfork), and build.ts orders the move
 * before the zombie's final exit. Offered only in the re-plan variant, after a first answer naming
 * a member no task of its session can create. O(group members x depth) per question.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, isSessionLeader, makeReaper } from '../creators/creators.js';
import { canMoveFrom } from '../creators/parent-moves.js';

const on = new WeakSet<CreatorModel>();

export function setZombieMovers(m: CreatorModel): void {
  on.add(m);
}

/** Is the variant on in this attempt? (build.ts orders a zombie mover's move before its exit) */
export function zombieMovers(m: CreatorModel): boolean {
  return on.has(m);
}

/** May a zombie of group g fork par in g and move it into par's final group later (see the file comment)? */
export function zombieMovesLater(f: Facts, m: CreatorModel, par: Proc, g: number): boolean {
  if (!on.has(m) || m.extended !== true || isSessionLeader(f, par) || par.isInit) return false;
  const reaper = makeReaper(f, m);
  for (const z of f.groups.get(g) ?? []) {
    const zp = f.procs.get(z);
    if (!zp || !zp.zombie || zp.isInit || zp.sid !== par.sid || isSessionLeader(f, zp) || zp.leader.subreaper === true) continue;
    if (!canCreateIn(f, zp.pidns, par) || !canMoveFrom(f, m, zp.pidns, par.pgid)) continue;
    if (reaper(actorOf(zp.parent), zp.pidns) === par.parent) return true;
  }
  return false;
}
