/**
 * Re-plan variant `siblingGhosts` (index.ts): a group's ghost or joiner forked with CLONE_PARENT
 * by a sibling of the member it creates.
 *
 * A member P of session n must be born in group g (it cannot join g from its pid ns, or a child
 * must inherit g from it: PGID-2, PID-4), its image parent Q is never in session n, and no task
 * of the session forks g's ghost (dead leader) or a joiner of g (live leader, group-joiner.ts)
 * whose exit would hand P to Q (EXIT-2: Q is no subreaper, or a subreaper stands between). When a
 * sibling S of P (Q's child from birth, so it is Q's child when it forks: FORK-3) is in session n,
 * S forks the helper with CLONE_PARENT: the helper is Q's child in session n (FORK-3: session and
 * group come from the caller), takes group g (setpgid(0, 0) with g's numbers, PGID-3, or
 * setpgid(0, g) for a live leader's group, PGID-2), forks P with CLONE_PARENT, so P is Q's child,
 * in session n and group g, and exits; Q reaps it (EXIT-6). Seed 13842: init 6, the restorer's
 * child, is born in dead group 4 of session 2, whose only task in the host pid ns is its zombie
 * subreaper leader 2, a sibling of 6. Neither S nor the helper may be a pid-ns init (FORK-3:
 * EINVAL from a SIGNAL_UNKILLABLE caller); CLONE_PARENT|CLONE_NEWPID is allowed (FORK-3).
 *
 * O(session members x creator-chain depth) per member asked.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from './creators.js';
import { actorOf, timingIn } from './creators.js';

/** Is the variant on? */
export function siblingGhosts(m: CreatorModel): boolean {
  return m.siblingGhosts === true;
}

/**
 * A sibling S of p in session n, living in pid ns `ns` (the helper's), that is its parent's
 * child from birth and may fork there: its actor and timing, or undefined. `settled(actor)`
 * says the actor's creator chain is decided and free of p (sessions.ts settledCarrier).
 */
export function siblingForker(
  f: Facts, m: CreatorModel, p: Proc, n: number, ns: string, open: ReadonlySet<number>, settled: (actor: string) => boolean,
): { by: string; timing: HelperSpec['timing'] } | undefined {
  if (!siblingGhosts(m) || !canCreateIn(f, ns, p)) return undefined;
  for (const x of f.sessions.get(n) ?? []) {
    const xp = f.procs.get(x);
    if (!xp || x === p.tgid || xp.parent !== p.parent || xp.isInit || xp.pidns !== ns || open.has(x)) continue;
    if (xp.leader.state === 'dead') continue;
    const c = m.creation.get(x);
    // its parent from birth: forked by it, or by a sibling with CLONE_PARENT (not handed over by an exit)
    if (!c || c.via !== undefined || !(c.by === actorOf(p.parent) || c.cloneParent)) continue;
    const tm = timingIn(f, m, x, n);
    if (tm === null || tm === 'before-setsid') continue;
    if (!settled(actorOf(x))) continue;
    return { by: actorOf(x), timing: tm };
  }
  return undefined;
}
