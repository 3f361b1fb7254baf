/**
 * Re-plan variant `lateSettledBirths` (index.ts VARIANTS appended-since, with `vmTimeBirths`;
 * SETNS-3, SETNS-4, SETNS-7, FORK-7): a child born in a user ns without rights over namespaces it
 * must inherit from its creator is born after the creator's joins of them inside its own user ns,
 * not only after its privileged ones.
 *
 * A child forked with CLONE_NEWUSER has capabilities in its new user ns only, so it can join no
 * namespace owned by an ancestor user ns (SETNS-7): a namespace of its creator's that it ends in
 * it must inherit at the clone. build.ts orders such a child after its creator's join step
 * (`nsfix`, "settle first"), but a creator that joins a namespace owned by its own final user ns
 * does so after its user-ns switch, in its late step (`nsfix2`, late-joins.ts lateJoins): the
 * child could then be forked between the switch and those joins, inheriting the older namespace
 * (seed 224 of the vm-forks generator: 33 enters user:1, forks 323 with CLONE_VM|CLONE_NEWUSER
 * before mnt:2, owned by user:1, exists; 323 in user:5 below user:1 cannot join it, SETNS-3).
 * Here the child also waits for that late step when one of the namespaces it inherits is joined
 * there. The creator's late step needs nothing from the child, so no cycle comes from it alone;
 * the plan is verified on replay, and the variant kept only when it plans.
 *
 * Only in the variant (first attempts keep their order). O(namespaces the child settles) per child.
 */
import type { Facts } from '../facts/facts.js';

/** The creator's late join step the child must follow, else undefined (see above). */
export function lateSettledStep(f: Facts, crn: number, settled: readonly string[], late: ReadonlySet<string>, has: (step: string) => boolean): string | undefined {
  if (!f.lateSettledBirths || !settled.some((id) => late.has(id))) return undefined;
  const step = `nsfix2:${crn}`;
  return has(step) ? step : undefined;
}
