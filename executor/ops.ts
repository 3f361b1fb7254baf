/**
 * The operation vocabulary: the syscalls a restore (or a random history) is made of. One contract
 * for every producer and consumer of operations:
 * - planner/ emits plans as lists of Op (format `crplan-plan/1`, docs/plan-format.md);
 * - kernel/generator emits random histories as lists of Op;
 * - executor/sim replays Ops on the simulated kernel, executor/real on the real kernel through
 *   the C agent, script/ turns them into standalone C or shell;
 * both executors report an OpResult per Op, so the two kernels compare operation by operation.
 *
 * Actors are names, not pids: `actor` is the task performing the call, `child` the name given
 * to the task a clone creates. Names are unique within one op list. The restorer's own starting
 * task is named `ROOT_ACTOR`: a process that runs as the init (pid 1) of the environment's pid
 * namespace with full capabilities in the environment's user namespace (in the simulated kernel:
 * the global init; on the real kernel: the agent started by `unshare -Upf`).
 *
 * Pid numbers in operations (set_tid, setpgid, ns_last_pid values) are numbers as the kernel
 * takes them: set_tid innermost first; setpgid's pid/pgid and wait's pid in the actor's active
 * pid namespace.
 */

import type { IdMapEntry, NsType } from '../model/image.js';

export const ROOT_ACTOR = 'root' as const;

export type CloneFlag =
  | 'CLONE_PARENT' | 'CLONE_THREAD' | 'CLONE_SIGHAND' | 'CLONE_VM' | 'CLONE_FILES' | 'CLONE_FS'
  | 'CLONE_SYSVSEM' | 'CLONE_PIDFD'
  | 'CLONE_NEWNS' | 'CLONE_NEWUTS' | 'CLONE_NEWIPC' | 'CLONE_NEWNET' | 'CLONE_NEWPID'
  | 'CLONE_NEWUSER' | 'CLONE_NEWCGROUP' | 'CLONE_NEWTIME';

export const CLONE_FLAG_VALUES: Record<CloneFlag, number> = {
  CLONE_VM: 0x00000100,
  CLONE_FS: 0x00000200,
  CLONE_FILES: 0x00000400,
  CLONE_SIGHAND: 0x00000800,
  CLONE_PIDFD: 0x00001000,
  CLONE_PARENT: 0x00008000,
  CLONE_THREAD: 0x00010000,
  CLONE_NEWNS: 0x00020000,
  CLONE_SYSVSEM: 0x00040000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
  CLONE_NEWTIME: 0x00000080,
};

/** Namespace files a task can open under /proc/PID/ns/ (for setns by path). */
export type NsFile = NsType | 'pid_for_children' | 'time_for_children';

/** Why an op is in a plan: the constraint it serves, for listings and `crplan explain`. */
export interface OpWhy {
  why?: string;
}

