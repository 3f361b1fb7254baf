/**
 * Re-plan variant `bornCreators` (planner/index.ts, born-creators.ts): a dead group leader's
 * ghost in a pid ns of the leader's level other than the one group-ghost-ns.ts picks, forked
 * there by a task of the group's session living in that ns or in an ancestor of it, which sets
 * its pid_for_children to that ns first (SETNS-5; the child is born there, PID-1).
 *
 * Rules served: a group's numbers are its leader's struct pid (PGID-3), so its ghost needs a pid
 * ns of the leader's level where the innermost number is free (PID-3, FORK-9 set_tid). When the
 * deepest member's pid ns has that number taken by a live task (seeds 6617, 11922: the leader
 * lived in another pid ns of that level), or no task of the session lives at that level (seed
 * 11372), any live pid ns of that level with the number free serves the members that see the
 * group by outer numbers (PGID-1, PID-4); members inside another pid ns of that level cannot
 * join it and inherit it from a creator in it, or are moved there by a forker that sees it
 * (parent-moves.ts movesForGhosts; build.ts refuses what neither gives).
 *
 * Preference: the pid ns holding most members at that level or below (they then see the group),
 * then one with a creator inside it (no setns), then the first in image order. O(tasks x levels
 * + pid ns x session members x levels) per dead-leader group, only after an undecided answer.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { timingIn } from './creators.js';
import type { GhostPlace } from './group-ghost-ns.js';
import { bornCreators } from './born-creators.js';

export function groupGhostElsewhere(f: Facts, m: CreatorModel, members: Proc[], vec: number[]): GhostPlace | undefined {
  if (!bornCreators(m)) return undefined;
  const lvl = vec.length - 1;
  if (lvl === 0) return undefined;
  const inner = vec[lvl];
  const sid = members[0].sid;
  // candidate creators: the session's tasks with a decided creation, in the session for good
  // (zombies run until their final exit: born-creators.ts)
  const creators = (f.sessions.get(sid) ?? []).map((t) => f.procs.get(t)!).filter((x) => x && m.creation.has(x.tgid) && x.level <= lvl && timingIn(f, m, x.tgid, sid) === 'any');
  creators.sort((a, b) => Number(a.zombie) - Number(b.zombie) || a.depth - b.depth || a.tgid - b.tgid);
  // numbers taken at that level per pid ns by anything but this group itself: task pids, other
  // groups' and sessions' numbers (PID-3); info.used also counts this group's members' pgid
  const g = vec[0];
  const taken = new Map<string, Set<number>>();
  for (const t of f.image.tasks) {
    if (t.pid.length <= lvl) continue;
    const ns = pidNsAtLevel(f, t.pidns, lvl);
    if (!ns) continue;
    let set = taken.get(ns);
    if (!set) taken.set(ns, (set = new Set()));
    set.add(t.pid[lvl]);
    if (t.pgid[0] !== g && t.pgid.length > lvl) set.add(t.pgid[lvl]);
    if (t.sid[0] !== g && t.sid.length > lvl) set.add(t.sid[lvl]);
  }
  let best: { ns: string; creator: Proc; seen: number; inside: boolean } | undefined;
  for (const [id, info] of f.pidns) {
    if (info.level !== lvl || taken.get(id)?.has(inner) || info.init === null) continue;
    // a live init keeps the pid ns usable for the ghost's birth (PID-7)
    const init = f.procs.get(info.init);
    if (!init || init.zombie) continue;
    const creator = creators.find((x) => x.pidns === id) ?? creators.find((x) => pidNsWithin(f, id, x.pidns));
    if (!creator) continue;
    const seen = members.filter((p) => p.level >= lvl && pidNsWithin(f, p.pidns, id)).length;
    const inside = creator.pidns === id;
    if (!best || seen > best.seen || (seen === best.seen && inside && !best.inside)) best = { ns: id, creator, seen, inside };
  }
  return best && { ns: best.ns, creator: best.creator };
}
