/**
 * Task credentials: the user namespace, the effective ids (as kernel ids) and the capability
 * set. crplan's actors hold either every capability or none in their user namespace, which is
 * what the restorer sees (root, or an unprivileged user), so caps is a boolean.
 */
import type { UserNamespace } from './userns.js';
import type { Task } from './task.js';

export class Creds {
  constructor(
    readonly userns: UserNamespace,
    readonly euid: number,
    readonly egid: number,
    /** full effective capability set in `userns` (true) or none (false) */
    readonly caps: boolean,
  ) {}

  /** set_cred_user_ns: moving to a new user ns grants the full set there (UNSH-3, SETNS-4). */
  enter(ns: UserNamespace): Creds {
    return new Creds(ns, this.euid, this.egid, true);
  }

  withCaps(caps: boolean): Creds {
    return new Creds(this.userns, this.euid, this.egid, caps);
  }
}

/**
 * cred_cap_issubset(set, subset): are `subset`'s capabilities no more than `set`'s? In the same
 * user ns, by the sets; across namespaces, only when `subset`'s ns lies below a child of `set`'s
 * ns that `set`'s euid owns (where `set` holds every capability, OWN-2).
 */
export function capSubset(set: Creds, subset: Creds): boolean {
  if (set.userns === subset.userns) return !subset.caps || set.caps;
  for (let ns: UserNamespace | null = subset.userns; ns && ns.parent; ns = ns.parent) {
    if (ns.parent === set.userns && ns.ownerUid === set.euid) return true;
  }
  return false;
}

/**
 * commit_creds: install `next` as the task's credentials. A change of euid/egid or a gain of
 * capabilities (not capSubset) resets the dumpability of its mm to fs.suid_dumpable (0 by
 * default: not dumpable), as setuid programs get (NSFD-1.dumpable).
 */
export function commitCreds(t: Task, next: Creds): void {
  const old = t.creds;
  if (t.mm && (old.euid !== next.euid || old.egid !== next.egid || !capSubset(old, next))) t.mm.dumpable = false;
  t.creds = next;
}
