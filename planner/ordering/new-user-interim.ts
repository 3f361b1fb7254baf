/**
 * Re-plan variant newUserInterim (with splitJoins): interim joins (birth-needs.ts interimJoins)
 * also for a child its creator forks into a new user ns of the child's own, before the creator's
 * own user-ns switch.
 *
 * Such a child (CLONE_NEWUSER) has no rights over a namespace owned outside its new user ns
 * (SETNS-3..7, OWN-2): it can only inherit it. When the creator ends in a namespace it makes
 * itself in that slot, the creator, still privileged before its switch, joins the child's one
 * first (its join step), forks the child, and only then makes its own (its ns step after the
 * child's birth). Seed 18397: 5 joins net:1 (owned by the host's user ns), forks 7 into user:2,
 * and makes net:0 after its switch to user:1; 7 keeps 5's birth uts ns too, so 5's joins are
 * split by type around 7 (split-joins.ts). O(1) per child.
 */

/**
 * Is process q, created by leader l (not through a thread nor a maker), born in a user ns it
 * makes itself (`bornInNewUser`) other than l's final one (`bornUser` vs `lFinalUser`)? Then it is
 * forked before l's switch, and build.ts orders l's join step before it for an interim join.
 */
export function newUserChildBeforeSwitch(bornInNewUser: boolean, bornUser: string, lFinalUser: string | null): boolean {
  return bornInNewUser && bornUser !== lFinalUser;
}
