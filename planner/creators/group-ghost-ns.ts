/**
 * Where a dead group leader's ghost lives, and who forks it (PGID-3, PID-4).
 *
 * A group's vector is its leader's struct pid (docs/image-format.md), one number per level down
 * to the leader's pid ns. A ghost recreating the group needs a pid ns at the leader's level
 * where the innermost number is free, and a creator in the group's session that lives there
 * (a ghost is forked into its creator's pid ns). Members then join the group from any pid ns
 * that sees it: the ghost's or an ancestor (PGID-2, PID-4).
 *
 * The image does not say which pid ns of that level the leader lived in when no member is at
 * that level (members in ancestor pid ns see the group by its outer numbers only): any pid ns of
 * that level below every such member gives the same vectors, so one where a task of the session
 * lives is taken (seeds 907, 1589). When members are at that level, a deepest member's pid ns is
 * the one (seeds 1041, 1599: the first member listed may be a shallower one).
 * O(group members + session members x member pid ns x levels) per dead-leader group.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { timingIn } from './creators.js';

export interface GhostPlace {
  /** the pid ns the ghost is forked into; undefined when none fits */
  ns: string | undefined;
  /** the process that forks it, in the group's session there; undefined when none */
  creator: Proc | undefined;
}

/** `created`: is a task's creator decided (default: in m); parent-moves.ts predicts the place before all are, from the image */
export function groupGhostPlace(f: Facts, m: CreatorModel, members: Proc[], vec: number[], created: (t: number) => boolean = (t) => m.creation.has(t)): GhostPlace {
  const lvl = vec.length - 1;
  // a member at the leader's level or deeper names the pid ns (the deepest one: its chain has it)
  let deep: Proc | undefined;
  for (const p of members) if (p.level >= lvl && (!deep || p.level > deep.level)) deep = p;
  const byDepth = (a: Proc, b: Proc) => a.depth - b.depth || a.tgid - b.tgid;
  const deepNs = deep ? pidNsAtLevel(f, deep.pidns, lvl) : undefined;
  if (deep) {
    const creator = members.filter((p) => p.pidns === deepNs).sort(byDepth)[0];
    if (creator || !deepNs) return { ns: deepNs, creator };
  }
  // no member lives there (or every member is shallower): a task of the group's session living
  // at that level (in that pid ns), below every member so they all see the group, whose pid ns
  // has the number free (PID-3)
  const sid = members[0].sid;
  const inner = vec[lvl];
  const memberNs = [...new Set(members.map((p) => p.pidns))];
  let best: Proc | undefined;
  for (const t of f.sessions.get(sid) ?? []) {
    const x = f.procs.get(t);
    if (!x || x.level !== lvl || x.zombie || !created(t) || timingIn(f, m, t, sid) !== 'any') continue;
    // (a deep member's chain marks the group's own number used there: the caller checks that
    // no task holds it, PID-3)
    if (deepNs !== undefined ? x.pidns !== deepNs : f.pidns.get(x.pidns)?.used.has(inner)) continue;
    if (!deep && !memberNs.every((ns) => pidNsWithin(f, x.pidns, ns))) continue;
    if (!best || byDepth(x, best) < 0) best = x;
  }
  // (the second attempt, CreatorModel.extended: a leader in the group's session after its setsid,
  // or one born in it that forks the ghost before its own setsid, seed 1412)
  if (!best && m.extended === true) {
    const cands = (f.sessions.get(sid) ?? []).concat(bornIn(m, sid));
    for (const t of cands) {
      const x = f.procs.get(t);
      if (!x || x.level !== lvl || x.zombie || !created(t) || timingIn(f, m, t, sid) === null) continue;
      if (deepNs !== undefined ? x.pidns !== deepNs : f.pidns.get(x.pidns)?.used.has(inner)) continue;
      if (!deep && !memberNs.every((ns) => pidNsWithin(f, x.pidns, ns))) continue;
      if (!best || byDepth(x, best) < 0) best = x;
    }
  }
  return { ns: best?.pidns, creator: best };
}

/** Processes born in session sid (m.bornSid), indexed once per size of bornSid (it only grows): O(1) amortised per call. */
const bornIndex = new WeakMap<CreatorModel, { size: number; bySid: Map<number, number[]> }>();
function bornIn(m: CreatorModel, sid: number): number[] {
  let ix = bornIndex.get(m);
  if (!ix || ix.size !== m.bornSid.size) {
    const bySid = new Map<number, number[]>();
    for (const [t, b] of m.bornSid) {
      const l = bySid.get(b);
      if (l) l.push(t);
      else bySid.set(b, [t]);
    }
    bornIndex.set(m, (ix = { size: m.bornSid.size, bySid }));
  }
  return ix.bySid.get(sid) ?? [];
}
