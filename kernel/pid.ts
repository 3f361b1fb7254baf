/**
 * struct pid: one object per task id, with one number per pid-namespace level from the root
 * down to the namespace the task was born in (PID-1). The same object is the task's PID, a
 * leader's TGID, and what process groups and sessions are named by. Its numbers stay allocated
 * while anything is attached to it as PID, PGID or SID, including zombies and the members of a
 * group or session whose leader is gone (PID-3).
 */
import type { PidNamespace } from './pidns.js';
import type { Task } from './task.js';
import type { ProcessGroup } from './pgrp.js';
import type { Session } from './session.js';

export interface UPid {
  ns: PidNamespace;
  nr: number;
}

export class Pid {
  /** the task using this pid as PID (a thread or a group leader) */
  task: Task | null = null;
  /** the process group named by this pid, while it has members */
  pgrp: ProcessGroup | null = null;
  /** the session named by this pid, while it has members */
  session: Session | null = null;
  freed = false;

  /** numbers[i] is the number at level i (outermost first, like NSpid) */
  constructor(readonly numbers: UPid[]) {}

  get level(): number {
    return this.numbers.length - 1;
  }

  /** the namespace the pid was allocated in (innermost level) */
  get ns(): PidNamespace {
    return this.numbers[this.numbers.length - 1].ns;
  }

  /** pid_nr_ns: the number in `ns`, 0 when the pid is invisible there (PID-4). */
  nrIn(ns: PidNamespace): number {
    const u = this.numbers[ns.level];
    return u && u.ns === ns ? u.nr : 0;
  }

  inUse(): boolean {
    return this.task !== null || this.pgrp !== null || this.session !== null;
  }

  /** free_pid: release the numbers once nothing is attached (PID-3). */
  release(): void {
    if (this.freed || this.inUse() || this.numbers[0].nr === 0) return;
    this.freed = true;
    for (const u of this.numbers) {
      if (u.ns.pids.get(u.nr) === this) u.ns.pids.delete(u.nr);
    }
  }
}
