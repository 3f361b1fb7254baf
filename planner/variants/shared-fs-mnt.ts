/**
 * Re-plan variant `sharedFsMnts` (index.ts SHR_VARIANTS, with `shares`; SETNS-3, UNSH-1, UNSH-4,
 * FORK-4): an fs relay born sharing an fs_struct stays in that fs_struct's mount ns until its own
 * copy, whoever forked it.
 *
 * Every task that ever holds a shared fs_struct is in one mount ns for as long as it holds it:
 * clone(CLONE_FS) refuses CLONE_NEWNS and gives the child its creator's mount ns (UNSH-4 for the
 * flags, FORK-4), setns(mnt) refuses a shared fs_struct (SETNS-3), and unshare(CLONE_NEWNS) copies
 * it first (UNSH-1), so the copier no longer holds it. A relay R (fs-relays.ts) born with CLONE_FS
 * sharing fs_struct B is therefore in the mount ns of the image's live holders of B from its
 * birth to its unshare(CLONE_FS) (fs-unshare-relay.ts). When that mount ns is R's final one, R's
 * join steps never make a setns(mnt), and need not wait for its copy. fs-relays.ts staysInMnt
 * knew this only when R's creator itself still holds B in the image; here any live holder tells
 * it: R forked by a thread of its creator holding B (seed 106683: 7, thread of 6, keeps fs:3 that
 * 14 relays to 26), or by a creator that copied B later (seed 103160: 35 keeps fs:21 that the dead
 * leader 43 relays to its thread 53, whose other thread 50 holds the copy). R's join steps may then
 * come before its copy, and before the children and threads that inherit what they join.
 *
 * Only in the variant (first attempts keep their order); the plan is replayed and kept only when
 * verified. O(holders of B) per relay, the holders indexed once per call site.
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * Is relay r, born sharing fs_struct `birthFs`, in its final mount ns `mnt` from birth to its
 * copy: every live task holding birthFs in the image (one at least, r aside; its own threads too) is in `mnt`?
 */
export function bornInSharedFsMnt(f: Facts, r: Task, birthFs: string, mnt: string | undefined): boolean {
  if (!f.sharedFsMnts || mnt === undefined) return false;
  let seen = false;
  for (const t of f.image.tasks) {
    if (t.fs !== birthFs || t.pid[0] === r.pid[0] || (t.state !== 'running' && t.state !== 'stopped')) continue;
    const m = t.nsproxy ? f.nsproxy.get(t.nsproxy)?.mnt : undefined;
    if (m !== mnt) return false;
    seen = true;
  }
  return seen;
}
