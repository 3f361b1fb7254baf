/**
 * Process groups (PGID-*). A group is named by the struct pid of the process that created it,
 * belongs to one session, and outlives its leader while it has members (PGID-3, PID-3).
 */
import type { Pid } from './pid.js';
import type { Session } from './session.js';
import type { ThreadGroup } from './threadgroup.js';

export class ProcessGroup {
  /** member processes, in joining order */
  readonly members = new Set<ThreadGroup>();
  constructor(
    readonly pgid: Pid,
    readonly session: Session,
  ) {
    pgid.pgrp = this;
  }

  /** The group a pid names, if it has members (pid_task(pid, PIDTYPE_PGID)). */
  static of(pid: Pid | undefined): ProcessGroup | null {
    return pid && pid.pgrp && pid.pgrp.members.size > 0 ? pid.pgrp : null;
  }
}

/** Put a process into a group (fork, setpgid, setsid), leaving its old group and session. */
export function joinPgrp(tg: ThreadGroup, pgrp: ProcessGroup): void {
  const old = tg.pgrp;
  if (old === pgrp) return;
  pgrp.members.add(tg);
  pgrp.session.members++;
  if (pgrp.pgid.pgrp !== pgrp) pgrp.pgid.pgrp = pgrp;
  tg.pgrp = pgrp;
  if (old) leaveGroup(old, tg);
}

/** Detach a process from its group and session (setpgid away, release). */
export function leaveGroup(pgrp: ProcessGroup, tg: ThreadGroup): void {
  pgrp.members.delete(tg);
  if (pgrp.members.size === 0) {
    if (pgrp.pgid.pgrp === pgrp) pgrp.pgid.pgrp = null;
    pgrp.pgid.release();
  }
  pgrp.session.leave();
}
