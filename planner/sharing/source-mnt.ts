/**
 * The user and mount namespaces of an fs_struct handed out by a share-source helper
 * (planner/sharing/share-sources.ts): the helper makes them itself, before its first CLONE_FS fork.
 *
 * Rules: FORK-0 (clone(CLONE_NEWUSER|CLONE_FS) and clone(CLONE_NEWNS|CLONE_FS) are refused),
 * UNSH-1/UNSH-4 (unshare(CLONE_NEWNS or CLONE_NEWUSER) by a task sharing its fs_struct gives that
 * task a private copy, so a sharer that makes them after its CLONE_FS birth stops sharing),
 * SETNS-3/SETNS-4 (setns(mnt) and setns(user) are refused while the fs_struct is shared, so the
 * sharers cannot join them afterwards either), OWN-1 (a new mount ns is owned by the unsharer's
 * user ns). In the image's history the source (the restorer, in the generator) unshared them
 * first and then forked the sharers with CLONE_FS: the helper standing in its place does the
 * same, and the sharers are born in them. A member the planner chose to create the mount ns
 * (build.ts nsCreator) joins it instead, or finds itself there already.
 *
 * The choice is static (build.ts orders the helper before that creation step); the emitter-time
 * checks (the helper's user ns) are made where it runs, in build.ts, which otherwise leaves the
 * creation to the member as before. O(processes the helper creates).
 */
import type { Facts } from '../facts/facts.js';
import type { HelperSpec } from '../creators/creators.js';

/** The one namespace of `type` all processes helper h creates end in, when h is an fs source. */
function commonNs(f: Facts, h: HelperSpec, type: 'user' | 'mnt'): string | undefined {
  if (h.source !== 'fs' || h.creates.length < 2) return undefined;
  let out: string | undefined;
  for (const tgid of h.creates) {
    const l = f.procs.get(tgid)?.leader;
    const np = l?.nsproxy ? f.nsproxy.get(l.nsproxy) : undefined;
    const id = type === 'user' ? l?.userns : np?.mnt;
    if (!id || (out !== undefined && id !== out)) return undefined;
    out = id;
  }
  const def = out !== undefined ? f.nsById.get(out) : undefined;
  return def && !def.external ? out : undefined;
}

/**
 * The user ns U helper h enters by unshare(CLONE_NEWUSER) before its CLONE_FS forks: the one all
 * its processes end in, made by one of them at its birth (bornInUser: clone(CLONE_NEWUSER) with
 * CLONE_FS is refused, FORK-0). Its processes are then born in U. undefined when none.
 */
export function sourceUserOf(f: Facts, h: HelperSpec, bornInUser: ReadonlyMap<number, string>): string | undefined {
  const user = commonNs(f, h, 'user');
  return user !== undefined && h.creates.some((tgid) => bornInUser.get(tgid) === user) ? user : undefined;
}

/** The mount ns helper h makes before its CLONE_FS forks (its owner: the user ns h is in then), or undefined. */
export function sourceMntOf(f: Facts, h: HelperSpec): string | undefined {
  return commonNs(f, h, 'mnt');
}

/** The user ns that owns mount ns `mnt` (the environment's own for an external owner). */
export function mntOwner(f: Facts, mnt: string): string {
  const def = f.nsById.get(mnt);
  return !def?.owner || f.nsById.get(def.owner)?.external ? f.rootUserNs : def.owner;
}
