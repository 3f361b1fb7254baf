/**
 * The crplan checkpoint image, format `crplan-image/1`: the data contract shared by every part of
 * crplan (loader, validator, simulated kernel snapshots, planner, executors, CRIU importer, live
 * capture). Field-by-field documentation: docs/image-format.md; JSON Schema: model/image.schema.json.
 *
 * Conventions
 * - Pid vectors (`PidVector`) list one number per pid-namespace level, OUTERMOST FIRST, exactly as
 *   /proc/PID/status `NSpid` prints them. Level 0 is the image's root pid namespace (the one whose
 *   `level` is 0). The length of a task's pid vector is its pid namespace's level + 1.
 * - A task, a process (thread group), a process group and a session are all named by the level-0
 *   number of the struct pid that identifies them: `tid`, `tgid`, `pgid[0]`, `sid[0]`. These stay
 *   unambiguous across levels. `pgid`/`sid` vectors carry the group's/session's numbers at every
 *   level where its leader's struct pid has one (leader's level + 1 entries), so a dead leader can be
 *   recreated by a ghost with exactly those numbers.
 * - Namespaces and nsproxies are shared objects named by objrefs (strings, unique per image).
 * - `null` means "unknown" (what the source of the image could not tell, e.g. /proc cannot tell
 *   another process's subreaper flag and CRIU cannot tell namespace ownership). Validation and
 *   planning treat unknowns explicitly; they never guess silently.
 */

export const IMAGE_FORMAT = 'crplan-image/1' as const;

/** Namespace kinds, with the names /proc/PID/ns uses. */
export type NsType = 'uts' | 'ipc' | 'mnt' | 'net' | 'pid' | 'user' | 'cgroup' | 'time';
export const NS_TYPES: readonly NsType[] = ['uts', 'ipc', 'mnt', 'net', 'pid', 'user', 'cgroup', 'time'];

/** The namespaces held by an nsproxy (the user namespace lives in the credentials, the active pid ns in struct pid). */
export type NsProxySlot =
  | 'uts' | 'ipc' | 'mnt' | 'net' | 'cgroup' | 'pidForChildren' | 'time' | 'timeForChildren';
export const NSPROXY_SLOTS: readonly NsProxySlot[] =
  ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'pidForChildren', 'time', 'timeForChildren'];

/** Numbers per pid-namespace level, outermost first. */
export type PidVector = number[];

export type TaskState =
  /** alive and runnable (R, S, D in /proc) */
  | 'running'
  /** alive, stopped by a stop signal (T) */
  | 'stopped'
  /** the whole thread group has exited and is not reaped (Z); only on thread-group leaders */
  | 'zombie'
  /** a thread-group leader thread that exited while other threads of its group live on (Linux keeps it as Z) */
  | 'dead';

export interface ExitStatus {
  /** exit code 0..255 (exit(code)); exclusive with `signal` */
  code?: number;
  /** fatal signal number 1..64; exclusive with `code` */
  signal?: number;
  /** whether a core was dumped (only with `signal`) */
  core?: boolean;
}

/** One task = one thread. Process-level fields are repeated on every thread of the group (Linux keeps them per process; validation checks they agree). */
export interface Task {
  /** per-level thread ids, outermost first (NSpid) */
  pid: PidVector;
  /** level-0 tid of the thread-group leader; equals pid[0] for the leader */
  tgid: number;
  /** level-0 tgid of the parent process; 0 when the parent is outside the image (the restorer) */
  ppid: number;
  /** process group: its leader's struct pid numbers, outermost first (leader's level + 1 entries) */
  pgid: PidVector;
  /** session: its leader's struct pid numbers, outermost first */
  sid: PidVector;
  state: TaskState;
  /** present iff state is 'zombie' */
  exit?: ExitStatus;
  /** stop signal for state 'stopped' (SIGSTOP=19 if omitted) */
  stopSignal?: number;
  /** PR_SET_CHILD_SUBREAPER of the process; null = unknown */
  subreaper: boolean | null;
  /** command name (comm), informative only */
  comm?: string;
  /** objref of the task's active pid namespace (fixed at birth); must have level = pid.length - 1 */
  pidns: string;
  /** objref of the user namespace of the task's credentials; null = unknown (a live capture could not read /proc/PID/ns/user) */
  userns: string | null;
  /** objref of the task's nsproxy; null for zombies and dead leaders (Linux drops it at exit) */
  nsproxy: string | null;
  /** clone-time shared objects (CLONE_FILES, CLONE_FS, CLONE_SIGHAND, CLONE_VM): equal ids = shared; null = unknown or released (zombie) */
  files: string | null;
  fs: string | null;
  sighand: string | null;
  mm: string | null;
  /** true when the task has called execve since its fork (PF_FORKNOEXEC clear); setpgid on it from its parent then fails EACCES. null = unknown */
  execed?: boolean | null;
  /** whether the process ignores SIGCHLD (auto-reaps its children); informative, default false */
  ignoresSigchld?: boolean;
}

