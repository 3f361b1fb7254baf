/**
 * A creator's joins split by type between the children that must keep its older namespaces and
 * those that must inherit its final ones (SETNS-7, OWN-1; a further build, join-defer.ts).
 *
 * A child born in a user ns without rights over some namespaces' owners can only inherit them
 * from its creator T (SETNS-7 needs CAP_SYS_ADMIN over the owner). When one such child A must
 * inherit T's final namespaces ("T joins its namespaces" before A) and another, B (or a pid-ns
 * maker T forks), must keep T's older namespace in another slot ("create B" before T's joins),
 * one join step for every slot closes a cycle whenever something else orders A before B (T forks
 * A before its setsid and B after it, SID-2: seeds 5296, 18491). The history joined the slots one
 * by one: setns into one namespace changes neither the rights nor the contents of the others,
 * so T may join the slots B differs in after B's fork, in steps of their own (nsdef, ns-nodes.ts),
 * and the rest before A's.
 *
 * This finds, on such a cycle, the joins to take out of T's main step: T's final namespaces in
 * the slots where B (the child, or the maker's wanted namespace) differs from T. build.ts then
 * orders B before those steps only, and A after the main step and the deferred steps of the
 * slots it inherits. A namespace of that slot T makes itself (no join: the build defers nothing)
 * frees a maker from T's main join step altogether: it stays ordered before T's unshare of that
 * kind (maker-steps.ts). Only in the re-plan variant splitJoins (index.ts, Facts.splitJoins), and
 * there only when no other further build applies to the cycle, so plans found today do not
 * change. O(cycle length × slots).
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from './schedule.js';
import type { DeferredJoins } from './join-defer.js';
import type { NsProxyOf } from '../graph/build-context.js';
import { SLOTS, type Slot } from '../output/emit.js';
import { tagOf } from '../graph/edge-tags.js';

/** The kinds a deferred step may join (join-defer.ts; the build drops those it cannot). */
const SPLITTABLE = new Set(['ipc', 'uts', 'net', 'cgroup', 'mnt', 'time']);

/**
 * Joins [T, namespace] to take out of T's main join step, for the edges "B before T's joins" on
 * cycle `cyc` (not already deferred in `done`). O(cycle length × slots).
 */
export function splitJoinsOnCycle(f: Facts, s: Schedule, cyc: number[], done: DeferredJoins): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const add = (tid: number, id: string): void => {
    const ty = f.nsById.get(id)?.type;
    if (!ty || !SPLITTABLE.has(ty) || done.get(tid)?.has(id) || out.some(([t, x]) => t === tid && x === id)) return;
    out.push([tid, id]);
  };
  for (const { to: b, edge } of s.cycleEdges(cyc)) {
    const m = /^nsfix:(\d+)$/.exec(b.id);
    if (!m) continue;
    const tid = Number(m[1]);
    const npT = finalNs(f, tid);
    if (!npT) continue;
    // (build.ts: the edge from a child B that keeps its creator's older namespaces into the creator's main join step)
    const k = tagOf(edge, 'keeps-original');
    if (k && k.creator === tid) {
      // the slots where the child ends elsewhere than T: T's final namespace there waits for it
      const npB = finalNs(f, k.child);
      if (!npB) continue;
      for (const sl of SLOTS) if (sl !== 'timeForChildren' && npB[sl] !== npT[sl === 'time' ? 'timeForChildren' : sl]) add(tid, npT[sl === 'time' ? 'timeForChildren' : sl]);
      continue;
    }
    // (maker-steps.ts: a maker inherits the namespace its creator leaves)
    const mk = tagOf(edge, 'maker-inherits');
    if (mk && mk.creator === tid) {
      const ty = f.nsById.get(mk.ns)?.type;
      const sl = SLOTS.find((x) => x !== 'time' && (x === 'timeForChildren' ? ty === 'time' : x === ty));
      if (sl) add(tid, npT[sl]);
    }
  }
  return out;
}

/** The final namespaces of task tid (its image nsproxy). O(1). */
function finalNs(f: Facts, tid: number): NsProxyOf | undefined {
  const t = f.tasks.get(tid);
  return t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
}

/**
 * The deferred join steps of creator T that a child or maker born before T changes a slot must
 * precede: those of T's deferred namespaces (`deferred`) in a slot where the child wants another
 * one (`differs`). O(slots).
 */
export function deferredChangesFor(npT: NsProxyOf, deferred: ReadonlySet<string> | undefined, differs: (slot: Slot) => boolean): string[] {
  if (!deferred || deferred.size === 0) return [];
  const out: string[] = [];
  for (const sl of SLOTS) {
    if (sl === 'time') continue; // (a deferred time join sets both time slots: time_for_children stands for it)
    if (deferred.has(npT[sl]) && differs(sl) && !out.includes(npT[sl])) out.push(npT[sl]);
  }
  return out;
}