export type Op = OpWhy & (
  | {
      op: 'clone';
      actor: string;
      /** name of the new task */
      child: string;
      flags: CloneFlag[];
      /** clone3 set_tid, INNERMOST FIRST (omit for automatic allocation) */
      setTid?: number[];
      /** exit signal of the child (default SIGCHLD = 17; must be 0 with CLONE_THREAD/CLONE_PARENT on clone3) */
      exitSignal?: number;
      /** use legacy clone/fork instead of clone3 (kernels without clone3) */
      legacy?: boolean;
    }
  | { op: 'setsid'; actor: string }
  | { op: 'setpgid'; actor: string; pid: number; pgid: number }
  | { op: 'unshare'; actor: string; flags: CloneFlag[] }
  /**
   * setns by namespace file: the actor opens /proc/<target>/ns/<file> (target is another actor,
   * alive) and calls setns(fd, 0). With `pidfd: true` and `nstypes`, setns(pidfd(target), flags)
   * joins all the listed kinds of the target at once.
   */
  | { op: 'setns'; actor: string; target: string; file?: NsFile; pidfd?: boolean; nstypes?: NsType[] }
  | { op: 'subreaper'; actor: string; value: boolean }
  /**
   * prctl(PR_SET_DUMPABLE, value ? 1 : 0) on the actor's process: sets the dumpability of its
   * address space (every thread sharing the mm sees it). Allowed to anyone (kernel/sys.c accepts
   * SUID_DUMP_DISABLE and SUID_DUMP_USER, EINVAL for other values, which the boolean cannot
   * express). Plans use it right after a credential change (setns into a user ns the task's euid
   * does not own, unshare, ...) made the task non-dumpable, so that its peers can still open its
   * /proc/PID/ns files (NSFD-1.dumpable), as CRIU does after restoring credentials.
   */
  | { op: 'set-dumpable'; actor: string; value: boolean }
  | { op: 'sethostname'; actor: string; hostname: string; domainname?: string }
  /** write /proc/<target>/uid_map and gid_map (target's user ns), from the actor */
  | { op: 'write-idmap'; actor: string; target: string; uidMap: IdMapEntry[]; gidMap: IdMapEntry[] }
  /**
   * write the actor's process's /proc/self/timens_offsets (its leader's time_for_children ns), or
   * with `thread`, /proc/<actor's tid>/timens_offsets: the actor thread's own time_for_children
   * (observed on 6.18; /proc/thread-self has no such file). The ns must have no member yet.
   */
  | { op: 'write-timens-offsets'; actor: string; monotonic: number; boottime: number; thread?: boolean }
  /** write /proc/sys/kernel/ns_last_pid of the actor's active pid ns */
  | { op: 'write-ns-last-pid'; actor: string; value: number }
  /**
   * Switch the actor thread's credentials, as a login does: setgroups(0, NULL) (its refusal is
   * ignored: supplementary groups are not part of the image), setresgid(gid, gid, gid), then
   * setresuid(uid, uid, uid), then prctl(PR_SET_DUMPABLE, 1). Ids are numbers in the actor's user
   * ns. The op fails with the first failing of the two set*id calls: EINVAL when the id has no
   * mapping in the actor's user ns, EPERM when it differs from the current one and the actor lacks
   * CAP_SETGID/CAP_SETUID there (kernel/setids.ts, rules CRED-1 and CRED-2). Leaving uid 0 of the
   * user ns drops every capability; reaching it gives them back when still permitted. Raw
   * syscalls: only the calling thread changes (Linux credentials are per thread). The dumpable
   * reset keeps the task's /proc files open to its namespace peers, as they were for the original
   * task, which never changed uids (a euid change makes a process non-dumpable).
   */
  | { op: 'setresuid'; actor: string; uid: number; gid: number }
  /** set SIGCHLD disposition of the actor's process to SIG_IGN (true) or SIG_DFL (false) */
  | { op: 'sigchld-ignore'; actor: string; value: boolean }
  | { op: 'execve'; actor: string }
  /**
   * exit of the thread (exit) or of the whole process (group: exit_group); code or fatal signal.
   * `core` (only with `signal`, a core-dumping signal): the process dumps core, so its wait status
   * has the core flag (0x80). Executors make the dump possible (RLIMIT_CORE, dumpable, a writable
   * cwd) and clean the core file up.
   */
  | { op: 'exit'; actor: string; code?: number; signal?: number; core?: boolean; group?: boolean }
  /** waitpid(pid, __WALL) in the actor's ns; pid -1 = any child. `nohang` adds WNOHANG */
  | { op: 'wait'; actor: string; pid: number; nohang?: boolean }
  /**
   * stop the actor's process (SIGSTOP to itself, or the given stop signal); with `target`, the
   * actor sends it to the target's process instead (kill(2)): the way to stop a pid-ns init,
   * which drops its own stop signals but not SIGSTOP from an ancestor namespace (EXIT-9)
   */
  | { op: 'stop'; actor: string; signal?: number; target?: string }
);

export type OpKind = Op['op'];

/** Result of one operation, identical in shape for the simulated and the real kernel. */
export type OpResult =
  | { ok: true; /** returned value where the syscall returns one (new pid in the caller's ns, sid, waited pid) */ value?: number }
  | { ok: false; errno: string; /** kernel-rules id that produced the errno (simulated kernel only) */ rule?: string };

/** An executor runs ops one by one and reports each result. */
export interface Executor {
  run(op: Op): Promise<OpResult> | OpResult;
}
