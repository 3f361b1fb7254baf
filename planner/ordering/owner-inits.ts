/**
 * Pid-ns inits that must not be born making their pid ns's owner user ns (a further build).
 *
 * build.ts lets an init whose pid ns is owned by a user ns U not made yet be born making U
 * (clone(CLONE_NEWUSER|CLONE_NEWPID), OWN-1), even when its creator ends in U too: the creator
 * then enters U after the init made it (SETNS-4). That closes a cycle when the creator must
 * make something inside U before it creates the init: a namespace owned by U that the init's
 * ancestors share (OWN-1: made after the creator's switch), a fs_struct shared after the switch
 * (SETNS-4), or the history's own order, where a task above the init made U and everything
 * below was created inside it. When an ordering cycle goes through "user ns U exists before X
 * enters it" out of such an init's creation, a further build has the init created from inside
 * U instead: by a maker that enters U, or by its creator after its own switch (build.ts), so
 * the user ns is made by the creator or a task above it (seeds 1756, 1895, 8799).
 * O(cycle length).
 */
import type { Schedule } from './schedule.js';
import { tagOf } from '../graph/edge-tags.js';

/** Inits on cycle `cyc` born making the user ns another task on the cycle enters: edges "task:I -> user:X". */
export function owningInitsOnCycle(s: Schedule, cyc: number[], done: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    const ma = /^task:(\d+)$/.exec(a.id);
    if (!ma || !b.id.startsWith('user:')) continue;
    // (the edge from a user ns's creation to a member's switch, build.ts)
    const m = tagOf(edge, 'user-ns-exists')?.enters;
    if (m?.role !== 'task' || `user:${m.tid}` !== b.id) continue;
    const init = Number(ma[1]);
    if (!done.has(init)) out.push(init);
  }
  return out;
}
