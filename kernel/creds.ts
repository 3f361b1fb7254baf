/**
 * Task credentials: the user namespace, the effective ids (as kernel ids) and the capability
 * set. crplan's actors hold either every capability or none in their user namespace, which is
 * what the restorer sees (root, or an unprivileged user), so caps is a boolean.
 */
import type { UserNamespace } from './userns.js';

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
