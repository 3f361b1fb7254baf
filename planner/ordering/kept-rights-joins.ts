/**
 * Joins moved after a task's user-ns switch when the task keeps its rights over them there (a
 * further build, see index.ts).
 *
 * A cycle "T joins its namespaces -> T enters its user ns -> T creates C -> T joins its
 * namespaces" arises when C is born in a user ns without rights over T's original namespaces
 * (so T forks C before its join step, SETNS-7), T must fork C after its switch (a CLONE_FS child:
 * setns(user) needs an unshared fs_struct, SETNS-4), and the join step comes before the switch
 * ("join while still privileged"). That last edge is stronger than the kernel needs for a
 * namespace owned by T's final user ns or a descendant of it: setns(user) gives T every
 * capability in that user ns (SETNS-4) and so over what it owns and below (OWN-2), which is all
 * setns(uts, ipc, net, cgroup) asks (SETNS-7). The further build joins those namespaces right
 * after the switch (late-joins.ts lateJoins; the nsfix2 step, ns-nodes.ts), so C can be forked between.
 *
 * Only uts, ipc, net and cgroup (mnt and time have preconditions on the fs_struct and threads,
 * SETNS-3, SETNS-6). O(cycle length + slots x user-ns depth).
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from './schedule.js';
import type { DeferredJoins } from './join-defer.js';
import { tagOf } from '../graph/edge-tags.js';
const SLOTS = ['uts', 'ipc', 'net', 'cgroup'] as const;

/** Is user ns `a` equal to `b` or below it? O(depth). */
function userWithin(f: Facts, a: string, b: string): boolean {
  for (let x: string | null | undefined = a, guard = 0; x && guard < 64; guard++) {
    if (x === b) return true;
    x = f.nsById.get(x)?.parent;
  }
  return false;
}

export function keptRightsJoinsOnCycle(f: Facts, s: Schedule, cyc: number[], done: DeferredJoins): Array<[number, string]> {
  const ids = new Set(cyc.map((i) => s.steps[i].id));
  const out: Array<[number, string]> = [];
  for (const { to: b, edge } of s.cycleEdges(cyc)) {
    // (build.ts: a child born in a user ns without rights over T's original namespaces, created before T's joins)
    const m = tagOf(edge, 'keeps-original');
    if (!m || b.id !== `nsfix:${m.creator}` || !ids.has(`user:${m.creator}`)) continue;
    const tid = m.creator;
    const t = f.tasks.get(tid);
    const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (!t || !np || !t.userns) continue;
    for (const sl of SLOTS) {
      const def = f.nsById.get(np[sl]);
      if (!def || def.external || !def.owner || done.get(tid)?.has(def.id) || !userWithin(f, def.owner, t.userns)) continue;
      out.push([tid, def.id]);
    }
  }
  return out;
}
