/**
 * Re-plan variant `groupGhostHeirs` (index.ts VARIANTS): a dead leader's group is invisible in a
 * pid ns where its number is another task's pid (PID-3, PID-4).
 *
 * facts.ts takes a member's group as visible in its own pid ns whenever the group's vector reaches
 * that ns's level and its leader is dead: the leader may have lived in the member's own pid ns of
 * that level. It cannot have when the group's number there is a live task's own pid: a struct pid
 * keeps its number in every ns of its chain while the group uses it (PID-3), so the leader lived
 * in another pid ns of that level, and a member here sees no number for the group (PID-4): it
 * must inherit the group at birth, from a creator in it (PGID-2). Seed 15678: group 14 ([14, 4])
 * has members in pid:1 and pid:2, both of level 1; 4 is task 23's pid in pid:1, so the leader
 * lived in pid:2 (where its ghost is placed, group-ghost-ns.ts), and 48, 55, ... in pid:1 must be
 * born in the group. Tried only after an undecided answer (facts are built per attempt), so plans
 * found without it stay as they were. O(tasks x levels).
 */
import type { Facts } from '../facts/facts.js';
import { isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';

/**
 * pid ns -> number -> level-0 pid of the task holding it there (a struct pid keeps its number in
 * every ns of its chain, PID-3). O(tasks x levels).
 */
export function pidNumberHolders(f: Facts): Map<string, Map<number, number>> {
  const owner = new Map<string, Map<number, number>>();
  for (const t of f.image.tasks) {
    for (let l = 0; l < t.pid.length; l++) {
      const ns = pidNsAtLevel(f, t.pidns, l);
      if (!ns) continue;
      let byN = owner.get(ns);
      if (!byN) owner.set(ns, (byN = new Map()));
      byN.set(t.pid[l], t.pid[0]);
    }
  }
  return owner;
}

/**
 * For each dead leader's group with a member whose own pid ns of the leader's level has the
 * group's number as another task's pid, and exactly one such pid ns among its members' where the
 * number is free: that one is the leader's (f.deadGroupNs), and members outside it do not see the
 * group (groupInNs false). Other groups stay as facts.ts took them.
 */
export function takenGroupNumbers(f: Facts): void {
  const owner = pidNumberHolders(f);
  for (const [g, members] of f.groups) {
    if (f.procs.has(g) || isRootOwned(f, g)) continue;
    const ps = members.map((t) => f.procs.get(t)!);
    const vec = ps[0].leader.pgid;
    const lvl = vec.length - 1;
    const free = new Set<string>();
    let taken = false;
    for (const p of ps) {
      const ns = p.level >= lvl ? pidNsAtLevel(f, p.pidns, lvl) : undefined;
      if (!ns) continue;
      const holder = owner.get(ns)?.get(vec[lvl]);
      if (holder !== undefined && holder !== g) taken = true;
      else free.add(ns);
    }
    if (!taken || free.size !== 1) continue;
    const ns = [...free][0];
    (f.deadGroupNs ??= new Map()).set(g, ns);
    for (const p of ps) p.groupInNs = vec.length > p.level && pidNsWithin(f, ns, p.pidns);
  }
}
