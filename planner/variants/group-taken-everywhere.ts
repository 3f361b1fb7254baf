/**
 * Re-plan variant `takenEverywhere` (index.ts VARIANTS, with `bornCreators`): a dead leader's
 * group whose number at the leader's level is another task's pid in every pid ns of that level
 * its members live in is visible to none of those members, nor to members at a shallower level
 * (not 0) with no place for its ghost below them (PID-3, PID-4).
 *
 * A struct pid keeps its number in every ns of its chain while the group uses it (PID-3), so
 * when the group's innermost number is a live task's own pid in a member's pid ns of the leader's
 * level, the leader lived in another pid ns of that level (group-taken-number.ts takes the one
 * member pid ns where it is free). When it is taken in all of them, the leader lived in a pid ns
 * no member lives in (seed 40539: group 297 ([297, 2]) was led from pid:1, where its leader
 * died; its one member at level 1, 51, is the init of pid:7, where 2 is task 320's pid). Those members see no
 * number for the group (PID-4) and must inherit it at birth from a creator in it (PGID-2, FORK-6);
 * members at a shallower level see it by their outer numbers and join it as before. Its ghost is
 * then placed in another live pid ns of that level with the number free (group-ghost-elsewhere.ts,
 * `bornCreators`), where build.ts checks each member's visibility again.
 *
 * Members at a level between 0 and the leader's see the group only if its ghost lives in a pid ns
 * below theirs (PID-4); when no live pid ns of the leader's level there has the number free, the
 * ghost cannot be placed below them either, and they inherit the group too (seed 51362: group 15
 * ([15, 38, 3]) was led from level 2, where no member lives; 67, the init of pid:7 at level 1, is
 * created in the group with CLONE_PARENT by 27, which joins it from level 0).
 *
 * facts.ts marks them visible (the leader may have lived in their own pid ns), which leaves them
 * joining a group they cannot see: the emitter refuses it. Tried only after an undecided answer
 * naming a dead leader's group ghost (facts are built per attempt), for an image with such a
 * group. O(tasks x levels + shallow members x pid ns x levels).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import { pidNumberHolders } from '../creators/group-taken-number.js';

/**
 * The dead-leader groups whose number is taken in every member pid ns of the leader's level,
 * with their members at that level or deeper (those that cannot see the group). O(tasks x levels).
 */
function takenGroups(f: Facts): Map<number, Proc[]> {
  const owner = pidNumberHolders(f);
  const out = new Map<number, Proc[]>();
  for (const [g, members] of f.groups) {
    if (f.procs.has(g) || isRootOwned(f, g)) continue;
    const ps = members.map((t) => f.procs.get(t)!);
    const vec = ps[0].leader.pgid;
    const lvl = vec.length - 1;
    if (lvl === 0) continue;
    const deep: Proc[] = [];
    let free = false;
    for (const p of ps) {
      const ns = p.level >= lvl ? pidNsAtLevel(f, p.pidns, lvl) : undefined;
      if (!ns) continue;
      const holder = owner.get(ns)?.get(vec[lvl]);
      if (holder === undefined || holder === g) { free = true; break; }
      deep.push(p);
    }
    if (free) continue;
    // members at a shallower level but not 0 see the group only if its ghost lives below their
    // pid ns: in a live pid ns of the leader's level there with the number free (the ghost's
    // places, group-ghost-elsewhere.ts); with none, they cannot see it either
    for (const p of ps) if (p.level > 0 && p.level < lvl && !ghostPlaceBelow(f, owner, p.pidns, lvl, vec[lvl], g)) deep.push(p);
    if (deep.length > 0) out.set(g, deep);
  }
  return out;
}

/** Is there a live pid ns of level lvl within ns (its init alive) where number nr is free or g's own? O(pid ns x levels). */
function ghostPlaceBelow(f: Facts, owner: Map<string, Map<number, number>>, ns: string, lvl: number, nr: number, g: number): boolean {
  for (const [id, info] of f.pidns) {
    if (info.level !== lvl || info.init === null || !pidNsWithin(f, id, ns)) continue;
    const init = f.procs.get(info.init);
    const holder = owner.get(id)?.get(nr);
    if (init && !init.zombie && (holder === undefined || holder === g)) return true;
  }
  return false;
}

/** Marks those members as not seeing their group (Proc.groupInNs false). */
export function takenEverywhere(f: Facts): void {
  for (const deep of takenGroups(f).values()) for (const p of deep) p.groupInNs = false;
}

/** Does the image hold such a group? (the variant's gate) */
export function anyTakenEverywhere(f: Facts): boolean {
  return takenGroups(f).size > 0;
}
