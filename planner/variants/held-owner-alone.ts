/**
 * Re-plan variant `heldOwnersAlone` (index.ts CYCLE_VARIANTS, with `holderOwners`): a rebuild round
 * that hands a user ns U to a holder (holder-owner.ts heldOwnersOnCycle) moves no creation after
 * its creator's user-ns switch in that round (exec-order.ts privilegedCreationsOnCycle and its
 * siblings, the `late` set): the holder alone is tried first, the late moves only in a later round
 * if a cycle still asks for them.
 *
 * Rules served (docs/kernel-rules.md): set_tid needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE) in
 * the owner of every pid ns it names (FORK-9), so a creator forks such children before its switch
 * into a user ns below; a task born after that switch is born in its creator's new user ns and
 * cannot move back up (SETNS-4). A user ns made by a holder (UNSH-3; OWN-1, its maps written from
 * the parent, OWN-6) is the same namespace to every member entering it with setns (SETNS-4), so
 * nothing waits for a member's switch to make it: the creations before that switch, which the
 * same cycle also names, can stay before it. Moving them late in the same round as the holder
 * makes one of them born below its final user ns, the rebuild fails, and the round is undone with
 * the holder.
 *
 * Seed 36758: 3 (init of pid:1, finally in user:1 below user:3) made user:3 at its switch; 37, a
 * member of user:3, made ipc:0 there, which 3 and 55 (forked with set_tid before 3's switch)
 * hold. With user:3 held, 3 joins ipc:0 before forking 55 and 37 stays forked before the switch.
 *
 * O(1) per round.
 */

/** The first answer's cycle this variant serves: a maker entering a user ns a member makes at its switch, and set_tid creations before a switch (FORK-9). */
export const HELD_OWNER_AFTER_SET_TID = /user ns \S+ exists before maker \S+ enters it \(SETNS-4\)[^]*creates tasks with set_tid while still privileged \(FORK-9\)|creates tasks with set_tid while still privileged \(FORK-9\)[^]*user ns \S+ exists before maker \S+ enters it \(SETNS-4\)/;
