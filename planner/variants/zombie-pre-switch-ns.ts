/**
 * A zombie first holder of an fs_struct that switches user ns and only then forks its CLONE_FS
 * children makes or enters, before its switch, the pid and time namespaces those children are
 * born in (re-plan variant `zombiePreSwitchNs`, with `shares`, `zombieShares`, `unshareInits` and
 * `zombieJoins`).
 *
 * Rules: FORK-4 (a CLONE_FS child shares its creator's fs_struct), SETNS-4 and UNSH-1 (a task
 * sharing its fs_struct can neither setns(user) nor unshare(CLONE_NEWUSER): such a child is born
 * in its final user ns, so its creator is in that user ns when it forks it), OWN-1 (a new pid or
 * time ns is owned by its creator's user ns at the unshare), OWN-2/SETNS-5/SETNS-6 (setns needs
 * CAP_SYS_ADMIN over the owner: the child, in the user ns below, can join neither a pid ns nor a
 * time ns owned by the one above), UNSH-5/PID-8 (unshare(CLONE_NEWPID) makes pid_for_children; the
 * next child is its init), FORK-8 (a child is born in its creator's time_for_children), EXIT-4 (a
 * zombie's namespaces are gone from the image: it may end anywhere).
 *
 * Seed 15949: zombie 4 unshared CLONE_NEWNS|CLONE_NEWTIME|CLONE_NEWPID in user:0, then
 * CLONE_NEWUSER (user:1), then forked 44 (init of pid:3, in time:2, both owned by user:0) and 47
 * with CLONE_FS. The planner had zombie 3 (user:0) stand for fs:3, so 44 and 47 were born in user:0
 * and could not enter user:1 sharing it (SETNS-4). Three parts, each needed:
 * - `userFirstZombies`: share-zombies.ts tries first, for an fs_struct whose entries all end in one
 *   user ns U, the zombies whose final user ns is U (the only place they can fork them, above);
 * - `zombieUnshareInit`: unshare-init.ts's construction for a zombie creator (no nsproxy in the
 *   image): it unshares the init's pid ns before its switch when its born user ns owns it;
 * - `zombieJoinSlots`: zombie-joins.ts also joins the children's time ns before the switch
 *   (em.join sets time and time_for_children: the children are born there, FORK-8).
 * Complexity: a stable sort of the zombies per fs_struct (O(z log z)); O(1) per init; one slot more
 * per zombie in zombie-joins.ts.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { NeedSlot } from '../ordering/birth-needs.js';

/** The slots zombie-joins.ts joins for a zombie's later children: in the variant, time too. */
export type ZombieSlot = NeedSlot | 'time';
export function zombieJoinSlots(f: Facts, base: readonly ZombieSlot[]): readonly ZombieSlot[] {
  return f.zombiePreSwitchNs ? [...base, 'time'] : base;
}

/**
 * In the variant: does zombie creator `cr` unshare init p's pid ns (owned by `owner`) before its
 * user-ns switch? It switches, its born user ns owns the pid ns and p ends outside that user ns
 * (p could not be born in a pid ns the zombie makes with CLONE_NEWPID after the switch, OWN-1).
 */
export function zombieUnshareInit(f: Facts, cr: Proc, p: Proc, owner: string, bornUser: string, switches: boolean): boolean {
  return f.zombiePreSwitchNs === true && cr.zombie && switches && owner === bornUser && p.leader.userns !== null && p.leader.userns !== owner;
}

/** In the variant, for fs_struct entries all ending in one user ns: the zombies ending there first (stable). */
export function userFirstZombies(m: CreatorModel, zombies: Proc[], kind: string, entries: readonly Proc[]): Proc[] {
  if (!m.zombiePreSwitchNs || kind !== 'fs' || entries.length === 0) return zombies;
  const u = entries[0].leader.userns;
  if (u === null || entries.some((p) => p.leader.userns !== u)) return zombies;
  return [...zombies.filter((z) => z.leader.userns === u), ...zombies.filter((z) => z.leader.userns !== u)];
}
