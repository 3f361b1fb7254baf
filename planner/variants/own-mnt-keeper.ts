/**
 * Re-plan variant `ownMntKeepers` (index.ts, with `execCaps` and `threadKeeps`; Facts.ownMntKeepers,
 * build.ts thread edges): a thread sharing its leader's fs_struct that keeps an older uts/ipc/net/
 * cgroup namespace (fs-relays.ts fsThreadKeepers) is created before the leader's join step also
 * when the leader makes its mount ns itself, not only when it joins it in an early step of its own.
 *
 * Such a thread must come after the leader's mount ns is settled: setns(mnt) needs an unshared
 * fs_struct (SETNS-3) and unshare(CLONE_NEWNS) would give the leader a private copy (UNSH-1), so
 * the thread, sharing it, would lose it. It must come before the leader's join of the slot it
 * keeps: it is born in a user ns without CAP_SYS_ADMIN over that namespace's owner (SETNS-7,
 * OWN-2) and can only copy it at CLONE_THREAD (FORK-7). The keeper edge (build.ts) served the
 * first case through the leader's early mount step (ns-nodes.ts nsmnt); a leader that unshares
 * its own mount ns has its mount ns settled by that ns step, which build.ts already orders before
 * every thread sharing its fs_struct, so the thread may follow it and precede the join step, whose
 * setns of the per-thread kinds works in a multithreaded caller (SETNS-7). The emitter still
 * refuses a join of mnt, time or user there (SETNS-3, SETNS-4, SETNS-6). Seed 84256: leader 4
 * (born in user:0 with CLONE_NEWUSER, its own mnt:0) forks thread 32, which keeps the host's
 * net:1 owned by user:9, then joins net:0 after its execve, which keeps its capabilities
 * (execCaps, thread-keeps.ts); the history did that: execve, CLONE_THREAD, unshare(CLONE_NEWNET).
 * O(1) per thread.
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** Does leader t, with final mount ns mnt, make that mount ns itself (variant on only)? O(1). */
export function ownMntSettles(f: Facts, t: Task, mnt: string | undefined, creatorOf: (id: string) => Task | undefined): boolean {
  return f.ownMntKeepers === true && mnt !== undefined && creatorOf(mnt) === t;
}
