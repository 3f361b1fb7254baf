/**
 * Re-plan variant `splitGroupNs` (index.ts VARIANTS): a dead leader's group whose members live in
 * several pid namespaces of the leader's level is visible in one of them only (PID-3, PID-4).
 *
 * A group's vector is its leader's struct pid: one number per level, the innermost in the one pid
 * ns of its level the leader lived in. facts.ts takes a dead leader's group as visible in each
 * member's own pid ns of that level (the leader may have lived there); group-taken-number.ts
 * corrects this only when the number is another task's pid in one of them. When no number is
 * taken, members in two pid namespaces of that level still cannot both see the group: the ghost
 * that recreates it lives in one (group-ghost-ns.ts: the deepest member's), and a member in
 * another must inherit the group at birth, from a creator in it (PGID-2), e.g. a zombie of the
 * group forking it with CLONE_NEWPID and exiting so it reparents to its parent (EXIT-2). The
 * first attempt let such a member join the group itself, which the emitter then refused (seeds
 * 96160, 27944, 52628: a pid-ns init born from a zombie that had joined the group).
 *
 * The ns kept is the deepest member's of that level (as group-ghost-ns.ts places the ghost), when
 * the group's number is free there; members outside it (at or below that level) do not see the
 * group (groupInNs false). Tried only after an undecided answer (facts are built per attempt), so
 * plans found without it stay as they were. O(tasks x levels).
 */
import type { Facts } from '../facts/facts.js';
import { isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import { pidNumberHolders } from '../creators/group-taken-number.js';

/** The groups to split, each with the pid ns its leader is taken to have lived in. No side effects. */
function splitPlaces(f: Facts): Map<number, string> {
  const out = new Map<number, string>();
  let held: Map<string, Map<number, number>> | undefined;
  for (const [g, members] of f.groups) {
    if (f.procs.has(g) || isRootOwned(f, g) || f.deadGroupNs?.has(g)) continue;
    const ps = members.map((t) => f.procs.get(t)!);
    const vec = ps[0].leader.pgid;
    const lvl = vec.length - 1;
    if (lvl < 1) continue;
    const spaces = new Set<string>();
    let deep: (typeof ps)[number] | undefined;
    for (const p of ps) {
      const ns = p.level >= lvl ? pidNsAtLevel(f, p.pidns, lvl) : undefined;
      if (!ns) continue;
      spaces.add(ns);
      if (!deep || p.level > deep.level) deep = p;
    }
    if (spaces.size < 2 || !deep) continue;
    // pid ns -> numbers held there by a task's pid (PID-3), built on first need
    held ??= pidNumberHolders(f);
    const ns = pidNsAtLevel(f, deep.pidns, lvl)!;
    if (!held.get(ns)?.has(vec[lvl])) out.set(g, ns);
  }
  return out;
}

/** Is there a group this variant would split? (index.ts tries it only then) */
export function anySplitGroup(f: Facts): boolean {
  return splitPlaces(f).size > 0;
}

/** Members of each split group outside its leader's pid ns of that level do not see it. */
export function splitGroupNamespaces(f: Facts): void {
  for (const [g, ns] of splitPlaces(f)) {
    (f.deadGroupNs ??= new Map()).set(g, ns);
    for (const t of f.groups.get(g) ?? []) {
      const p = f.procs.get(t)!;
      p.groupInNs = p.leader.pgid.length > p.level && pidNsWithin(f, ns, p.pidns);
    }
  }
}
