/**
 * Re-plan variant `visitingLeaders` (index.ts CYCLE_VARIANTS): a group's leader L, whose final
 * group is its own, that must fork a child Y inheriting group L and, later, a child X inheriting
 * another group G of its session (each group invisible in its child's pid ns), makes group L,
 * forks Y, visits G (setpgid(0, G)), forks X there and comes back (setpgid(0, 0)): a further
 * build after an ordering cycle, as regroup-leader.ts does for a leader whose final group is G.
 *
 * Rules served (docs/kernel-rules.md): a child whose group has no number in its pid ns cannot join
 * it (PGID-2 check 5, PID-4) and is in it only by inheriting it at fork (FORK-6), so its forker is
 * in that group at the fork. A task that is not a session leader may move itself into any group
 * of its session whose number it sees, at any time, after its execve too (PGID-2 checks 3-5 are
 * about children, session leaders and the group's existence), and setpgid(0, 0) puts it back into
 * the group whose number is its pid, which Y keeps alive meanwhile (PGID-3). build.ts otherwise
 * orders "L forks X while still in group G" before "L creates group L" and "L creates group L"
 * before "create Y": a cycle whenever Y must exist before X, e.g. Y is the init of X's pid ns
 * (FORK-9).
 *
 * Seed 77631: 40 (a dead leader now, in pid:1) made group 40 and forked 49, the init of pid:3, in
 * it; later, back in group 33 of its parent 33, it forked 61 into pid:3 (pid_for_children), and
 * went back to group 40. Neither group has a number in pid:3. The plan: 40 is born in group 33,
 * setpgid(0, 0), forks 49, setpgid(0, 33), forks 61, setpgid(0, 0).
 *
 * Taken for a leader L on a cycle through "L creates group L" -> "create Y" (Y inherits L) and
 * "create X" -> "L creates group L" (L forks X while still in G), L not a session leader, G
 * visible in L's pid ns. Every child inheriting G from L is forked during the visit, every one
 * inheriting L before it. O(cycle) to find L; O(1) steps and edges per child.
 */
import type { Emitter } from '../output/emit.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { Schedule } from '../ordering/schedule.js';
import { tagOf } from '../graph/edge-tags.js';

/** The first answer's cycle this variant serves: a leader's own group inherited from it, and another group it forks in while still in it (PGID-2). */
export const LEADER_FORKS_IN_TWO_GROUPS = /inherits group (\d+), invisible in \d+'s pid ns, from \1 \(PGID-2\)[^]* forks \d+ while still in group \d+ \(PGID-2\)|forks \d+ while still in group \d+ \(PGID-2\)[^]* inherits group (\d+), invisible in \d+'s pid ns, from \2 \(PGID-2\)/;

/**
 * Leaders L (not in `done`) on cycle `cyc` through "group:L" -> a child inheriting group L from L,
 * and a child L forks while still in another group G -> "group:L": L -> G. O(cycle).
 */
export function visitingLeadersOnCycle(f: Facts, s: Schedule, cyc: readonly number[], done: ReadonlyMap<number, number>): Map<number, number> {
  const own = new Set<number>();
  const visits = new Map<number, number>();
  for (const { from, to, edge } of s.cycleEdges(cyc)) {
    if (edge?.rule !== 'PGID-2') continue;
    const a = tagOf(edge, 'inherits-invisible-group');
    if (a && a.group === a.from && from.id === `group:${a.from}`) own.add(a.from);
    const b = tagOf(edge, 'forks-still-in-group');
    if (b && to.id === `group:${b.forker}`) visits.set(b.forker, b.group);
  }
  const out = new Map<number, number>();
  for (const [l, g] of visits) {
    const p = f.procs.get(l);
    const gv = f.procs.get(f.groups.get(g)?.[0] ?? -1);
    if (!own.has(l) || done.has(l) || !p || p.pgid !== l || p.sid === l || !gv || gv.sid !== p.sid) continue;
    // (G has a number in L's pid ns: L can name it, PGID-2, PID-4)
    if ((gv.leader.pgid[p.leader.pid.length - 1] ?? 0) === 0) continue;
    out.set(l, g);
  }
  return out;
}

/** The visiting leader p's steps "visit" (setpgid(0, G)) and "back" (setpgid(0, 0)), after its group step. O(1). */
export function addVisitSteps(s: Schedule, em: Emitter, p: Proc, a: string, g: number, gvec: number[]): void {
  const l = p.tgid;
  s.addAt('visit', l, 'group', `${l} joins group ${g} for a while`, [l], () => em.setpgid(a, g, gvec, false, `${l} moves into process group ${g} of its session for a while, to fork there what can only inherit it (PGID-2, FORK-6)`));
  s.addAt('back', l, 'group', `${l} goes back to group ${l}`, [l], () => em.setpgid(a, l, p.leader.pgid, true, `${l} goes back to its own process group ${l}, kept by its members meanwhile (PGID-2, PGID-3)`));
  s.edge(s.at('group', l), s.at('visit', l), `${l} visits group ${g} after making its own group`, 'PGID-2');
  s.edge(s.at('visit', l), s.at('back', l), `${l} goes back to group ${l} after its visit to group ${g}`, 'PGID-2');
}

/** `child` (a step), inheriting visited group g from leader l, is forked during the visit. O(1). */
export function visitBirth(s: Schedule, l: number, g: number, child: string | number, what: string): void {
  s.edge(s.at('visit', l), child, `${what} inherits group ${g} from ${l} once ${l} moved into it for a while (PGID-2)`, 'PGID-2');
  s.edge(child, s.at('back', l), `${what} inherits group ${g} from ${l} before ${l} goes back to group ${l}`, 'PGID-2');
}

/** `child` (a step), inheriting group l from its leader l, is forked before l's visit. O(1). */
export function beforeVisit(s: Schedule, l: number, child: string | number, what: string): void {
  s.edge(child, s.at('visit', l), `${what} inherits group ${l} from ${l} before ${l} visits another group`, 'PGID-2');
}
