/**
 * A thread or child that joins its own namespace in a slot keeps nothing of its creator's there
 * (re-plan variant `ownJoins`, planner/index.ts; SETNS-3, SETNS-4, SETNS-7, FORK-7, OWN-2).
 *
 * build.ts orders a thread, or a child born in a user ns without rights over its creator's
 * original namespaces, before its creator's main join step (nsfix) whenever that step changes a
 * slot where the two end in different namespaces (late-joins.ts joinsWhereDiffers): the thread or
 * child "keeps the namespaces the creator has before its own joins". That is needed only for the
 * slots it cannot reach by itself. A namespace owned within the user ns it is born in, it joins
 * in its own join step with the capabilities it has there (OWN-2), whatever it was born with:
 * setns per thread for uts, ipc, net and cgroup (SETNS-7), mnt when its fs_struct is its own
 * (SETNS-3: a thread or child whose fs_struct no other task shares). Not
 * time (setns(time) needs a single thread, SETNS-6, and a child is born in its creator's
 * time_for_children, FORK-8), nor a slot the child must be born with for its own children
 * (birth-needs.ts). Those slots are left out of the question, so the creator's joins there may
 * come first:
 *
 * - seed 71315: leader 7 joins uts:1, owned by the environment's user ns, then enters user:2
 *   (setns(user) needs a single thread, SETNS-4); its threads end in uts:2 and mnt:1, made in
 *   user:2 by a sibling thread; "thread before 7's joins", "joins before the switch" and "switch
 *   before threads" closed a cycle;
 * - seed 37170: 6 forks zombie session leader 8, which forks 44 and 47 with CLONE_PARENT; 44 must
 *   inherit what 6 settles in its join step, 47 must keep 6's original net:0 (owned outside its
 *   user ns), while its uts:5 and mnt:3 are owned by its own user:7 (its fs_struct its own): 6
 *   joins before forking 8 and makes net:1 after.
 *
 * Only in the variant, so plans found without it stay as they were. O(slots).
 */
import type { Facts } from '../facts/facts.js';
import type { NsProxyOf } from '../graph/build-context.js';
import { SLOTS, type Slot } from '../output/emit.js';

/** Slots a thread may setns on its own while its process has other threads (SETNS-7). */
const PER_THREAD: ReadonlySet<Slot> = new Set<Slot>(['uts', 'ipc', 'net', 'cgroup']);

/**
 * The creator's namespace ids (npCr) in the slots where the thread or child (npTh, born in user
 * ns `born`) ends in a namespace of its own that it joins itself from `born`; empty when the
 * variant is off. `sharesFs`: it shares its creator's fs_struct, or is a child (then not mnt);
 * `need`: the slots it must be born with (never left out). O(slots).
 */
export function ownJoinSlots(f: Facts, npCr: NsProxyOf | undefined, npTh: NsProxyOf | undefined, sharesFs: boolean, born: string, ownedWithin: (id: string, u: string) => boolean, need?: ReadonlyMap<Slot, string>): Set<string> {
  const out = new Set<string>();
  if (!f.ownJoins || !npCr || !npTh) return out;
  for (const sl of SLOTS) {
    if (npTh[sl] === npCr[sl] || need?.has(sl)) continue;
    if (!PER_THREAD.has(sl) && !(sl === 'mnt' && !sharesFs)) continue;
    if (ownedWithin(npTh[sl], born)) out.add(npCr[sl]);
  }
  return out;
}

