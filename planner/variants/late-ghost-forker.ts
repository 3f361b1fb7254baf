/**
 * Re-plan variant `lateGhostForkers` (index.ts VARIANTS): a dead leader's group ghost forked by a
 * subreaper of its session before that subreaper sets its flag, so the ghost's exit hands the
 * members it forks past it.
 *
 * Rules served (docs/kernel-rules.md): a process whose group has no number in its pid ns inherits
 * it at fork (PGID-2, PID-4, FORK-6), so a dead leader's group ghost forks it (PGID-3) and exits;
 * its orphans go to the nearest subreaper above it that has set its flag, else to its pid ns's
 * init (EXIT-2), and PR_SET_CHILD_SUBREAPER takes effect only when set (EXIT-3), so a ghost that
 * exits before its forker S sets its flag hands them to S's own reaper. helper-heirs.ts
 * lateSubreaperHeir gives reparent helpers the same late flag; here it serves the group's ghost,
 * which the session's tasks in the group's pid ns fork (sessions.ts sessionForker asks for one
 * whose reaper is the member's parent, zombies only in `bornCreators`).
 *
 * Seed 45472: 5, session 5's leader and a subreaper (a zombie now), forked 12, which made group
 * 12 and forked 16, the init of pid:1; 5 had exited by then and 12 exited next, so 16 went to the
 * restorer. 16 cannot see group 12 from pid:1 and 5 is the only task of session 5 in the
 * restorer's pid ns: the ghost of 12 that 5 forks must exit before 5 becomes a subreaper.
 *
 * helper-heirs.ts helperHeirEdges orders the ghost's exit before the flag (any helper with
 * lateSubreaper). Offered only in the re-plan variant, after a first answer naming a member no
 * task of its session can create. O(session members x depth) per group ghost.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { actorOf, timingIn } from '../creators/creators.js';
import { lateSubreaperHeir } from '../creators/helper-heirs.js';

type Reaper = (c: string, ns: string) => number;

const on = new WeakSet<CreatorModel>();

export function setLateGhostForkers(m: CreatorModel): void {
  on.add(m);
}

/**
 * A task of session n living in pid ns ns (a zombie too: it runs until its final exit), decided
 * and not open, whose orphans go to p's parent once a ghost it forks exits before the nearest
 * subreaper above it sets its flag. `ok(x)`: the caller's checks of x's creator chain against p.
 */
export function lateGhostForker(f: Facts, m: CreatorModel, p: Proc, n: number, ns: string, reaper: Reaper, ok: (x: number) => boolean): { by: string; timing: HelperSpec['timing']; late: number } | undefined {
  if (!on.has(m)) return undefined;
  for (const x of f.sessions.get(n) ?? []) {
    const xp = f.procs.get(x);
    if (!xp || xp.pidns !== ns || !m.creation.has(x)) continue;
    const tm = timingIn(f, m, x, n);
    if (tm === null || tm === 'before-setsid') continue;
    const late = lateSubreaperHeir(f, reaper, actorOf(x), ns);
    if (!late || late.heir !== p.parent || !ok(x)) continue;
    return { by: actorOf(x), timing: tm, late: late.late };
  }
  return undefined;
}

/** The task a group ghost's exit hands its orphans to: past its late subreaper when it has one. */
export function ghostHeir(f: Facts, reaper: Reaper, h: HelperSpec, ns: string): number | undefined {
  return h.lateSubreaper !== undefined && h.by.startsWith('t') ? lateSubreaperHeir(f, reaper, h.by, ns)?.heir : reaper(h.by, ns);
}
