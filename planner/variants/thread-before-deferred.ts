/**
 * A thread created between its leader's main join step and a deferred join of a per-thread kind
 * that the thread must not follow (re-plan variant `keptDeferred`, with `splitJoins`; SETNS-3,
 * SETNS-6, SETNS-7, FORK-7).
 *
 * build.ts orders every thread of a leader after the leader's main join step (nsfix) when it
 * shares the leader's fs_struct (setns(mnt) needs an unshared one, SETNS-3) or ends in the
 * leader's namespaces, and after each of the leader's deferred join steps too (join-defer.ts,
 * split-joins.ts: nsdef). A thread copies its creator's namespaces at CLONE_THREAD (FORK-7). When
 * the thread ends, in the slot of a deferred uts/ipc/net/cgroup join, in another namespace that it
 * cannot join from the user ns it is born in (owned outside it, SETNS-7), it must keep what the
 * leader has there before that join: it is created before the deferred step, not after. Those
 * kinds need neither an unshared fs_struct nor a single thread (SETNS-7), so the deferred join may
 * follow the thread's birth. Seed 40206: init 6 joins time:2 before its threads, forks 412 in
 * its old group 2, makes group 6, forks the maker of 450, which keeps 6's birth uts:0, and joins
 * uts:1 in a deferred step (splitJoins); thread 418, sharing 6's fs_struct, ends in uts:0 too.
 *
 * Only in the variant, so plans found without it stay as they were. O(deferred joins).
 */
import type { Facts } from '../facts/facts.js';
import type { NsProxyOf } from '../graph/build-context.js';
import { SLOTS, type Slot } from '../output/emit.js';

const PER_THREAD: ReadonlySet<Slot> = new Set<Slot>(['uts', 'ipc', 'net', 'cgroup']);

/**
 * Is deferred join `id` of the leader one thread (npTh, born in user ns `born`) must precede: of a
 * per-thread kind, in a slot where the thread ends elsewhere, in a namespace it cannot join
 * itself? false when the variant is off. O(slots).
 */
export function threadBeforeDeferred(f: Facts, id: string, npTh: NsProxyOf | undefined, born: string, ownedWithin: (id: string, u: string) => boolean): boolean {
  if (!f.keptDeferred || !npTh) return false;
  const ty = f.nsById.get(id)?.type;
  const sl = SLOTS.find((x) => PER_THREAD.has(x) && x === ty);
  if (!sl) return false;
  return npTh[sl] !== id && !ownedWithin(npTh[sl], born);
}
