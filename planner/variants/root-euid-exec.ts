/**
 * With credential switches in the image (a user ns owned by another uid than 0), build.ts takes
 * every execve as one that may drop capabilities (execKeepsCapsBorn, execKeepsCapsOnly: the
 * image-wide `otherOwners`), so a creator's set_tid children come before its execve (FORK-9).
 * That is too strict for a process no switch can reach: its euid is the restorer's uid 0 as
 * long as every user ns from its own up to the environment's was created by uid 0 of its
 * parent (ownerUid 0). A task's euid leaves root only when it creates a user ns owned by another
 * uid (emit.ts switchIdsFor: by unshare, moving it into that ns; a clone giving that uid to a
 * helper, whose children are born in that ns), and a task only ever moves down the user-ns tree
 * (SETNS-4, OWN-2); so a process whose user-ns chain is all ownerUid 0 still has euid 0, and its
 * execve keeps every capability there (cap_bprm_creds_from_file, CRED-1) when that ns maps uid 0
 * to the restorer's root.
 *
 * Seed 298 (setids): 3 execve's, then makes time ns time:1 (its pending time_for_children, which
 * execve would enter, FORK-8), then forks init 31 with CLONE_NEWUSER|CLONE_NEWPID, which inherits
 * time:1, then makes its own user ns: the first plan wanted 31 before 3's execve, a cycle, and the
 * rebuild moved 31 after 3's switch, where it cannot make user:3 from user:0 (OWN-1).
 *
 * Only in the re-plan variant `rootEuidExec` (facts.ts), so first plans stay as they were.
 * The emitter still tracks every actor's euid and refuses a privileged op after an execve that
 * dropped them (emit.ts execve), and the plan is verified. O(depth of the user-ns tree) a call.
 */
import type { Facts } from '../facts/facts.js';

/** Is every user ns from `userns` up to the environment's created by uid 0 of its parent (ownerUid 0)? O(depth). */
export function rootOwnedChain(f: Facts, userns: string | null | undefined): boolean {
  for (let u = userns; u; u = f.nsById.get(u)?.parent) {
    const def = f.nsById.get(u);
    if (!def) return false;
    if (def.external) return true;
    if (def.ownerUid !== 0) return false;
  }
  return true;
}

/**
 * In variant rootEuidExec: may a process's execve be taken as keeping its capabilities
 * although the image switches credentials elsewhere (otherOwners)? Each of the user namespaces
 * it is in at that time (its born one; and its final one when the execve may follow the switch)
 * must sit on a root-owned chain. Callers keep their other conditions (the restorer's euid 0,
 * uid 0 mapping to the restorer's root there). O(depth) per namespace.
 */
export function euidStaysRoot(f: Facts, ...userns: (string | null)[]): boolean {
  return f.rootEuidExec === true && userns.every((u) => rootOwnedChain(f, u));
}
