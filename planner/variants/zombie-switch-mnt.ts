/**
 * A zombie first holder of an fs_struct makes its CLONE_FS children's mount ns after its own
 * user-ns switch, when that mount ns is owned by the user ns it switches to (re-plan variant
 * `zombieSwitchMnt`, with `shares` and `zombieShares`; the after-switch case of
 * zombie-mnt-maker.ts, which covers a mount ns owned by the user ns the zombie is born in).
 *
 * Rules: OWN-1 (a new mount ns is owned by its unsharer's user ns), UNSH-3 (the creator of a user
 * ns holds every capability in it: unshare(CLONE_NEWNS) there is allowed, UNSH-4, OWN-3), UNSH-1
 * (unshare(CLONE_NEWNS) copies the fs_struct: a CLONE_FS child that made it would stop sharing),
 * SETNS-3 (a sharer cannot join it once born), FORK-4, FORK-7 (the children forked afterwards
 * share the fs_struct and are born in that mount ns), EXIT-4 (the zombie's own namespaces are gone
 * from the image).
 *
 * Seed 28122: zombie 3 forks 8 (CLONE_FS|CLONE_NEWPID) and 12 (CLONE_FS), both ending in mnt:0,
 * owned by user:1, which 3 makes by its unshare(CLONE_NEWUSER); zombie-mnt-maker.ts refused (3 is
 * born in user:0), and the child chosen to make mnt:0 could not (UNSH-1). In the history the
 * creator unshared CLONE_NEWUSER, then CLONE_NEWNS|CLONE_NEWPID, then forked both with CLONE_FS:
 * here the zombie's making step follows its user step instead of preceding it. O(1) per zombie.
 */
import type { StepContext } from '../graph/build-context.js';
import { mntOwner } from '../sharing/source-mnt.js';

/** In the variant: does zombie zt make `mnt` after its user-ns switch (its final user ns owns it, its born one does not)? */
export function makesMntAfterSwitch(ctx: StepContext, zt: number, mnt: string): boolean {
  const { f, s, bornUserOf } = ctx;
  if (f.zombieSwitchMnt !== true || s.at('user', zt) < 0) return false;
  const owner = mntOwner(f, mnt);
  return owner !== bornUserOf(zt) && owner === f.tasks.get(zt)?.userns;
}
