/**
 * Sessions (SID-*). A session is named by its creator's struct pid and lives while any process,
 * zombies included, belongs to it (SID-3): the leader's death neither ends it nor frees its
 * number, and nobody can join or take it over.
 */
import type { Pid } from './pid.js';
import type { ThreadGroup } from './threadgroup.js';

export class Session {
  /** processes (thread groups, not yet reaped) in the session */
  members = 0;
  constructor(
    readonly sid: Pid,
    /** the process that created it with setsid (possibly dead); null for the boot session */
    readonly leader: ThreadGroup | null,
  ) {
    sid.session = this;
  }

  /** Detach from the pid once the last member is gone (PID-3). */
  leave(): void {
    this.members--;
    if (this.members === 0) {
      if (this.sid.session === this) this.sid.session = null;
      this.sid.release();
    }
  }
}
