/**
 * Re-plan variant `zombieLeavers` (index.ts): a zombie that led a group it left before its exit
 * forks, while it still leads that group, a member that can only inherit the group, and its own
 * exit in the final phase hands the member to its image parent.
 *
 * Rules served (docs/kernel-rules.md): a group can only be (re)created by the task whose pid it
 * is, setpgid(0, 0) (PGID-3); a process whose group has no number in its pid ns, or that must be
 * in it when it forks such a child, can only inherit it at fork (PGID-2, PID-4, FORK-6); the
 * group outlives its leader's leaving while it has members (PGID-3), so the leader may join its
 * final group afterwards (PGID-2); a zombie's children reparent at its exit to the nearest
 * subreaper above it or its pid ns's init (EXIT-2). So zombie Z, leader of group g in the image
 * history but finally in another group of the same session, makes g by setpgid(0, 0), forks p
 * there (p's pid ns below Z's as needed: an init through CLONE_NEWPID, FORK-7), joins its final
 * group, and exits last, handing p to p's parent.
 *
 * Seed 71345: 63 (session 8, the init of its own user and pid ns, parent the restorer) is in
 * group 54, which its pid ns cannot see; 54, a zombie now in group 8, made group 54, forked 63
 * there, joined group 8 and exited, handing 63 to the restorer. Without this, only zombies whose
 * final group is g are offered as creators of a member born in g (sessions.ts zombiesFor), and
 * leaving-leader.ts's leaders are live siblings forking with CLONE_PARENT.
 *
 * The build's walk of a group invisible in its pid ns already anchors the chain at g's leader
 * ("g's leader is in g from its own setpgid(0, 0), even when it leaves g later", build.ts) and
 * orders the member's birth between the leader's `group` and `join` steps.
 *
 * Offered only in the re-plan variant, after a first answer naming a member no task of its
 * session can create, for an image with such a zombie. O(1) per question, O(processes) for the gate.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { isRootOwned } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { isSessionLeader } from '../creators/creators.js';

const leavers = new WeakSet<CreatorModel>();

export function setZombieLeavers(m: CreatorModel): void {
  leavers.add(m);
}

/** Is z a zombie leader of group g (its own pid) that finally is in another group, not an init, not a session leader? */
function leftZombie(f: Facts, z: Proc | undefined, g: number): z is Proc {
  return z !== undefined && z.tgid === g && z.zombie && z.pgid !== g && !z.isInit && !isSessionLeader(f, z) && !isRootOwned(f, g);
}

/**
 * With the variant: g's leader, when it is such a zombie; the caller offers it among g's zombies
 * (its session, timing and heir are checked there as for any zombie).
 */
export function zombieLeaderOf(f: Facts, m: CreatorModel, g: number): number | undefined {
  return leavers.has(m) && leftZombie(f, f.procs.get(g), g) ? g : undefined;
}

/** Does the image hold a zombie that left the group it leads while a member stays in it? (the variant's gate) O(processes) */
export function anyZombieLeaver(f: Facts): boolean {
  for (const p of f.procs.values()) if (p.zombie && p.pgid !== p.tgid && (f.groups.get(p.tgid)?.length ?? 0) > 0 && leftZombie(f, p, p.tgid)) return true;
  return false;
}