export interface NsProxy {
  id: string;
  uts: string;
  ipc: string;
  mnt: string;
  net: string;
  cgroup: string;
  /** pid namespace new children are born in; differs from the task's own pid ns after unshare(CLONE_NEWPID) or setns(pid) */
  pidForChildren: string;
  time: string;
  timeForChildren: string;
}

export interface IdMapEntry {
  /** first id inside the namespace */
  inside: number;
  /** first id in the parent user namespace */
  outside: number;
  count: number;
}

export interface Namespace {
  id: string;
  type: NsType;
  /**
   * true: the namespace belongs to the environment the image was taken in (the host's, or the
   * restorer's own), so a restore joins or stands in for it instead of recreating it.
   * The root user namespace and a level-0 pid namespace with host pids are external.
   */
  external?: boolean;
  /** owning user namespace (objref); every non-user namespace has one; null = unknown; for a user namespace this is omitted (see `parent`) */
  owner?: string | null;
  /** parent namespace (pid and user namespaces only; omitted/null at the root); for a user namespace the parent is also its owner */
  parent?: string | null;
  /** pid and user namespaces: nesting level, root = 0 */
  level?: number;
  /** uts: hostname and domainname */
  hostname?: string;
  domainname?: string;
  /** user: uid/gid maps (empty = not written yet) */
  uidMap?: IdMapEntry[];
  gidMap?: IdMapEntry[];
  /** user: euid of the creator (owner uid), seen from the parent */
  ownerUid?: number;
  /** time: offsets in nanoseconds (/proc/PID/timens_offsets) */
  offsets?: { monotonic: number; boottime: number };
  /** pid: pid_max of this namespace (per-ns since 6.14) */
  pidMax?: number;
  /** pid: ns_last_pid at checkpoint time (informative); -1 when the namespace has allocated no pid yet (Linux reads ns_last_pid as the allocation cursor - 1) */
  lastPid?: number;
}

/** Where an image came from and what it could not record. */
export interface ImageSource {
  kind: 'hand' | 'simulated' | 'capture' | 'criu' | 'generated';
  /** e.g. the CRIU directory, the generator seed, the capture host */
  origin?: string;
  /** facts the source could not record, in plain words (e.g. "per-level pids of nested pid namespaces") */
  unknown?: string[];
}

export interface Image {
  format: typeof IMAGE_FORMAT;
  /** what the image shows, in plain words */
  description?: string;
  source?: ImageSource;
  tasks: Task[];
  nsproxies: NsProxy[];
  namespaces: Namespace[];
}

/** The image root's level-0 pid namespace: the one with level 0 (exactly one per image). */
export function rootPidNs(image: Image): Namespace | undefined {
  return image.namespaces.find((n) => n.type === 'pid' && (n.level ?? 0) === 0 && !n.parent);
}

/** The root user namespace (no parent). */
export function rootUserNs(image: Image): Namespace | undefined {
  return image.namespaces.find((n) => n.type === 'user' && !n.parent);
}

/** Is this task a thread-group leader? */
export function isLeader(t: Task): boolean {
  return t.pid[0] === t.tgid;
}

/** Is this task's process alive (not a zombie)? Dead leaders of live groups count as alive processes. */
export function isLiveProcess(t: Task): boolean {
  return t.state !== 'zombie';
}
