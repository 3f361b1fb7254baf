/**
 * Re-plan variant `ghostForkedGroups` (index.ts VARIANTS): a dead leader's group ghost forked by
 * its session's ghost when no task of the session lives at the leader's pid-ns level.
 *
 * Rules served (docs/kernel-rules.md): a group is named by its leader's struct pid, so its ghost
 * needs that number at every level, set by clone3 set_tid (FORK-9, PGID-3), in a pid ns of the
 * leader's level where it is free (PID-3); the forker needs CAP_SYS_ADMIN (or
 * CAP_CHECKPOINT_RESTORE) over each level's owner, which the restorer's session ghost, in the
 * initial user ns, has (FORK-9 c); a task may point its pid_for_children at any pid ns below its
 * own (SETNS-5) and its next child is born there (PID-1, FORK-7), in the forker's session and
 * group (FORK-6), so the group's ghost is in the session when it calls setpgid(0, 0) (PGID-2
 * step 5 then lets members join it). A session's ghost is the restorer's child with the dead
 * session leader's pid, which called setsid (sessions.ts): it is in the session for good.
 *
 * Seed 20888: group 10 ([10, 4]) was led from pid:0 (level 1) by 10, which unshared a pid ns and
 * forked every member of session 2 (all at level 2 or deeper) before it died; session 2's leader
 * is dead too. The group's ghost must live in pid:0, where no task of session 2 lives
 * (group-ghost-ns.ts, group-ghost-elsewhere.ts find no forker), while session 2's ghost, in the
 * restorer's pid ns above it, can fork it there.
 *
 * Only the pid ns on the members' own chains at the leader's level serves (they see the group
 * there, PID-4), when its init is alive (PID-7) and no task holds the number (PID-3). O(members x
 * levels + tasks x levels) per such group, only in the re-plan variant, for an image with a
 * dead-leader group and a dead session leader.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { pidNumberHolders } from '../creators/group-taken-number.js';

const on = new WeakSet<CreatorModel>();

export function setGhostForkedGroups(m: CreatorModel): void {
  on.add(m);
}

/**
 * The session ghost that can fork group g's ghost, and the pid ns it forks it into; undefined when
 * the members do not name one pid ns of the leader's level, its init is dead or the number taken,
 * or the session has no placed ghost above it.
 */
export function sessionGhostForker(f: Facts, m: CreatorModel, members: Proc[], vec: number[]): { ns: string; by: HelperSpec } | undefined {
  if (!on.has(m)) return undefined;
  const lvl = vec.length - 1;
  let ns: string | undefined;
  for (const p of members) {
    if (p.level < lvl) continue;
    const x = pidNsAtLevel(f, p.pidns, lvl);
    if (!x || (ns !== undefined && x !== ns)) return undefined;
    ns = x;
  }
  if (ns === undefined || !members.every((p) => p.level >= lvl || pidNsWithin(f, ns!, p.pidns))) return undefined;
  const info = f.pidns.get(ns);
  const init = info?.init != null ? f.procs.get(info.init) : undefined;
  if (!init || init.zombie) return undefined;
  const holder = pidNumberHolders(f).get(ns)?.get(vec[lvl]);
  if (holder !== undefined && holder !== vec[0]) return undefined;
  const ghost = m.sessionGhost.get(members[0].sid);
  if (!ghost || !ghost.placed || ghost.pidns === ns || !pidNsWithin(f, ns, ghost.pidns)) return undefined;
  return { ns, by: ghost };
}

/**
 * May session ghost `ghost` fork a group's ghost into pid ns `ns` below its own (sessions.ts
 * groupGhostCreates: that group ghost then forks members that cannot join the group, and its exit
 * hands them to ns's init, EXIT-2)? O(levels).
 */
export function ghostAbove(f: Facts, m: CreatorModel, ghost: HelperSpec, ns: string): boolean {
  return on.has(m) && ghost.pidns !== ns && pidNsWithin(f, ns, ghost.pidns);
}
