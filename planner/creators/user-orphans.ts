/**
 * Processes their image parent can never fork, for want of a user ns (SETNS-4, UNSH-3).
 *
 * A child is born with its creator's credentials and can then only move DOWN the user-ns tree.
 * The init of a pid ns owned by its own user ns U (U not the environment's) is born in U: it is
 * created with CLONE_NEWUSER|CLONE_NEWPID, or by a maker that entered U first (build.ts). So a
 * child of that init whose user ns is not U or below it (seed 1740: zombie 14 in user:0 under
 * init 5 in user:1) was not forked by it: a task of an upper user ns forked it into the init's
 * pid ns and died, and the kernel handed the orphan to that ns's init (EXIT-2). The session
 * choice (sessions.ts) then looks for such a creator: a zombie, a sibling (CLONE_PARENT) or a
 * reparent helper forked into that pid ns (helper-heirs.ts childNsForHeir), each from a user ns
 * at or above the child's. O(1) per process after O(user-ns depth).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { kidsForkableFrom } from '../variants/user-bound-creators.js';

/** Is user ns `a` equal to `b` or below it? O(depth). */
export function userAtOrBelow(f: Facts, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  for (let x: string | null | undefined = a, guard = 0; x && guard < 64; guard++) {
    if (x === b) return true;
    x = f.nsById.get(x)?.parent;
  }
  return false;
}

/**
 * The user ns process p's image parent is certainly born in, when p's own user ns is not at or
 * below it (so the parent cannot fork p); undefined otherwise. Only the certain case: a parent
 * that is the init of a pid ns owned by the parent's own (non-environment) user ns, or by one
 * above the parent's final user ns (the init was born at or below that owner).
 */
export function parentBornAbove(f: Facts, p: Proc): string | undefined {
  const q = f.procs.get(p.parent);
  if (!q || !q.isInit) return undefined;
  const u = q.leader.userns;
  const def = f.pidns.get(q.pidns)?.ns;
  if (!u || u === f.rootUserNs || !def || !def.owner || f.nsById.get(def.owner)?.external) return undefined;
  // (an init that moved further down after its birth, seed 8538: init 15 of pid:2, owned by
  // user:10, ends in user:3 below it. Its creator was in the owner when it made the pid ns
  // (OWN-1) and could only move down from there before the fork, so the init is born at or
  // below the owner: a child not at or below the owner was not forked by it either.)
  const o = def.owner === u ? u : userAtOrBelow(f, u, def.owner) ? def.owner : undefined;
  if (o === undefined) return undefined;
  // (variant userBoundCreators: or p must be born above o for a child it forks itself, user-bound-creators.ts)
  return userAtOrBelow(f, p.leader.userns, o) && kidsForkableFrom(f, p, o) ? undefined : o;
}

/** Can a creator whose final user ns is `cu` fork p (p's user ns at or below cu)? A creator's birth user ns is at or above its final one, so this is a safe test. */
export function canForkUser(f: Facts, cu: string | null, p: Proc): boolean {
  return userAtOrBelow(f, p.leader.userns, cu) && kidsForkableFrom(f, p, cu);
}

/** Free session leaders (no born_sid) their parent cannot fork, per model: decided last. */
const leadersOf = new WeakMap<CreatorModel, number[]>();

export function noteUserOrphanLeader(m: CreatorModel, tgid: number): void {
  const l = leadersOf.get(m);
  if (l) l.push(tgid);
  else leadersOf.set(m, [tgid]);
}

/**
 * The free leaders noted by forcedCreators that no session's choice decided (a lift into a
 * session decides one with that session's members). Each is then born in the restorer's session
 * (born_sid 0; it calls setsid later), whose choice finds it a creator at or above its user ns.
 * Call after every session was decided, then decide session 0 for them. O(their number).
 */
export function userOrphanLeaders(m: CreatorModel): number[] {
  return (leadersOf.get(m) ?? []).filter((t) => !m.creation.has(t) && !m.bornSid.has(t));
}
