/**
 * What a restorer reads back: /proc/PID/status as seen through a procfs mounted from a given pid
 * ns (PROC-1, PROC-2, PROC-3), the pid getters (PGID-4, PROC-6, PID-4), nsfs ioctls (PROC-5,
 * NSFD-5) and pidfd namespace ioctls (NSFD-4). Read-only views of the kernel objects.
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { PidNamespace } from './pidns.js';
import type { Namespace } from './namespaces.js';
import { UserNamespace, idInNs } from './userns.js';
import { PidNamespace as PidNs } from './pidns.js';
import { CLONE_FLAG_VALUES as F } from '../executor/ops.js';
import type { NsFile } from '../executor/ops.js';
import { fail } from './result.js';
import { openNsFile } from './nsfs.js';

export interface ProcStatus {
  state: 'R' | 'T' | 'Z';
  tgid: number;
  pid: number;
  ppid: number;
  /** one column per level from the proc mount's ns down to the task's own, outermost first */
  nstgid: number[];
  nspid: number[];
  nspgid: number[];
  nssid: number[];
}

/**
 * /proc/PID/status of `t` in a procfs whose pid ns is `procNs` (PROC-1/2): null when the task
 * has no number there (no /proc entry). Columns where the group or session has no number are 0.
 */
export function procStatus(k: Kernel, procNs: PidNamespace, t: Task): ProcStatus | null {
  if (t.released || t.pid.nrIn(procNs) === 0) return null;
  const levels: PidNamespace[] = [];
  for (let l = procNs.level; l <= t.pid.level; l++) levels.push(t.pid.numbers[l].ns);
  const tg = t.tg;
  const parent = tg.parent;
  void k;
  return {
    state: tg.state === 'zombie' ? 'Z' : tg.stopSignal ? 'T' : 'R',
    tgid: tg.leader.pid.nrIn(procNs),
    pid: t.pid.nrIn(procNs),
    ppid: parent ? parent.tg.leader.pid.nrIn(procNs) : 0,
    nstgid: levels.map((ns) => tg.leader.pid.nrIn(ns)),
    nspid: levels.map((ns) => t.pid.nrIn(ns)),
    nspgid: levels.map((ns) => tg.pgrp.pgid.nrIn(ns)),
    nssid: levels.map((ns) => tg.session.sid.nrIn(ns)),
  };
}

/** getpid/getppid: numbers in the caller's active ns; 0 when the parent is invisible (PID-4). */
export function getpid(cur: Task): number {
  return cur.tg.leader.pid.nrIn(cur.activePidNs);
}
export function getppid(cur: Task): number {
  const p = cur.tg.parent;
  return p ? p.tg.leader.pid.nrIn(cur.activePidNs) : 0;
}

/** getpgid(pid)/getsid(pid) (PGID-4): ESRCH if pid is not visible; 0 when the id is invisible. */
export function getpgid(cur: Task, pid: number): number {
  const t = pid === 0 ? cur : cur.activePidNs.pids.get(pid)?.task;
  if (!t) fail('ESRCH', 'PGID-4');
  return t.tg.pgrp.pgid.nrIn(cur.activePidNs);
}
export function getsid(cur: Task, pid: number): number {
  const t = pid === 0 ? cur : cur.activePidNs.pids.get(pid)?.task;
  if (!t) fail('ESRCH', 'PGID-4');
  return t.tg.session.sid.nrIn(cur.activePidNs);
}

/** NS_GET_USERNS (PROC-5): the owner; EPERM unless it is the caller's user ns or below it. */
export function nsGetUserns(cur: Task, ns: Namespace): UserNamespace {
  const owner = ns instanceof UserNamespace ? ns.parent : ns.owner;
  if (!owner || !owner.within(cur.creds.userns)) fail('EPERM', 'PROC-5');
  return owner;
}

/**
 * NS_GET_PARENT (PROC-5): pid and user namespaces only (EINVAL); EPERM unless the parent is the
 * caller's active pid ns / user ns or below it (so EPERM at the root and from inside for its own).
 */
export function nsGetParent(cur: Task, ns: Namespace): Namespace {
  if (ns instanceof PidNs) {
    if (!ns.parent || !ns.parent.within(cur.activePidNs)) fail('EPERM', 'PROC-5');
    return ns.parent;
  }
  if (ns instanceof UserNamespace) {
    if (!ns.parent || !ns.parent.within(cur.creds.userns)) fail('EPERM', 'PROC-5');
    return ns.parent;
  }
  return fail('EINVAL', 'PROC-5');
}

/** NS_GET_OWNER_UID (PROC-5): user ns only; the creator's uid seen from the caller's user ns. */
export function nsGetOwnerUid(cur: Task, ns: Namespace): number {
  if (!(ns instanceof UserNamespace)) fail('EINVAL', 'PROC-5');
  return idInNs(cur.creds.userns, ns.ownerUid, 'uid') ?? 65534;
}

const NSTYPE: Record<string, number> = {
  mnt: F.CLONE_NEWNS, uts: F.CLONE_NEWUTS, ipc: F.CLONE_NEWIPC, net: F.CLONE_NEWNET, pid: F.CLONE_NEWPID,
  user: F.CLONE_NEWUSER, cgroup: F.CLONE_NEWCGROUP, time: F.CLONE_NEWTIME,
};

/** NS_GET_NSTYPE: the CLONE_NEW* constant of the namespace's type. */
export function nsGetNstype(ns: Namespace): number {
  return NSTYPE[ns.type];
}

/** NS_GET_PID_FROM_PIDNS: number `nr` of pid ns `ns` as seen in the caller's active ns (ESRCH). */
export function nsPidFromPidns(cur: Task, ns: Namespace, nr: number): number {
  if (!(ns instanceof PidNs)) fail('EINVAL', 'PROC-5');
  const pid = ns.pids.get(nr);
  const v = pid?.task ? pid.nrIn(cur.activePidNs) : 0;
  if (!v) fail('ESRCH', 'PROC-5');
  return v;
}

/** NS_GET_PID_IN_PIDNS: number `nr` of the caller's active ns as seen in pid ns `ns` (ESRCH). */
export function nsPidInPidns(cur: Task, ns: Namespace, nr: number): number {
  if (!(ns instanceof PidNs)) fail('EINVAL', 'PROC-5');
  const pid = cur.activePidNs.pids.get(nr);
  const v = pid?.task ? pid.nrIn(ns) : 0;
  if (!v) fail('ESRCH', 'PROC-5');
  return v;
}

/**
 * PIDFD_GET_*_NAMESPACE (NSFD-4, 6.11+): the namespace of a pidfd's process; ESRCH once it has
 * been reaped. (Before 6.11 the ioctl does not exist: ENOTTY, not modelled.)
 */
export function pidfdGetNamespace(k: Kernel, target: Task, which: NsFile): Namespace {
  if (target.released) fail('ESRCH', 'NSFD-4');
  return openNsFile(k, target, which);
}
