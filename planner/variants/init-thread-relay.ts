/**
 * Re-plan variant `initThreadRelays` (index.ts SHR_VARIANTS, with `shares`; FORK-0, FORK-4,
 * OWN-1, SETNS-4, UNSH-1): a pid-ns init whose thread keeps its creator's fs_struct is forked by
 * that creator with CLONE_FS from inside the pid ns's owner, and relays the fs_struct to the
 * thread before its own unshare(CLONE_FS) (fs-unshare-relay.ts threadRelay).
 *
 * build.ts gave such an init a maker helper, which shares nothing with the init (FORK-4 then
 * refused the thread's fs_struct), or let it be born making its owner user ns with
 * CLONE_NEWUSER|CLONE_NEWPID, which cannot go with CLONE_FS (EINVAL, FORK-0 step 3): it tested
 * the init's leader only, whose fs_struct is its own copy in the image. Seed 79438: 5 made user:1
 * and pid:2 by unshare(CLONE_NEWUSER|CLONE_NEWPID), forked init 7 with CLONE_FS, 7 created thread
 * 20 with CLONE_FS and then unshared CLONE_NEWNS (a private fs_struct for the leader, UNSH-1);
 * thread 20 keeps 5's fs:1. In the variant the init is no maker's (useMaker refuses it) and its
 * fs_struct counts as shared with its creator, so a single-threaded creator ending in the owner
 * switches first and forks it there (build.ts switchFirst; OWN-1: the pid ns is owned by the
 * creator's user ns then; SETNS-4: the switch precedes the CLONE_FS fork), and threadRelay makes
 * the init a relay for its thread.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so shared modules gain no field.
 * O(threads of the init) a call.
 */
import type { Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

const on = new WeakSet<CreatorModel>();

export function setInitThreadRelays(m: CreatorModel): void {
  on.add(m);
}

/** In the variant: does a thread of init p keep the fs_struct of its creator `creator`? */
export function initThreadKeepsCreatorFs(m: CreatorModel, p: Proc, creator: Task | undefined, eff: (t: Task) => Task): boolean {
  if (!on.has(m) || !p.isInit || creator === undefined) return false;
  const o = eff(creator).fs;
  return o !== null && p.threads.some((th) => eff(th).fs === o);
}
