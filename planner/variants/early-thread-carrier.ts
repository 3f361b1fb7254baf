/**
 * Re-plan variant `earlyThreadCarriers` (index.ts SHR_VARIANTS, with `shares`; FORK-4, FORK-6,
 * SID-2, EXIT-2): a live thread of a process that later leads its own session forks the
 * reparent helper carrying the fd table or fs_struct it holds (share-carriers.ts) before that
 * process's setsid, while it is still in the session the sharer must be born in.
 *
 * share-carriers.ts takes such a thread carrier only when the sharer P needs no session at
 * birth, or (variant `shares`) after its process's setsid. In the history a leader born in P's
 * session passed the table on before its setsid and then died, leaving a thread that keeps it:
 * seed 59008, leader 8 (born in session 2) created thread 15 with CLONE_FILES, forked 19 with
 * CLONE_FILES, called setsid and exited; 19 forked 30 with CLONE_FILES and died, so 30 reparented
 * to the restorer, and 30, which forks 387 in session 2 before its own setsid, must be born there.
 * The leader is dead in the image, so thread 15 is the only holder left: it forks the helper
 * before 8's setsid (the session is its process's, SID-2; a child is born in its creator's
 * session, FORK-6), the helper forks P with the flag and exits (FORK-4, EXIT-2). build.ts
 * already orders a helper whose timing is 'before-setsid' before its creator's process's setsid
 * (sessionNode resolves a thread to its process), and the thread's creation before the helper.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so shared modules gain no field. O(1) a call.
 */
import type { CreatorModel, Timing } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setEarlyThreadCarriers(m: CreatorModel): void {
  on.add(m);
}

/** In the variant, may a thread carrier fork its helper at `timing` (before its process's setsid)? */
export function earlyThreadCarrier(m: CreatorModel, timing: Timing): boolean {
  return timing === 'before-setsid' && on.has(m);
}
