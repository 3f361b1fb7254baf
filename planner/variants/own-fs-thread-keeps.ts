/**
 * Re-plan variant `ownFsThreadKeeps` (index.ts; Facts.ownFsThreadKeeps, late-joins.ts
 * threadBeforeLateJoins): a thread with an fs_struct of its own, keeping its leader's older mount
 * ns, is created before the leader's mount join from inside its final user ns (nsfix2), as a
 * thread keeping an older uts/ipc/net/cgroup ns already is.
 *
 * threadBeforeLateJoins left out every late mount join: setns(mnt) fails when the caller's
 * fs_struct is shared (SETNS-3), and threads usually share it. A thread created without CLONE_FS
 * (its image fs_struct differs from the leader's; CLONE_THREAD does not need CLONE_FS) leaves
 * the leader's unshared: mntns_install checks only fs->users, so the leader, multithreaded,
 * may still join its mount ns, and the thread keeps the one it was born with (the mount ns is per
 * nsproxy, FORK-7). The thread is born after the leader's user-ns switch (a multithreaded task
 * cannot switch, SETNS-4), in a user ns without CAP_SYS_ADMIN over its mount ns's owner (SETNS-3,
 * OWN-2), so it can only copy it. Seed 61302: 37 enters user:1, forks thread 45 (own fs_struct,
 * in mnt:1 owned by user:0), then joins mnt:0; the history unshared mnt:0 after the thread the same
 * way. Not when a late join is of time (setns(time) needs a single thread, SETNS-6); the emitter
 * still refuses a join with a shared fs_struct. O(1) per slot.
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** May leader t's late mount join follow thread th, whose fs_struct is its own (variant on only)? O(1). */
export function ownFsThreadKeepsMnt(f: Facts, t: Task, th: Task, effFs: (x: Task) => string | null): boolean {
  if (f.ownFsThreadKeeps !== true) return false;
  const fs = effFs(th);
  return fs !== null && fs !== effFs(t);
}
