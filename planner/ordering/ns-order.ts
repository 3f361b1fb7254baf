/**
 * Order of a task's own namespace creations against its joins.
 *
 * A task's join step (nsfix: its setns calls) never touches a slot whose namespace the task
 * creates itself: that slot is set by its own unshare (UNSH-4). unshare(CLONE_NEWIPC/UTS/NET/
 * CGROUP/NS) changes only its own slot, and setns into the other kinds changes neither the
 * capabilities unshare needs (those are checked against the current user ns, OWN-1, which the
 * join step leaves alone) nor what the new namespace is made from. So the two steps commute,
 * and forcing the creation first only adds cycles: e.g. a leader must settle its joins before
 * its threads exist (SETNS-3) while a thread keeps the leader's ipc ns from before the leader's
 * own unshare(CLONE_NEWIPC) (UNSH-2), so the unshare comes after the joins.
 *
 * Not time: unshare(CLONE_NEWTIME) sets time_for_children and the task enters its own new time
 * ns through setns (SETNS-6); the join step's time slot and that order stay as they were.
 * Not user: the user-ns switch is a step of its own.
 */
import type { NsType } from '../../model/image.js';

const COMMUTING: ReadonlySet<NsType> = new Set<NsType>(['ipc', 'uts', 'net', 'cgroup', 'mnt']);

/** May a task's creation of its own namespace of this type come after its join step? */
export function ownNsAfterJoins(type: NsType): boolean {
  return COMMUTING.has(type);
}

/**
 * A child born in its own user ns (`born`) shares namespace `id` in slot `slot` with its
 * creator's final namespaces. Must the creator be in it before creating the child? Not when
 * `id` is owned within `born`: the child's own join step can enter it (SETNS-7 needs
 * CAP_SYS_ADMIN over the owner, which it has from birth), so creating the child before the
 * creator's joins is fine too. The time slots stay ordered: time_for_children follows from the
 * creator's (FORK-8) and a child setns(time) must happen while single-threaded (SETNS-6).
 */
export function childMayJoinShared(slot: string, ownedWithinBorn: boolean): boolean {
  return slot !== 'time' && slot !== 'timeForChildren' && ownedWithinBorn;
}
