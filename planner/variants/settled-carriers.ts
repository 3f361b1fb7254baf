/**
 * Re-plan variant `settledCarriers` (index.ts CYCLE_VARIANTS): a session's own reparent-helper
 * carriers, like the carriers found in a member's group, offered only when their creator chain
 * is decided and free of the component's open members (sessions.ts settledCarrier).
 *
 * Rules served (docs/kernel-rules.md): a process whose group has no number in its pid ns cannot
 * join it (PGID-2, PID-4) and is in it only by inheriting it at fork (FORK-6), so its creator, a
 * reparent helper here, is in that group when it forks it; the helper inherits the group from
 * its carrier at its own birth (FORK-6) and hands the member to its parent by exiting (EXIT-2).
 * The carrier exists before the helper, and the helper before the member (FORK-1). A carrier
 * created, through its own creator chain, by an open member of the same component (a member
 * still to be decided) may end up below the very member its helper forks: the helper then
 * inherits the group from the child it must create. sessions.ts checks the chain of a carrier
 * found in the member's group, but offers the session's first few carriers unchecked.
 *
 * Seeds 61205, 85781, 99718: group 2 (resp. 6, 5) has no number in pid:1 (its leader lives at
 * level 0), and every member of it in pid:1 descends from an orphan of that pid ns's init. The
 * session's carriers are such descendants (45, 28 in 61205), so each helper's group comes from
 * a member below the orphan it forks: "h1 created by t45 ... create 15 ... 28 inherits group 2
 * from 15 ... h2 created by t28 ... create 36 ... 45 inherits group 2 from 36" is a cycle, and
 * re-plans banning one carrier at a time run out before the last. With those carriers refused,
 * the orphans keep only options whose creator is settled: a helper a settled carrier forks into
 * the init's pid ns (helper-heirs.ts childNsForHeir, SETNS-5), or lifting their parent, the init,
 * born in the session before its setsid (SID-2): the plans found fork 8 into session 2 and
 * group 2 with CLONE_PARENT, and 8 forks its orphans before its own setsid.
 *
 * Offered only after a first answer naming such a cycle: a reparent helper that inherits a
 * group it cannot join from its pid ns. O(creator-chain depth) per carrier offered, as for the
 * group's carriers.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setSettledCarriers(m: CreatorModel): void {
  on.add(m);
}

/** Is the variant on: are the session's own carriers checked like the group's? */
export function settledCarriers(m: CreatorModel): boolean {
  return on.has(m);
}

/** The first answer's cycle this variant serves: a reparent helper inheriting a group it cannot join from its pid ns (PGID-2). */
export const HELPER_INHERITS_GROUP = /\(reparent-helper\) created by t\d+" because h\d+ inherits group \d+ from \d+ once \d+ is in it; it cannot join it from its pid ns \(PGID-2\)/;
