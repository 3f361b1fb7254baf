/**
 * A group's leader that leaves its group for its final one G, and must fork there a child X that
 * can only inherit G (G invisible in X's pid ns, PGID-2, PID-4), re-creates its own group after
 * that fork and leaves it again once its members joined (a further build after an ordering cycle,
 * planner/index.ts).
 *
 * build.ts orders the leader L's steps "L creates group L" (setpgid(0, 0)) -> "L joins group G"
 * (setpgid(0, G)); a member M of group L joins it before L leaves it (PGID-3: a group with no
 * member is gone, and only L can make it again), and X is born after L joined G. When M can only
 * be born after X (X, or a task X creates, creates M; or X is the init of M's pid ns), the
 * schedule has the cycle "L joins group G" -> "create X" -> ... -> "M joins group L" -> "L joins
 * group G" (seeds 83540, 88162, 19534). Linux lets L make its group again: setpgid(0, 0) by a
 * task that is not a session leader creates the group whose number is its pid when none has it
 * (PGID-2 check 6, PGID-3: "group G can only be (re)created by the task whose pid is G"), and a
 * task may move itself between groups of its session at any time, after its execve too (PGID-2
 * check 3 is about children). So L: setpgid(0, 0); setpgid(0, G); fork X; setpgid(0, 0) again
 * ("regroup"); the members join group L; setpgid(0, G) again ("rejoin"), L's final group.
 *
 * Taken for a leader L on the cycle through both edges, not a session leader, that joins G itself
 * (G visible in its pid ns, not the restorer's, not moved by its parent). In the further build
 * every member of group L joins it between the regroup and the rejoin (build.ts), and every child
 * that inherits G from L is forked before the regroup. O(cycle) to find L; O(1) steps per L.
 */
import type { Emitter } from '../output/emit.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { Schedule } from './schedule.js';
import { tagOf } from '../graph/edge-tags.js';

/**
 * Leaders L (not in `done`) on cycle `cyc` through "L joins group G" -> "create X" (X inherits G,
 * invisible in its pid ns, from L) and "M joins group L" -> "L joins group G" (PGID-3). O(cycle).
 */
export function regroupLeadersOnCycle(f: Facts, s: Schedule, cyc: readonly number[], done: ReadonlySet<number>): number[] {
  const forks = new Set<number>();
  const leaves = new Set<number>();
  for (const { from, to, edge } of s.cycleEdges(cyc)) {
    if (edge?.rule === 'PGID-2' && from.id.startsWith('join:')) {
      const m = tagOf(edge, 'inherits-invisible-group');
      if (m && `join:${m.from}` === from.id) forks.add(m.from);
    }
    if (edge?.rule === 'PGID-3' && to.id.startsWith('join:')) {
      const m = tagOf(edge, 'leaves-group-after');
      if (m && `join:${m.leader}` === to.id) leaves.add(m.leader);
    }
  }
  const out: number[] = [];
  for (const l of forks) {
    const p = f.procs.get(l);
    if (!leaves.has(l) || done.has(l) || !p || p.pgid === l || p.sid === l || p.groupByParent) continue;
    out.push(l);
  }
  return out;
}

/**
 * The steps of a regrouping leader p (build.ts, after its join step): "regroup" makes group p
 * again (setpgid(0, 0)), "rejoin" moves it back to its final group (setpgid(0, G)). O(1).
 */
export function addRegroupSteps(s: Schedule, em: Emitter, p: Proc, a: string): void {
  const l = p.tgid;
  s.addAt('regroup', l, 'group', `${l} creates group ${l} again`, [l], () => em.setpgid(a, l, p.leader.pgid, true, `${l} makes its process group ${l} again, having forked in group ${p.pgid} what must inherit it; its members join it now (PGID-2, PGID-3)`));
  s.addAt('rejoin', l, 'group', `${l} joins group ${p.pgid} again`, [l], () => em.setpgid(a, p.pgid, p.leader.pgid, false, `${l} goes back to process group ${p.pgid}, its own group ${l} kept by its members (PGID-2, PGID-3)`));
  s.edge(s.at('join', l), s.at('regroup', l), `${l} makes its group again only after it left it for group ${p.pgid}`, 'PGID-2');
  s.edge(s.at('regroup', l), s.at('rejoin', l), `${l} goes back to group ${p.pgid} after making its own group again`, 'PGID-2');
}

/** Member `tid` of regrouping leader l's group joins it while l leads it again. O(1). */
export function regroupMember(s: Schedule, l: number, tid: number): void {
  s.edge(s.at('regroup', l), s.at('join', tid), `${l} has made its group again before ${tid} joins it`, 'PGID-2');
  s.edge(s.at('join', tid), s.at('rejoin', l), `${l} leaves its group again only after ${tid} joined it`, 'PGID-3');
}

/** `child` (step or id), born in regrouping leader l's group, is forked while l leads it again. O(1). */
export function regroupBirth(s: Schedule, l: number, child: string | number, what: string): void {
  s.edge(s.at('regroup', l), child, `${what} inherits group ${l} from its leader ${l} once ${l} made it again (PGID-2)`, 'PGID-2');
  s.edge(child, s.at('rejoin', l), `${what} inherits group ${l} from its leader ${l} before ${l} leaves it again`, 'PGID-2');
}
