/**
 * A dead thread-group leader as a relay of an fd table on a creator chain (FORK-4, UNSH-1,
 * EXIT-1; planner/sharing/files-relays.ts, re-plan variant `shares`): in the image's history a process
 * R was born sharing table T (CLONE_FILES from its creator), forked the next process on the chain
 * with CLONE_FILES, and its leader thread exited later while its threads live on (seed 14181:
 * 3 forked 6, 6 forked 10, both with CLONE_FILES; 6's leader died, its thread 15 lives).
 *
 * A dead leader holds no table in the image (its exit dropped its reference, EXIT-1); its
 * threads hold theirs, which planner/graph/stand-ins.ts gives the leader as its stand-in (eff). The
 * relay is then the live one's: R forks the chain child with CLONE_FILES, takes its own copy by
 * unshare(CLONE_FILES) (UNSH-1: that copy is the stand-in table), forks the threads sharing it
 * after, and its leader exits alone in the final phase (final-phase.ts dexit), after the unshare.
 * build.ts reads a creator through its stand-in, so deadRelayPasses gives the chain child its
 * CLONE_FILES.
 * Only for an fd table, and only when the leader's stand-in is another task's (its threads'). O(1).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { ROOT } from '../facts/facts.js';

export function isDeadLeaderRelay(r: Task, isFiles: boolean, eff: (t: Task) => Task, execOk = false): boolean {
  // (execOk, variant chainRelays: an execve'd one too, its execve making the copy, chain-relays.ts)
  return isFiles && r.pid[0] === r.tgid && r.state === 'dead' && (r.execed !== true || execOk) && eff(r) !== r && eff(r).files !== null;
}

/**
 * Does the creator fork `child` with CLONE_FILES as a chain of dead-leader relays needs, which
 * build.ts's reading through stand-ins misses? `birth`: relays' birth tables (files-relays.ts).
 * Either `cr` is a dead-leader relay passing its birth table on (child as at its birth holds
 * it), or `child` is one, born sharing its birth table from its creator (a relay passing that
 * table, or a holder of it; `byRoot`: the restorer, when it passes it).
 */
export function deadRelayPasses(cr: Task | undefined, byRoot: boolean, child: Task, childAtBirth: Task, birth: ReadonlyMap<number, string>, eff: (t: Task) => Task): boolean {
  if (cr && isDeadLeaderRelay(cr, true, eff, true)) {
    const o = birth.get(cr.pid[0]);
    if (o !== undefined && childAtBirth.files === o) return true;
  }
  if (!isDeadLeaderRelay(child, true, eff, true)) return false;
  const o = birth.get(child.pid[0]);
  if (o === undefined) return false;
  if (byRoot) return birth.get(ROOT) === o;
  if (!cr) return false;
  return (birth.get(cr.pid[0]) ?? eff(cr).files) === o;
}
