/**
 * Re-plan variant `leavingLeaders` (index.ts): a group's live leader that has left its group
 * still creates the group's members, with CLONE_PARENT, while it is in it.
 *
 * Rules served (docs/kernel-rules.md): a process whose group has no number in its pid ns can
 * only inherit that group at fork (PGID-2, PID-4); CLONE_PARENT gives the child the caller's
 * parent and keeps the caller's session and group (FORK-3); a group outlives its leader's leaving
 * while it has members (PGID-3). So the leader L of group g, a sibling of p in p's session,
 * creates g by setpgid(0, 0), forks p with CLONE_PARENT (p inherits g and the session, its parent
 * is L's parent), and only then joins its own final group. The build orders p's birth between
 * L's `group` and `join` steps (build.ts, the creators walk of a group invisible in its pid ns:
 * "g's leader is in g from its own setpgid(0, 0), even when it leaves g later").
 *
 * Seed 5717: t6 (pid 7) made group 7, unshared a pid ns, CLONE_PARENTed t9 (pid 9) into it, then
 * moved to group 2; t9, at pid-ns level 1, cannot see group 7 and is left in it with the restorer
 * as its parent. Without this, siblings count only when their final group is p's (creators.ts
 * siblingCandidates), so no task of session 2 could create it there.
 *
 * Offered only in the re-plan variant: it adds candidates, which could change choices that
 * verified plans make today. O(1) per question.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { isSessionLeader } from './creators.js';
import { canMoveFrom } from './parent-moves.js';

/**
 * May sibling r create p with CLONE_PARENT while r leads group g, which r leaves afterwards?
 * (r's final group is another; a session leader stays in its own group from its setsid, SID-2,
 * so only a non-leader of its session, or one born in it, qualifies: the caller checks the session.)
 */
export function leavesLedGroup(f: Facts, m: CreatorModel, r: Proc, g: number): boolean {
  return m.leavingLeaders === true && r.tgid === g && r.pgid !== g && !r.isInit && !r.zombie && !isSessionLeader(f, r);
}

/**
 * A leaving leader L forks, besides the members it hands its own group g to, children that must
 * be in L's final group G when they are born (a born group, or a group their pid ns cannot see).
 * Inheriting G would need L in G already, and L joins G only after the last member of g is born:
 * a cycle when one such child must exist first (seed 5717: L forks the init of the pid ns its
 * member of g is born in, FORK-9). L forks them in g and moves each into G at once instead
 * (PGID-2 step 3: its own child, not yet execve'd, in its session; parent-moves.ts, which needs
 * the extended model: Creation.moveTo). O(processes).
 */
export function movesForLeavers(f: Facts, m: CreatorModel): void {
  if (m.leavingLeaders !== true || m.extended !== true) return;
  // the leaders that create a member of their own group with CLONE_PARENT before leaving it
  const leavers = new Set<number>();
  for (const [t, c] of m.creation) {
    if (!c.cloneParent || !c.by.startsWith('t')) continue;
    const r = f.procs.get(Number(c.by.slice(1)));
    const p = f.procs.get(t);
    if (r && p && leavesLedGroup(f, m, r, p.pgid)) leavers.add(r.tgid);
  }
  if (leavers.size === 0) return;
  for (const [t, c] of m.creation) {
    if (c.cloneParent || c.via !== undefined || c.moveTo !== undefined || !c.by.startsWith('t')) continue;
    const r = f.procs.get(Number(c.by.slice(1)));
    const x = f.procs.get(t);
    if (!r || !x || !leavers.has(r.tgid)) continue;
    const g = r.pgid;
    const need = m.bornGroup.get(t) ?? (groupJoinable(x) ? undefined : x.pgid);
    if (need !== g || !canMoveFrom(f, m, r.pidns, g)) continue;
    c.moveTo = g;
    c.why += `; ${r.tgid} forks it while leading group ${r.tgid}, which it leaves for group ${g} only later, and moves it into ${g} right after the fork (PGID-2)`;
  }
}
