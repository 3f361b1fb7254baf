/**
 * Re-plan variant `helperJoinsFor` (index.ts CYCLE_VARIANTS): a child forked through a helper (a
 * session's or group's ghost, a reparent helper) that must inherit namespaces of its creator's
 * final ones it cannot join is forked after the creator settled them, and the helper, forked
 * earlier, joins for it right before the fork those the helper does not hold yet. build.ts
 * otherwise orders the helper's own birth after the creator's joins ("it inherits them from C
 * through H once C is in them"), since a helper never changes its namespaces.
 *
 * Rules served (docs/kernel-rules.md): a child is born in its forker's namespaces (FORK-7); a task
 * may setns into a namespace with CAP_SYS_ADMIN over its owner (SETNS-3..7, OWN-2), which the
 * helper, born in its creator's user ns before that creator's switch, has where the child, born in
 * a user ns below, has not (the emitter refuses otherwise: the plan stays undecided); a ghost's
 * setsid or setpgid does not depend on its namespaces (SID-2, PGID-3). When the same helper must
 * also fork, earlier, a child keeping the creator's namespaces from before its joins ("C creates H
 * before changing them"), both orders hold only this way.
 *
 * Seed 98953: session 12's ghost h1, forked by 6, forks group 20's ghost (which forks 48, born in
 * user:4 without rights over 6's original namespaces) before 6's joins, and 24 (init of pid:5,
 * needing net:0, 6's final net ns, which it cannot join) after them. 6 holds net:0 from its
 * birth, so h1 holds it too and the emitter joins nothing for 24: the order alone was in the way.
 *
 * O(settled namespaces) per such child.
 */

/** The first answer's cycle this variant serves: one helper needed both before and after its creator's joins (SETNS-7). */
export const HELPER_BOTH_SIDES = /it inherits them from \d+ through (h\d+) once \d+ is in them \(SETNS-7\)[^]*so \d+ creates \1 before changing them \(SETNS-7\)|so \d+ creates (h\d+) before changing them \(SETNS-7\)[^]*it inherits them from \d+ through \2 once \d+ is in them \(SETNS-7\)/;
