/**
 * Re-plan variant `transitGroups` (index.ts): a process X, born in one group B (its born group, for
 * the children that must inherit B), that must also fork children into another group G of its
 * birth session which neither X nor those children can join from their pid ns, is moved into G
 * by its parent for that while (a transit group), after forking B's children and before it leaves
 * for its final group (setsid, its own group or a join).
 *
 * Rules served (docs/kernel-rules.md): a child whose group has no number in its pid ns cannot join
 * it (PGID-2 check 5, PID-4) and is in it only by inheriting it at fork (FORK-6), so its forker is
 * in that group at the fork; the forker cannot join G either, but its parent may move it there
 * (PGID-2 step 3: a child of the caller, in the caller's session, before the child's execve), when
 * G has a number in the parent's pid ns (PID-4) and still has a member (PGID-2 check 5, PGID-3). The
 * model otherwise gives each process one born group (creators.ts bornGroup), so G's children
 * find no creator in G (seed 15678: 23 in pid:1, born in group 5 for 25, moved by 5 into group 14
 * of pid:2 for 48 and 55, then setsid). When X itself sees G it joins it itself (setpgid(0, G),
 * PGID-2): seed 53087, 39 (pid:0) born in group 5 for 47 (init of pid:11), joins group 3 for 83
 * (init of pid:12), then setsid; with one born group the two births closed an ordering cycle.
 *
 * Taken for a direct child C forked by X (no CLONE_PARENT, no helper, no move at birth) whose group
 * G is invisible in C's pid ns and is not X's born group (or, without one, its parent's final
 * group) nor its final one, X's parent P forked X and is in G's session (X's birth session), and X
 * or P sees G. build.ts adds the step "transit" and orders G's children after it, the born group's
 * before it, and X's setsid, group, join and execve after it. One transit group per process.
 * O(processes x levels).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { isRootOwned, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { canMoveFrom, groupLeaderNs, groupVector } from '../creators/parent-moves.js';

/** The transit group of each such X (X -> G), and who moves it there: X itself when it sees G, else its parent P. O(processes x levels). */
export function transitGroupsOf(f: Facts, m: CreatorModel, visible: (p: Proc) => boolean): Map<number, { group: number; mover: number }> {
  const out = new Map<number, { group: number; mover: number }>();
  for (const c of f.order) {
    const g = c.pgid;
    const cc = m.creation.get(c.tgid);
    if (!cc || cc.cloneParent || cc.via !== undefined || cc.moveTo !== undefined || !cc.by.startsWith('t') || isRootOwned(f, g) || c.groupByParent || visible(c)) continue;
    const x = f.procs.get(Number(cc.by.slice(1)));
    if (!x || x.tgid !== c.parent || x.isInit || x.pgid === g || x.tgid === g || out.has(x.tgid)) continue;
    const xc = m.creation.get(x.tgid);
    const par = f.procs.get(x.parent);
    if (!xc || !par || xc.cloneParent || xc.via !== undefined || xc.by !== `t${par.tgid}`) continue;
    // (X is born in its born group, or else in its parent's final group, forked once the parent is in it)
    if ((m.bornGroup.get(x.tgid) ?? par.pgid) === g) continue;
    // G's session is X's birth session, and P's at that time (a non-leader never changes session)
    const gm = f.procs.get(f.groups.get(g)?.[0] ?? -1);
    const sid = gm?.sid;
    if (sid === undefined || (m.bornSid.get(x.tgid) ?? x.sid) !== sid || (par.sid !== sid && m.bornSid.get(par.tgid) !== sid)) continue;
    // X moves itself when it sees G from its pid ns (PGID-2, PID-4), else its parent moves it
    const lns = groupLeaderNs(f, m, g);
    const self = lns !== undefined && (groupVector(f, m, g)?.length ?? 0) > x.level && pidNsWithin(f, lns, x.pidns);
    if (!self && !canMoveFrom(f, m, par.pidns, g)) continue;
    out.set(x.tgid, { group: g, mover: self ? x.tgid : par.tgid });
  }
  return out;
}
