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
 *
 * The same parent may also move the child later (laterMove): a process that must leave the group
 * it is born in (a born group g for its own children, or to create its own group for its members)
 * and whose final group it cannot join from its pid ns is moved there by its parent at its join
 * step, after it forked those children and before its execve (PGID-2 step 3 answers EACCES after
 * it). O(levels) per question.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, isRootOwned, pidNsWithin } from '../facts/facts.js';
import { groupGhostPlace } from './group-ghost-ns.js';
import type { CreatorModel, Timing } from './creators.js';
import { actorOf, isSessionLeader, timingIn } from './creators.js';

/**
 * The pid ns group g's leader lives in, when the group is sure to exist there: a live leader's
 * own, or the ghost's of a dead one. For a dead leader whose ghost is not decided yet: where
 * group-ghost-ns.ts will place it, predicted from the image (its candidates' timing in the
 * session does not depend on choices), when it finds a creator; else no claim, since a member
 * moved into the group needs the ghost (seed 782). build.ts checks the ghost placed agrees.
 * O(1) after O(group and session members) once per group.
 */
export function groupLeaderNs(f: Facts, m: CreatorModel, g: number): string | undefined {
  const gl = f.procs.get(g);
  if (gl) return gl.pidns;
  const gh = m.groupGhost.get(g) ?? m.sessionGhost.get(g);
  if (gh) return gh.pidns;
  let memo = placeMemo.get(m);
  if (!memo) placeMemo.set(m, (memo = new Map()));
  const hit = memo.get(g);
  if (hit && hit.born === m.bornSid.size) return hit.ns;
  const members = (f.groups.get(g) ?? []).map((t) => f.procs.get(t)!);
  // (every task gets a creator, or there is no plan: the place predicted from the image)
  const place = members.length === 0 || isRootOwned(f, g) ? undefined : groupGhostPlace(f, m, members, members[0].leader.pgid, () => true);
  const ns = place?.creator ? place.ns : undefined;
  memo.set(g, { born: m.bornSid.size, ns });
  return ns;
}

/**
 * The predicted place of a dead leader's ghost by group, valid while born_sid does not grow (the
 * second attempt's candidates include leaders born in the session, group-ghost-ns.ts; timingIn
 * 'any' of a non-leader does not change with choices).
 */
const placeMemo = new WeakMap<CreatorModel, Map<number, { born: number; ns: string | undefined }>>();

/**
 * Can a task whose active pid ns is `ns` move a child of its into group g (g has a number there,
 * PID-4)? Only in the second plan attempt (CreatorModel.extended, index.ts). Not from the restorer's own pid ns when that is outside the image (the image's numbers
 * do not name its tasks there). O(levels).
 */
export function canMoveFrom(f: Facts, m: CreatorModel, ns: string, g: number): boolean {
  if (m.extended !== true) return false;
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

/**
 * Must p go back to a group it cannot join from its pid ns (PGID-2, PID-4) after leading a group
 * of its own (it leaves its birth group to create it, PGID-3)? Then only its parent can move it
 * back (laterMove). O(levels).
 */
export function returnsToGroup(f: Facts, m: CreatorModel, p: Proc, joinable: boolean): boolean {
  return m.extended === true && !joinable && !isRootOwned(f, p.pgid) && p.pgid !== p.tgid && !isRootOwned(f, p.tgid) && (f.groups.get(p.tgid)?.length ?? 0) > 0;
}

/** Who moves p into its final group at p's join step, and when it is in p's session ('any' for a helper or ghost). */
export interface LaterMove { mover: string; timing: Timing }

/**
 * Does p's parent move it into its final group at p's join step (see the file comment)? Only for
 * a process born in another group (m.bornGroup) or leading a group of its own (returnsToGroup)
 * that cannot join its final group itself (`visible`: build.ts's answer, with ghosts placed),
 * whose parent at that step sees that group from its pid ns: its image parent when that forked
 * it (not with CLONE_PARENT), or the reparent helper or ghost that forked it, until its exit.
 * O(levels).
 */
export function laterMove(f: Facts, m: CreatorModel, p: Proc, visible: boolean): LaterMove | null {
  const c = m.creation.get(p.tgid);
  const bg = m.bornGroup.get(p.tgid);
  // (leaving the group it was born in, as a born group's member or as the leader of its own group)
  const leaves = (bg !== undefined && bg !== p.pgid) || returnsToGroup(f, m, p, false);
  if (!c || visible || !leaves || c.cloneParent || isRootOwned(f, p.pgid) || isSessionLeader(f, p)) return null;
  const sid = isRootOwned(f, p.sid) ? 0 : p.sid;
  if (c.via !== undefined) {
    const h = helperNamed(m, c.via);
    if (!h || !canMoveFrom(f, m, h.pidns, p.pgid)) return null;
    return { mover: h.name, timing: 'any' };
  }
  const by = c.by.startsWith('t') ? f.procs.get(Number(c.by.slice(1))) : undefined;
  if (!by || !canMoveFrom(f, m, by.pidns, p.pgid)) return null;
  const timing = timingIn(f, m, by.tgid, sid);
  return timing === null ? null : { mover: c.by, timing };
}

/**
 * Once the dead leaders' group ghosts are placed (index.ts groupGhosts): a member the facts took
 * for one that sees its group (a pid ns of the leader's level on its own chain) may live beside
 * the ghost's pid ns (two members in sibling pid ns of that level, seed 10798): it cannot join
 * the group, so its forker moves it there at its birth when the forker's pid ns sees the group.
 * O(members of dead-leader groups x levels).
 */
export function movesForGhosts(f: Facts, m: CreatorModel): void {
  for (const [g, gh] of m.groupGhost) {
    for (const t of f.groups.get(g) ?? []) {
      const p = f.procs.get(t)!;
      const c = m.creation.get(t);
      if (!c || c.cloneParent || c.moveTo !== undefined || pidNsWithin(f, gh.pidns, p.pidns)) continue;
      const by = c.by.startsWith('t') ? f.procs.get(Number(c.by.slice(1)))?.pidns : c.by.startsWith('h') ? helperNamed(m, c.by)?.pidns : f.hostPidNs;
      if (by === undefined || !canMoveFrom(f, m, by, g)) continue;
      c.moveTo = g;
      c.why += `; moved into group ${g} by its creator right after the fork, since it lives beside its ghost's pid ns (PGID-2, PID-4)`;
    }
  }
}

/** Helpers by name, re-indexed when m.helpers has grown (it only grows): O(1) amortised. */
const helperIx = new WeakMap<CreatorModel, { n: number; byName: Map<string, CreatorModel['helpers'][number]> }>();
function helperNamed(m: CreatorModel, name: string): CreatorModel['helpers'][number] | undefined {
  let ix = helperIx.get(m);
  if (!ix || ix.n !== m.helpers.length) {
    const byName = new Map<string, CreatorModel['helpers'][number]>();
    for (const h of m.helpers) if (!byName.has(h.name)) byName.set(h.name, h);
    helperIx.set(m, (ix = { n: m.helpers.length, byName }));
  }
  return ix.byName.get(name);
}
