/**
 * A pid-ns maker forked before its creator's user-ns switch (FORK-9, SETNS-4, OWN-1).
 *
 * A maker helper (maker-steps.ts makeInit) is forked by the init's creator, joins the init's
 * namespaces owned outside the pid ns owner while privileged, enters the owner (or its parent,
 * to create it with CLONE_NEWUSER) and clones the init. The creator forks it before its own
 * switch when the maker must join namespaces its creator's final user ns has no rights over
 * (the creator's "created while still privileged" edge). In one step, the whole maker then
 * precedes the creator's switch, and so must the user ns the maker enters and the namespaces
 * it joins: a cycle when the creator makes that user ns at its switch (seed 229: the creator
 * creates user:0 as its first member, the maker enters user:0 to create user:3), or when a
 * holder makes a namespace the maker joins only after the switch (seed 508).
 *
 * Only the fork needs the creator's privilege: the maker's credentials are copied at fork and
 * stay in the creator's born user ns, with every capability there, whatever the creator does
 * next. So in the second build (exec-order.ts: children created after the switch), a maker-made
 * init on such a cycle gets two steps: `mkfork:N`, the creator's fork of the maker (ordered
 * like a creation: before the switch, in the creator's session and group, SID-2, PGID-2), and
 * `task:N`, the maker's joins, user-ns entry and clone of the init, then its exit and reaping,
 * free to follow the creator's switch. The maker's pid comes from set_tid at the fork, as before.
 * O(makers).
 */

/** step kind of the early fork of a maker: `mkfork:<init tid>` */
export const MAKER_FORK = 'mkfork';

/** Inits whose maker is forked early: those made by a maker that the second build creates after their creator's switch. */
export function earlyMakers(makers: ReadonlyMap<number, unknown>, afterSwitch: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (const tid of afterSwitch) if (makers.has(tid)) out.add(tid);
  return out;
}
