/**
 * Attempt `initJoinOwnTfcs` (with `initJoinHelpers`, index.ts, after the other init-join
 * attempts; SETNS-6, UNSH-6, FORK-8, EXIT-2): the init-join helper (output/init-join-helper.ts)
 * also for a child whose time ns and time_for_children differ, when the child makes that
 * time_for_children itself.
 *
 * The helper joins, for a pid-ns init's child, the namespaces owned outside the user ns the child
 * is born in, and forks it there. It refused a child whose two time slots differ: setns(time)
 * sets both to one namespace (SETNS-6), so the helper cannot hold the pair. But a child born in
 * the helper's time_for_children (FORK-8) that ends with a time_for_children owned inside its own
 * user ns makes that one by its own unshare(CLONE_NEWTIME) (UNSH-6), which leaves its active time
 * ns alone: the helper need hold only the child's active time ns, which setns(time) gives as both
 * slots. Seed 100111: 43 ends in time:0 (the environment's) with time_for_children time:2, owned
 * by its user ns user:2; its parent 12, init of pid:2 born in user:2, is in time:1 from birth and
 * can give it neither, and 43 has no rights to join time:0 (SETNS-6).
 *
 * Only in the attempt, so plans found without it stay as they were; the plan is verified on
 * replay and kept only when it plans. O(1) per child asked.
 */
import type { Facts } from '../facts/facts.js';
import type { NsProxy } from '../../model/image.js';

/**
 * May the init-join helper take child namespaces `np` whose time slots differ, holding only the
 * active time ns, the child making its time_for_children inside `born` itself? `within(owner,
 * born)`: is user ns `owner` `born` or below it. O(1).
 */
export function ownTfcAfterHelper(f: Facts, np: NsProxy, born: string, within: (owner: string, born: string) => boolean): boolean {
  if (!f.initJoinOwnTfcs || np.time === np.timeForChildren) return false;
  const def = f.nsById.get(np.timeForChildren);
  return !!def && !def.external && !!def.owner && within(def.owner, born);
}
