/**
 * Which members may create a namespace that a pid-ns maker joins for its init.
 *
 * A maker (planner/graph/maker-steps.ts makeInit) joins, while still privileged, the namespaces its init must
 * be born in and cannot join later from its own user ns (SETNS-7, OWN-1). Such a namespace exists
 * before the init, so before every task of the init's pid ns and below: the init is the first
 * task of its pid ns (FORK-9), and nothing outside it can create a task inside. A member of that
 * pid ns chosen to create the namespace (it is the first member that can own it) closes a cycle:
 * maker joins X -> init -> the member -> the member creates X (seeds 484, 786, 2845). Those
 * members are passed over; another member, or a holder helper when none is left, creates X.
 * The same for an init whose maker joins X for a child it creates (a member that cannot create
 * X and inherits it from the init, build.ts earlyChildNeed): X exists before that init (seed 9189).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';
import { pidNsWithin } from '../facts/facts.js';

/**
 * A filter for the creator candidates of one namespace: false for a member living in the pid
 * ns (or below) of an init that is a member too, is made by a maker, and cannot create the
 * namespace itself. O(members x blocking inits) to build, O(blocking inits x pid-ns depth) per query; the
 * blocking inits are the makers' among the members, a handful at most.
 */
export function beforeMakerInits(f: Facts, members: readonly Task[], hasMaker: (tid: number) => boolean, canCreate: (t: Task) => boolean, creatorOf?: (tid: number) => number | undefined): (t: Task) => boolean {
  const blocking: Task[] = [];
  for (const t of members) if (t.pid[0] === t.tgid && hasMaker(t.tgid) && f.procs.get(t.tgid)?.isInit === true && !canCreate(t)) blocking.push(t);
  // an init with a maker that creates a member which cannot create the namespace either: the
  // maker may join it for that child, which inherits it (build.ts earlyChildNeed; seed 9189)
  if (creatorOf) {
    for (const t of members) {
      if (t.pid[0] !== t.tgid || canCreate(t)) continue;
      const i = creatorOf(t.tgid);
      const ip = i !== undefined ? f.procs.get(i) : undefined;
      if (ip && ip.isInit && hasMaker(i!) && !canCreate(ip.leader) && !blocking.includes(ip.leader)) blocking.push(ip.leader);
    }
  }
  if (blocking.length === 0) return () => true;
  return (t) => !blocking.some((i) => i !== t && pidNsWithin(f, t.pidns, i.pidns));
}
