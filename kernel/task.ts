/**
 * A task is one thread (section 0 of kernel-rules). Per-thread state: its struct pid, its parent
 * link's children list (children hang on the creating thread, EXIT-2), its nsproxy (per thread,
 * e18), credentials, the clone-time shared objects, PF_FORKNOEXEC (PGID-2) and exec ids.
 */
import type { Pid } from './pid.js';
import type { ThreadGroup } from './threadgroup.js';
import type { NsProxy } from './nsproxy.js';
import type { Creds } from './creds.js';
import type { Files, FsStruct, Mm, SigHand } from './shared.js';
import type { PidNamespace } from './pidns.js';

let nextSerial = 1;

export class Task {
  readonly serial = nextSerial++;
  /** processes whose real_parent is this thread */
  readonly children = new Set<ThreadGroup>();
  /** the thread has gone through do_exit (PF_EXITING) */
  exited = false;
  /** released (reaped, or a non-leader thread that exited) */
  released = false;
  /** PF_FORKNOEXEC: set at fork, cleared by execve (PGID-2 EACCES) */
  forkNoExec = true;
  /** the thread's own exit status word (exit(2)) */
  exitStatus = 0;
  selfExecId = 0;
  parentExecId = 0;
  /** killed but not yet exited: does not count as a live thread when choosing a reaper */
  dying = false;
  /**
   * The dumpability of its address space when it exited (exit_mm caches it): ptrace access to
   * a task without an mm reads this (NSFD-1.dumpable).
   */
  exitDumpable = true;

  constructor(
    /** actor name (informative, becomes comm) */
    readonly name: string,
    public pid: Pid,
    public tg: ThreadGroup,
    public nsproxy: NsProxy | null,
    public creds: Creds,
    public files: Files | null,
    public fs: FsStruct | null,
    public sighand: SigHand,
    public mm: Mm | null,
  ) {}

  /** task_active_pid_ns: fixed at birth, never changed by unshare/setns (section 0). */
  get activePidNs(): PidNamespace {
    return this.pid.ns;
  }

  get isLeader(): boolean {
    return this.tg.leader === this;
  }

  /** alive = not exiting, not killed (find_alive_thread) */
  get alive(): boolean {
    return !this.exited && !this.dying;
  }
}
