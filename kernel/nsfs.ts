/**
 * Opening a namespace file /proc/PID/ns/X (NSFD-1) and a pidfd (NSFD-3). What the fd refers to
 * is the namespace object itself, which an open fd keeps alive (NSFD-2); the simulator's ops
 * open, use and close the fd within one operation.
 */
import type { NsFile } from '../executor/ops.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Namespace } from './namespaces.js';
import { fail } from './result.js';
import { nsCapable } from './userns.js';

/**
 * ptrace_may_access(target, PTRACE_MODE_READ_FSCREDS) (NSFD-1): same process; or matching ids
 * (or CAP_SYS_PTRACE in the target's user ns), then the target's dumpability
 * (NSFD-1.dumpable), then commoncap's check: the target's user ns
 * is the caller's and its capabilities are a subset of the caller's, or the caller has
 * CAP_SYS_PTRACE in the target's user ns (OWN-2). So a task in a child user ns cannot open the
 * ns files of tasks in its parent or sibling user namespaces. Observed on 6.18 (the differential
 * run of generated histories): EACCES.
 */
export function ptraceMayRead(k: Kernel, cur: Task, target: Task): boolean {
  if (cur.tg === target.tg) return true;
  const c = cur.creds;
  const t = target.creds;
  if ((c.euid !== t.euid || c.egid !== t.egid) && !nsCapable(c, t.userns)) return false;
  // Dumpability: a non-dumpable live task needs CAP_SYS_PTRACE in its mm's user ns; a task
  // without an mm (zombie, exited thread) is judged by the dumpability it had when it exited,
  // and when that was "not dumpable" only CAP_SYS_PTRACE in the initial user ns overrides
  // (Linux 6.18.44, ptrace "saner get_dumpable()"; observed: EACCES for a zombie that had
  // gained capabilities by execve, opened by a peer with full capabilities in its user ns).
  if (target.mm) {
    if (!target.mm.dumpable && !nsCapable(c, target.mm.userNs ?? k.rootUserNs)) return false;
  } else if (!target.exitDumpable && !nsCapable(c, k.rootUserNs)) {
    return false;
  }
  if (c.userns === t.userns && (!t.caps || c.caps)) return true;
  return nsCapable(c, t.userns);
}

/**
 * open(/proc/<target>/ns/<file>) by `cur`: ENOENT when the task is gone (no /proc entry) or the
 * file does not exist on this kernel (time files without time namespaces); EACCES without ptrace
 * read access (ptraceMayRead); then ENOENT when the task has no nsproxy (zombie or dead leader:
 * only `pid` and `user` resolve) and for pid_for_children before that ns has an init.
 * `cur` null: the kernel itself looks (ioctls on a pidfd already checked).
 */
export function openNsFile(k: Kernel, target: Task, file: NsFile, cur: Task | null = null): Namespace {
  if (target.released) fail('ENOENT', 'NSFD-1');
  if ((file === 'time' || file === 'time_for_children') && !k.has('time-ns')) fail('ENOENT', 'NSFD-1');
  if (cur && !ptraceMayRead(k, cur, target)) fail('EACCES', 'NSFD-1');
  if (file === 'pid') return target.activePidNs;
  if (file === 'user') return target.creds.userns;
  const ns = target.nsproxy;
  if (!ns) fail('ENOENT', 'NSFD-1');
  switch (file) {
    case 'pid_for_children':
      if (!ns.pidForChildren.childReaper) fail('ENOENT', 'NSFD-1');
      return ns.pidForChildren;
    case 'time_for_children':
      return ns.timeForChildren;
    case 'uts':
      return ns.uts;
    case 'ipc':
      return ns.ipc;
    case 'mnt':
      return ns.mnt;
    case 'net':
      return ns.net;
    case 'cgroup':
      return ns.cgroup;
    case 'time':
      return ns.time;
  }
  return fail('EINVAL', 'NSFD-1');
}

/**
 * pidfd_open(pid, 0): ESRCH once the process is reaped; ENOENT for a thread that is not a group
 * leader (without PIDFD_THREAD; observed on 6.18). The pidfd names the process; its leader task
 * is what setns uses.
 */
export function openPidfd(k: Kernel, target: Task): Task {
  void k;
  if (target.released) fail('ESRCH', 'NSFD-3');
  if (!target.isLeader) fail('ENOENT', 'NSFD-3');
  return target;
}
