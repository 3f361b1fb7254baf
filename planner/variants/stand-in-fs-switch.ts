/**
 * Re-plan variant `standInFsFirst` (index.ts; Facts.standInFsFirst): a zombie standing in for an
 * fs_struct (its image fs is gone, share-zombies.ts / dead-leader-fs.ts give it the one its
 * CLONE_FS children share) forks such a child before its own user-ns switch when the child's user
 * ns is not at or below the zombie's final one.
 *
 * The build takes a CLONE_FS child to be created after its creator's switch, in the creator's
 * final user ns (ns-rights.ts bornUser, build.ts user steps): setns into a user ns needs an
 * unshared fs_struct (SETNS-4), and a creator whose image fs_struct is the one it shares has not
 * copied it. A zombie keeps no fs_struct in the image: it may share the stand-in with its child
 * first and let its switch copy it, unshare(CLONE_NEWUSER) implying CLONE_FS (UNSH-1); the child
 * keeps the original with the tasks it shares it with, in the user ns the zombie was born in
 * (seed 33596: zombie 8 in user:1, forked by 4 with CLONE_FS, forks 231 of user:0 with CLONE_FS,
 * sharing 4's fs:0, then unshares its user ns; the first attempt had 231 born in user:1, SETNS-4).
 * Where the zombie's switch is a setns instead, the emitter refuses it while the fs_struct is
 * shared (SETNS-4): the variant's answer is then undecided, never a wrong plan. Only such a child,
 * which no order born after the switch could give its user ns, changes. O(1) per (creator, child).
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * Is `child` forked with CLONE_FS by zombie `t` before t's user-ns switch: t keeps no fs_struct
 * of its own (fs null in the image), its stand-in one (`eff`) is child's, and child's user ns is
 * not t's final one or below it? False outside the variant. O(user-ns depth).
 */
export function standInFsBeforeSwitch(f: Facts, t: Task, child: Task, eff: (x: Task) => { fs: string | null }, userDescends: (a: string, b: string) => boolean): boolean {
  if (f.standInFsFirst !== true || t.fs !== null) return false;
  const fs = eff(child).fs;
  return fs !== null && eff(t).fs === fs && !userDescends(child.userns, t.userns);
}
