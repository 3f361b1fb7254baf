/**
 * A holder for a bare user ns on the way (re-plan variant `userHolders`, emit.ts enterUserChain).
 *
 * A user ns U that the image holds no task in and that owns nothing but user namespaces below it
 * is made by the first actor whose way down passes through it (unshare(CLONE_NEWUSER), UNSH-3).
 * That actor then moves on down, and U has no member left: a second actor that must create
 * another child of U from inside it (OWN-1) cannot open a ns file of U (NSFD-1: setns(user)
 * needs a file of a live member, SETNS-4) and the plan stops. In the kernel history some process
 * stayed in U while the others passed (its members had made U and forked there before unsharing
 * again). The construction: when U has two or more child user namespaces, a helper forked by
 * the restorer (privileged in the root user ns, which holds every capability below it, OWN-2)
 * creates U itself on its own way down (enterUserChain, joining the live user namespaces above),
 * and stays there; every actor that passes through U joins it with setns on the helper's
 * /proc/PID/ns/user (SETNS-4). At the end of the plan the helper exits and the restorer reaps it
 * (EXIT-6), so no helper is left behind. Its pid numbers are chosen free in every level of the
 * restorer's pid ns and kept out of the image's (like ns_last_pid writers, emit.ts).
 * O(depth + namespaces) per bare user ns.
 */
import type { Facts } from '../facts/facts.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import type { Emitter } from './emit.js';
import { pickFreePids } from './free-pids.js';

/** Helper names by the bare user ns they hold, in creation order (per emitter). */
export type UserHolders = Map<string, string>;

/** The name of the holder of user ns u. */
export function userHolderName(u: string): string {
  return `userholder-${u.replace(/[^A-Za-z0-9]/g, '')}`;
}

/**
 * Does bare user ns u want a holder: two or more child user namespaces in the image, so a second
 * actor passes through it after the first moved on? O(namespaces).
 */
export function wantsHolder(f: Facts, u: string): boolean {
  let n = 0;
  for (const x of f.image.namespaces) if (x.type === 'user' && x.parent === u && ++n >= 2) return true;
  return false;
}

/**
 * Fork the holder of bare user ns u from the restorer and have it create u; false (nothing
 * emitted) when the restorer cannot (dead, unprivileged, or not in the root user ns).
 */
export function holdBareUser(em: Emitter, f: Facts, holders: UserHolders, u: string): boolean {
  const root = em.get(ROOT_ACTOR);
  if (!root.alive || root.userns !== f.rootUserNs || !em.hasCaps(ROOT_ACTOR)) return false;
  const name = userHolderName(u);
  // free numbers per level of the restorer's pid ns, outermost first, kept out of the image's
  const vector = pickFreePids(f, root.pidns);
  em.clone({ actor: ROOT_ACTOR, child: name, tid: -1, pidns: root.pidns, vector, thread: false, cloneParent: false, share: [], newPidns: false, why: `holder of user ns ${u}, which holds no task and owns nothing but user namespaces below it: it makes it and stays in it, so every actor passing through it can join it (NSFD-1, SETNS-4)` });
  em.create(name, 'user', u, `${name} creates user ns ${u} and stays in it while the actors on their way below pass through it (UNSH-3, OWN-1)`);
  holders.set(u, name);
  return true;
}

/** At the end of the plan: every holder exits and the restorer reaps it (EXIT-6). */
export function releaseUserHolders(em: Emitter, holders: UserHolders): void {
  for (const [u, name] of holders) {
    const st = em.get(name);
    em.exit(name, { code: 0, group: true }, `every actor has passed through user ns ${u}: its holder exits`);
    em.reap(ROOT_ACTOR, st, `reap ${name} so no helper is left behind (EXIT-6)`);
  }
  holders.clear();
}
