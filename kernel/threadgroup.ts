/**
 * A thread group = a process (Linux signal_struct plus the leader's process-level links): its
 * threads, its parent (a thread, real_parent), process group and session, session-leader flag,
 * subreaper flags (EXIT-3), SIGNAL_UNKILLABLE of pid-ns inits (FORK-3, EXIT-9), exit signal,
 * stopped state and lifecycle (live -> zombie -> released; an exiting init may wait, EXIT-8).
 */
import type { Task } from './task.js';
import type { ProcessGroup } from './pgrp.js';
import type { Session } from './session.js';

export type ProcessState = 'live' | 'zapwait' | 'zombie' | 'released';

export class ThreadGroup {
  /** unreleased threads, leader first (a dead leader stays until the group is empty, EXIT-1) */
  readonly threads: Task[] = [];
  pgrp!: ProcessGroup;
  /** real_parent thread; null only for the global init */
  parent: Task | null = null;
  sessionLeader = false;
  isSubreaper = false;
  hasChildSubreaper = false;
  unkillable = false;
  /** signal sent to the parent at exit (SIGCHLD by default; reset to SIGCHLD on reparent) */
  exitSignal = 17;
  /** stop signal while stopped, else 0 */
  stopSignal = 0;
  /** exit_group / fatal-signal status (SIGNAL_GROUP_EXIT), else null */
  groupExit: number | null = null;
  state: ProcessState = 'live';
  /**
   * Concurrent exit batches that moved this process to another parent's children list, and
   * which exiting thread moved it (exit.ts ExitBatch): its place relative to processes moved by
   * another thread of the same batch is up to the scheduler on Linux (EXIT-2.race).
   */
  readonly reparentedBy = new Map<number, number>();

  constructor(public leader: Task) {}

  get session(): Session {
    return this.pgrp.session;
  }

  /** threads that have not exited (signal->live) */
  liveThreads(): Task[] {
    return this.threads.filter((t) => !t.exited);
  }

  /** find_alive_thread: first thread not exiting */
  aliveThread(): Task | null {
    for (const t of this.threads) if (t.alive) return t;
    return null;
  }

  /** The status wait() reports for the zombie (EXIT-1). */
  get waitStatus(): number {
    return this.groupExit ?? this.leader.exitStatus;
  }
}
