/**
 * Build hook for the helpers of shape 'join' (planner/ordering/pfc-helper.ts, HelperSpec.joinsForChild):
 * a helper H that T forks in its born session or group, before T's user-ns switch, and that
 * forks T's child X with CLONE_PARENT (FORK-3). X born in a new user ns: H joins for it the
 * namespaces X can only inherit (emit.ts helperJoinsFor, SETNS-7). X born in T's user ns: X has
 * H's credentials, T's from before the switch, and joins its namespaces itself (its own join
 * step comes before its own user-ns switch, as for any task).
 *
 * X's birth is then ordered by H's joins (the `ns:` edges build.ts adds for a helper-made child
 * born in a new user ns) or X's own, not by T's join step: that order is what the construction
 * lifts. The capabilities are T's at H's fork (credentials are copied at fork), so H is forked
 * before T enters its own user ns, while T still has them (SETNS-3..7). O(1).
 */
import type { BuildContext } from './build-context.js';

/**
 * When creator actor `by` of task `tgid` is a 'join' helper forked by image task actor `origin`:
 * order the helper's fork before its creator's user-ns switch and return true (the caller then
 * skips the creator's join-order edges for `tgid`); else false, adding nothing.
 */
export function joinHelperFirst(ctx: BuildContext, by: string, origin: string, tgid: number): boolean {
  const h = ctx.helperByName.get(by);
  if (!h?.joinsForChild || h.by !== origin || !origin.startsWith('t') || !h.creates.includes(tgid)) return false;
  ctx.em.joinHelpers.add(h.name);
  const tid = Number(origin.slice(1));
  if (ctx.s.has(`user:${tid}`)) ctx.s.edge(`helper:${h.name}`, `user:${tid}`, `helper ${h.name} joins for ${tgid} with ${tid}'s capabilities from before its user-ns switch (SETNS-7)`, 'SETNS-7');
  return true;
}
