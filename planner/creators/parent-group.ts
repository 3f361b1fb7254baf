/**
 * A parent moves its child into a group the child's pid ns cannot see (PGID-1, PGID-2, PID-4).
 *
 * setpgid(pid, pgid) looks both numbers up in the CALLER's active pid ns (PGID-1). A task whose
 * group has no number in its own pid ns cannot join it itself, but its parent, living in an
 * ancestor pid ns that sees both the child and the group, can move it there: the target is the
 * caller's child in the caller's session, has not called execve (PF_FORKNOEXEC, else EACCES),
 * is no session leader, and the group exists in that session (PGID-2 steps 3-5). Histories do
 * this (seed 3699: t2 calls setpgid(45, 8) for its child 45 in a sibling pid ns of group 8's
 * leader), and no creator then ever has to be in the group: the child need not inherit it.
 *
 * Offered as a re-plan (planner/index.ts): an attempt that ends undecided is tried again with
 * these moves, so plans found without them stay as they were. Eligible: a live image parent
 * (its leader thread alive, so the parent process can call), in the child's session for good,
 * living in a pid ns where the group has a number, in the child's session (for good, or born in
 * it before its own setsid). The join step then runs from the parent, before the child's execve,
 * after the parent's own setsid when it leads the child's session, before it when it leads
 * another (planner/graph/build.ts). O(processes x levels).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';

/** Can p's image parent move p into p's group, which p's pid ns cannot see? O(levels). */
export function parentCanMove(f: Facts, p: Proc): boolean {
  if (p.groupInNs || isRootOwned(f, p.pgid) || p.sid === p.tgid || p.pgid === p.tgid) return false;
  const par = f.procs.get(p.parent);
  if (!par || par.zombie || (par.leader.state !== 'running' && par.leader.state !== 'stopped')) return false;
  // the caller is in the target's session (PGID-2 step 3): for good, or before its own setsid
  // when it is born in that session (born_sid, known once sessions are decided: build.ts checks)
  if (isRootOwned(f, p.sid) || (par.sid !== p.sid && par.sid !== par.tgid)) return false;
  // the group has a number in the parent's pid ns: its leader's ns is the parent's or below
  const len = p.leader.pgid.length;
  if (len <= par.level) return false;
  const gl = f.procs.get(p.pgid);
  const gns = gl && gl.leader.pid.length === len ? gl.pidns : pidNsAtLevel(f, p.pidns, len - 1);
  return gns !== undefined && pidNsWithin(f, gns, par.pidns);
}

/** Marks every process whose parent can move it into its group (Proc.groupByParent). Returns how many. */
export function enableParentMoves(f: Facts): number {
  let n = 0;
  for (const p of f.procs.values()) if (parentCanMove(f, p)) { p.groupByParent = true; n++; }
  return n;
}

/** Does the image have a process whose parent could move it into its group? O(processes x levels). */
export function anyParentMove(f: Facts): boolean {
  for (const p of f.procs.values()) if (parentCanMove(f, p)) return true;
  return false;
}
