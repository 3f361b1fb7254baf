/**
 * A pid-ns init forked before its creator's setsid, made by a maker that can only act after the
 * creator's user-ns switch (SID-2, FORK-9, SETNS-4, OWN-1).
 *
 * An init that keeps its creator's old session is forked before the creator's setsid (SID-2);
 * when a maker helper creates it (maker-steps.ts), the whole maker (its fork, its entry into the
 * pid ns's owner user ns, its clone of the init) is one step, so it too precedes the setsid. If
 * that owner user ns exists only once the creator switched (SETNS-4: the creator makes it then),
 * and the creator must lead its new session before it forks, while still privileged, another
 * child (SID-2, FORK-9: one that cannot be moved after the switch, its user ns being above the
 * creator's final one), the order closes a cycle (seeds 12665, 64856):
 *   setsid -> fork child -> switch -> maker enters owner -> init -> setsid.
 *
 * Only the maker's fork needs the old session: the session and group are copied at fork (SID-2,
 * FORK-1), and the maker's clone with CLONE_PARENT gives the init the maker's session, whatever its
 * creator does afterwards. So the init is made like a maker-fork.ts split maker: `mkfork:N` (the
 * creator's fork of the maker, before its setsid and its switch) and `task:N` (the maker's entry
 * and clone, free to follow the switch). The rebuild loop of index.ts uses it only when its usual
 * rebuild (children created after the switch) could not be built, and keeps it only if it orders;
 * otherwise the first build's cycle is reported as before, so verified plans are unchanged.
 * O(cycle length).
 */
import type { Schedule } from './schedule.js';

/** Maker-made inits (in `makers`) whose unsplit "forked before its creator's setsid" edge lies on cycle `cyc`. */
export function setsidMakersOnCycle(s: Schedule, cyc: number[], makers: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('task:') || !b.id.startsWith('session:')) continue;
    const tid = Number(a.id.slice(5));
    // (build.ts's "forked before its creator's setsid" edge, SID-2)
    if (makers.has(tid) && edge?.tag?.kind === 'before-setsid' && !out.includes(tid)) out.push(tid);
  }
  return out;
}
