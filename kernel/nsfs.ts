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

/**
 * ENOENT when the task is gone (no /proc entry), when it has no nsproxy (zombie or dead leader:
 * only `pid` and `user` resolve), for pid_for_children before that ns has an init, and for the
 * time files on kernels without time namespaces.
 */
export function openNsFile(k: Kernel, target: Task, file: NsFile): Namespace {
  if (target.released) fail('ENOENT', 'NSFD-1');
  if ((file === 'time' || file === 'time_for_children') && !k.has('time-ns')) fail('ENOENT', 'NSFD-1');
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
 * pidfd_open(pid, 0): ESRCH once the process is reaped; EINVAL for a thread that is not a
 * group leader (no PIDFD_THREAD). The pidfd names the process; its leader task is what setns uses.
 */
export function openPidfd(k: Kernel, target: Task): Task {
  void k;
  if (target.released) fail('ESRCH', 'NSFD-3');
  if (!target.isLeader) fail('EINVAL', 'NSFD-3');
  return target;
}
