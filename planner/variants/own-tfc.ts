/**
 * A creator's main join step (nsfix) changes no time slot when its active time ns is the one it
 * is born with and its time_for_children is one it makes itself (re-plan variant `ownTfc`,
 * planner/index.ts; SETNS-6, UNSH-6, FORK-8).
 *
 * late-joins.ts joinsWhereDiffers asks whether a creator's nsfix step changes a slot where a
 * thread or child ends elsewhere; build.ts then orders that child before the step ("born in a
 * user ns without rights over T's original namespaces, so T creates it before changing them").
 * For the two time slots it answers "no change" only when both are T's from birth. But the step
 * leaves time_for_children alone when T makes that namespace itself: unshare(CLONE_NEWTIME) in
 * its own `ns:` step (UNSH-6), ordered against each child by time-birth.ts (FORK-8: a child is
 * born in its creator's time_for_children at the clone). And it leaves the active time ns alone
 * when T has it from birth: setns(time) would set both slots to one namespace (SETNS-6), so a
 * task whose two slots differ never joins there. With both, the step touches neither slot, and
 * a child differing from T in its time ns need not precede it.
 *
 * - seed 87194: 7 (born in the environment's namespaces, time:0) makes ipc:1, net:1 and its
 *   time_for_children time:1 in user:3, and forks 15 with CLONE_FS after entering user:3
 *   (setns(user) needs an unshared fs_struct, SETNS-4); 15 keeps net:0 and is born in time:2.
 *   The time slot alone made "create 15" precede "7 joins its namespaces", which precedes 7's
 *   switch: a cycle, though that step joins nothing.
 *
 * "From birth" as build.ts slotFromBirth says, and also through zombie creators (seed 87194: 7 is
 * forked by zombie 3, forked by the restorer): a zombie never changes its namespaces in the
 * plan, so its children are born in the time_for_children it was born with (FORK-8), up to the
 * restorer or an image leader in that slot from birth.
 *
 * Only in the variant, so plans found without it stay as they were. O(1).
 */
import type { Facts } from '../facts/facts.js';
import type { NsProxyOf } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { CreatorModel } from '../creators/creators.js';
import { ROOT_NAME } from '../creators/creators.js';

/**
 * Does the nsfix step of leader `t` (final namespaces npL) leave both time slots alone: its time
 * ns from birth (`timeFromBirth`) and its time_for_children its own (`makes`)? false when the
 * variant is off. O(1).
 */
export function ownTfcLeavesTime(f: Facts, npL: NsProxyOf, timeFromBirth: boolean, makes: (id: string) => boolean): boolean {
  return f.ownTfc === true && npL.time !== npL.timeForChildren && timeFromBirth && makes(npL.timeForChildren);
}

/**
 * Is leader t born in its final time ns `want`, its creator chain going through zombies (which
 * keep the namespaces they are born with) up to the restorer (`rootTfc`, its time_for_children)
 * or to a leader whose two time slots are `want` from birth (`fromBirth`)? O(chain length).
 */
export function timeFromBirthThroughZombies(f: Facts, m: CreatorModel, t: Task, want: string, rootTfc: string, isMaker: (tgid: number) => boolean, fromBirth: (t: Task) => boolean): boolean {
  let cur = t;
  for (let guard = 0; guard < 64; guard++) {
    if (cur.pid[0] !== cur.tgid || isMaker(cur.tgid)) return false;
    const by = m.creation.get(cur.tgid)?.by;
    if (by === ROOT_NAME) return rootTfc === want;
    const cr = by?.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : undefined;
    if (!cr || cr.pid[0] !== cr.tgid) return false;
    if (cr.state === 'zombie' && !cr.nsproxy && (f.procs.get(cr.tgid)?.threads.length ?? 0) === 0) { cur = cr; continue; }
    const np = cr.state === 'running' || cr.state === 'stopped' ? (cr.nsproxy ? f.nsproxy.get(cr.nsproxy) : undefined) : undefined;
    return !!np && np.time === want && np.timeForChildren === want && fromBirth(cr);
  }
  return false;
}

/**
 * The slots build.ts leaves out of "does the creator's join step change a slot where the child
 * differs" (late-joins.ts joinsWhereDiffers' `skip`): `own` (own-joins.ts, or undefined), and
 * the creator's two time namespaces when the child joins its final time ns itself: owned within
 * the user ns it is born in, its mm its own process's, not needed at birth for its children
 * (`childJoins`, as time-birth.ts childTimeOrder's). setns(time) then puts it there whatever
 * time_for_children it was born in (SETNS-6), so the creator's time joins may come first
 * (seed 79172: 30, init of pid:4, joins time:1, owned by the environment's user ns, before its
 * switch into user:4, and forks 52 with CLONE_FS after it; 52 joins its time:5, owned by user:4,
 * itself). O(|own|).
 */
export function withOwnTime(own: ReadonlySet<string> | undefined, npCr: NsProxyOf, childJoins: boolean): ReadonlySet<string> | undefined {
  if (!childJoins) return own;
  return new Set([...(own ?? []), npCr.time, npCr.timeForChildren]);
}

/**
 * A creator cr whose two time slots end in one namespace it joins inside its user ns
 * (late-joins.ts lateJoins: owned by its final user ns, SETNS-6/7) changes no time slot in its
 * main join step; in the variant joinsWhereDiffers says so. A child that must be born in another
 * time ns (`childTime`, which it does not join itself: not in `own`) is born in cr's
 * time_for_children from before that later join (FORK-8), so it comes before cr's `nsfix2` step
 * (seed 78016: 37 forks 32 with CLONE_FS after entering user:1; 32 is born in time:0 and makes
 * time:1, which 37 then joins from inside user:1). O(1).
 */
export function lateTimeKept(npCr: NsProxyOf, childTime: string, late: ReadonlySet<string>, own: ReadonlySet<string> | undefined): boolean {
  return npCr.time === npCr.timeForChildren && late.has(npCr.time) && childTime !== npCr.time && !own?.has(npCr.time);
}
