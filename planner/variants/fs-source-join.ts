/**
 * An fs_struct share-source helper (planner/sharing/share-sources.ts) whose sharers all end in one user
 * ns U that another task makes (not one of the sharers at its birth, source-mnt.ts sourceUserOf):
 * the helper joins U by setns right after its birth, while its fs_struct is still its own
 * (SETNS-4: refused once shared), then forks the sharers with CLONE_FS there. They are born in
 * U, so none of them needs a user-ns switch, which their shared fs_struct would forbid
 * (SETNS-4). The setns needs a live member of U whose ns files the helper may open (NSFD-1, the
 * emitter picks it) and U made before the helper's birth (build.ts orders it).
 *
 * Seed 338 (setids): 9 and 20 share fs:3, handed out by helper h3 (the history: 9 forked 11 with
 * CLONE_FS, 11 forked 20 with CLONE_FS and died); both end in user:2, made by init 7 with
 * CLONE_NEWUSER|CLONE_NEWPID. h3, in user:0, forked them there and each then had to enter user:2
 * with its fs_struct shared. Now h3 enters user:2 first.
 *
 * Only in the re-plan variant `fsSourceJoins` (facts.ts), so first plans stay as they were.
 * O(processes the helper creates) a call.
 */
import type { Facts } from '../facts/facts.js';
import type { HelperSpec } from '../creators/creators.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * The user ns helper h joins before its CLONE_FS forks (variant fsSourceJoins), or undefined:
 * a helper whose processes all end in one user ns U, two of them sharing an fs_struct (the one
 * their leaders hold from birth, `eff`: a stand-in's too), none of them making U at its birth, U
 * strictly below `helperUser` (the user ns h is born in, build.ts bornUser). `descends(a, b)`: a
 * is b or below it.
 */
export function fsSourceJoinUser(f: Facts, h: HelperSpec, bornInUser: ReadonlyMap<number, string>, helperUser: string, descends: (a: string, b: string) => boolean, eff: (t: Task) => Task): string | undefined {
  if (f.fsSourceJoins !== true || h.creates.length < 2) return undefined;
  let user: string | undefined;
  const fs = new Set<string>();
  let shared = false;
  for (const tgid of h.creates) {
    const u = f.procs.get(tgid)?.leader.userns;
    if (!u || (user !== undefined && u !== user) || bornInUser.get(tgid) === u) return undefined;
    user = u;
    const l = f.procs.get(tgid)?.leader;
    const x = l ? eff(l).fs : null;
    if (x !== null && fs.has(x)) shared = true;
    if (x !== null) fs.add(x);
  }
  if (!shared || user === undefined || user === helperUser || f.nsById.get(user)?.external || !descends(user, helperUser)) return undefined;
  return user;
}
