/**
 * Threads and children that keep a leader's older namespaces while the leader joins its final
 * ones around its execve (re-plan variant threadKeeps, with execCaps; SETNS-3, SETNS-4, SETNS-7,
 * EXIT-1).
 *
 * execve kills every other thread (EXIT-1), so a leader's threads come after it; a thread that
 * keeps a namespace it cannot join itself (owned outside its user ns, SETNS-7) comes before the
 * leader's join of that slot; and that join was ordered before execve, which may drop the
 * capabilities (SETNS-7). When the execve keeps every capability (uid 0 of its user ns is the
 * restorer's, facts.ts execJoinsAfter) the joins may follow it, and histories do exactly that:
 * execve, CLONE_THREAD, then setns or unshare of uts/ipc/net/cgroup, which the kernel allows a
 * multi-threaded caller (setns is per thread for these kinds; only user, mnt with a shared
 * fs_struct and time need a single thread, SETNS-3, SETNS-4, SETNS-6). Four constructions:
 *
 * - a thread sharing the leader's fs_struct that keeps an older uts/ipc/net/cgroup ns
 *   (fs-relays.ts fsThreadKeepers) is created before the leader's joins also when a further build
 *   split some joins out (join-defer.ts), provided those are all of these per-thread kinds: the
 *   deferred steps follow the main one, and none of them touches the shared fs_struct (seed 7014);
 * - a thread created by another thread copies that creator's namespaces at CLONE_THREAD
 *   (FORK-7), not the leader's: when each of its namespaces is its creator's or one it may join or
 *   make itself from its born user ns, it keeps nothing of the leader's and need not precede the
 *   leader's joins (build.ts threadByThreadEdges orders it against its creator; seed 13106);
 * - the leader's joins inside its final user ns (late-joins.ts, nsfix2) are free of its execve
 *   like its main joins (build.ts, execKeepsCapsOnly) when the execve keeps every capability;
 * - then a child forked before those joins that must keep a namespace they change (it cannot join
 *   it from its born user ns) is ordered before them, as kept-rights-joins.ts does for the joins a
 *   further build moved there (seed 18753).
 *
 * Only in the re-plan variant threadKeeps (index.ts, Facts.threadKeeps), so the plans found
 * without it stay as they were. O(slots) per question.
 */
import type { Facts } from '../facts/facts.js';
import type { NsProxyOf } from '../graph/build-context.js';
import { SLOTS } from '../output/emit.js';

/** Namespace kinds a multi-threaded task may setns or unshare (SETNS-3, SETNS-4, SETNS-6, UNSH-2). */
const PER_THREAD_KINDS = new Set(['uts', 'ipc', 'net', 'cgroup']);

/** Is the variant on? */
export function threadKeepsOn(f: Facts): boolean {
  return f.threadKeeps === true;
}

/**
 * May a thread sharing the leader's fs_struct that keeps its older namespaces still come before
 * the leader's joins when a further build deferred `deferred` out of them? Only when every
 * deferred join is of a per-thread kind. O(deferred).
 */
export function keeperBeforeDeferred(f: Facts, deferred: ReadonlySet<string> | undefined): boolean {
  if (!threadKeepsOn(f) || !deferred || deferred.size === 0) return false;
  for (const id of deferred) if (!PER_THREAD_KINDS.has(f.nsById.get(id)?.type ?? '')) return false;
  return true;
}

/**
 * Does a thread with namespaces npTh, created by another thread with final namespaces npC, need
 * nothing of its leader's namespaces: each slot is its creator's, or one `reachable` from its
 * born user ns (it joins or makes it itself)? O(slots).
 */
export function threadNeedsOnlyItsCreator(f: Facts, npTh: NsProxyOf | undefined, npC: NsProxyOf | undefined, reachable: (id: string) => boolean): boolean {
  if (!threadKeepsOn(f) || !npTh || !npC) return false;
  return SLOTS.every((sl) => npTh[sl] === npC[sl] || reachable(npTh[sl]));
}

/** May the leader's joins inside its user ns follow its execve, which keeps every capability (`keepsCaps`)? */
export function lateJoinsFreeOfExec(f: Facts, keepsCaps: boolean): boolean {
  return threadKeepsOn(f) && f.execJoinsAfter === true && keepsCaps;
}
