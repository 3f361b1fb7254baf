/**
 * A parent moves its new child into a group: setpgid(child, g) right after the fork.
 *
 * Rules served (docs/kernel-rules.md): PGID-2 step 3 lets a caller move a child of its own
 * thread group while the child has not called execve, when both are in one session; step 5 needs
 * group g to have a member in that session, and both numbers are looked up in the caller's active
 * pid ns (PGID-1, PID-4). So a process whose group has no number in its own pid ns (it could never
 * join it itself, PGID-2, PID-4), or which must be in group g when it forks such a child (a born
 * group), need not inherit g from a creator already in it: its creator forks it in its own group
 * and moves it into g at once, provided the creator's pid ns sees g. The creator is its parent at
 * birth: an image task forking without CLONE_PARENT, a reparent helper, a zombie or a ghost that
 * forks it (FORK-3: with CLONE_PARENT the caller is not the parent and cannot move it).
 *
 * The model records the move on the creation (Creation.moveTo); build.ts emits it in the child's
 * creation step and orders that step after g exists and before g's last holder leaves it.
 * O(levels) per question.
 */
import type { Facts } from './facts.js';
import { ROOT, pidNsWithin } from './facts.js';
import type { CreatorModel } from './creators.js';

/**
 * The pid ns group g's leader lives in, when the group is sure to exist there: a live leader's
 * own, or the ghost's of a dead one. Undefined for a dead leader whose ghost is not decided yet:
 * where and by whom it can be made is group-ghost-ns.ts's question, and a member moved into the
 * group would need it (seed 782), so no claim.
 */
export function groupLeaderNs(f: Facts, m: CreatorModel, g: number): string | undefined {
  const gl = f.procs.get(g);
  if (gl) return gl.pidns;
  return (m.groupGhost.get(g) ?? m.sessionGhost.get(g))?.pidns;
}

/**
 * Can a task whose active pid ns is `ns` move a child of its into group g (g has a number there,
 * PID-4)? Not from the restorer's own pid ns when that is outside the image (the image's numbers
 * do not name its tasks there). O(levels).
 */
export function canMoveFrom(f: Facts, m: CreatorModel, ns: string, g: number): boolean {
  if (ns === f.hostPidNs && !f.rootPidNsExternal) return false;
  if (g === ROOT) return false;
  const lns = groupLeaderNs(f, m, g);
  return lns !== undefined && pidNsWithin(f, lns, ns);
}

/** Group g's numbers per level, outermost first (from its leader or any member, ID_VECTOR_MISMATCH keeps them equal). */
export function groupVector(f: Facts, m: CreatorModel, g: number): number[] | undefined {
  const gl = f.procs.get(g);
  if (gl) return gl.leader.pid;
  const mem = f.procs.get(f.groups.get(g)?.[0] ?? -1);
  if (mem) return mem.leader.pgid;
  return (m.groupGhost.get(g) ?? m.sessionGhost.get(g))?.vector ?? undefined;
}
