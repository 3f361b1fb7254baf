/**
 * fork / clone / clone3 (FORK-0..9, PID-1, PID-8): the checks in the kernel's order (first
 * failing check wins, FORK-0), then the new task: pid numbers at every level, parent (the
 * caller, or the caller's parent with CLONE_PARENT), group and session of the caller (FORK-6),
 * namespaces (FORK-7, FORK-8), shared objects (FORK-2, FORK-4), subreaper inheritance (FORK-1).
 */
import { CLONE_FLAG_VALUES as F, type CloneFlag } from '../executor/ops.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { ThreadGroup } from './threadgroup.js';
import { Task as TaskClass } from './task.js';
import { fail, SIGCHLD } from './result.js';
import { MAX_USER_NS_PARENT_LEVEL, UserNamespace, idInNs, nsCapable } from './userns.js';
import { MAX_PID_NS_LEVEL, MAX_SET_TID, PID_MAX_LIMIT, PidNamespace } from './pidns.js';
import { NsProxy, type NsSet } from './nsproxy.js';
import { copyNamespace, type PlainNamespace, type TimeNamespace, type UtsNamespace } from './namespaces.js';
import { Creds } from './creds.js';
import { Files, FsStruct, hold } from './shared.js';
import { joinPgrp } from './pgrp.js';

export const NEW_NS_FLAGS = F.CLONE_NEWNS | F.CLONE_NEWUTS | F.CLONE_NEWIPC | F.CLONE_NEWPID | F.CLONE_NEWNET
  | F.CLONE_NEWCGROUP | F.CLONE_NEWTIME;

export function flagMask(flags: readonly CloneFlag[]): number {
  let m = 0;
  for (const f of flags) m |= F[f];
  return m;
}

export interface CloneArgs {
  flags: number;
  /** clone3 set_tid, innermost first */
  setTid?: number[];
  exitSignal?: number;
  /** legacy clone(2) instead of clone3 */
  legacy?: boolean;
  name: string;
}

/**
 * create_user_ns checks (UNSH-3, OWN-4): depth (ENOSPC) then the creator's ids must be mapped in
 * its current user ns (EPERM). The new ns is owned by the creator's euid/egid.
 */
export function createUserNs(creds: Creds): UserNamespace {
  const parent = creds.userns;
  if (parent.level > MAX_USER_NS_PARENT_LEVEL) fail('ENOSPC', 'OWN-4');
  if (idInNs(parent, creds.euid, 'uid') === null || idInNs(parent, creds.egid, 'gid') === null) fail('EPERM', 'UNSH-3');
  const ns = new UserNamespace(parent, creds.euid, creds.egid, false);
  ns.parentCouldSetfcap = creds.caps || (parent.restorerHoldsSetfcap && creds.euid === 0);
  return ns;
}

/** create_pid_namespace: owner constraint (OWN-5, EINVAL) then depth (OWN-4, ENOSPC). */
export function createPidNs(parent: PidNamespace, owner: UserNamespace): PidNamespace {
  if (!owner.within(parent.owner!)) fail('EINVAL', 'OWN-5');
  if (parent.level + 1 > MAX_PID_NS_LEVEL) fail('ENOSPC', 'OWN-4');
  return new PidNamespace(parent, owner, PID_MAX_LIMIT, false);
}

/**
 * create_new_namespaces (FORK-7, UNSH-4): a fresh namespace for each CLONE_NEW* flag, owned by
 * `owner`, in the kernel's order (mnt, uts, ipc, pid, cgroup, net, time). For NEWPID the caller's
 * pid_for_children must be its active ns (EINVAL, UNSH-5/FORK-7). The new time ns becomes
 * time_for_children only.
 */
export function newNamespaces(k: Kernel, cur: Task, flags: number, owner: UserNamespace, rule: string): Partial<NsSet> {
  const old = cur.nsproxy!;
  const out: Partial<NsSet> = {};
  if (flags & F.CLONE_NEWNS) out.mnt = copyNamespace(old.mnt, owner) as PlainNamespace;
  if (flags & F.CLONE_NEWUTS) out.uts = copyNamespace(old.uts, owner) as UtsNamespace;
  if (flags & F.CLONE_NEWIPC) out.ipc = copyNamespace(old.ipc, owner) as PlainNamespace;
  if (flags & F.CLONE_NEWPID) {
    if (cur.activePidNs !== old.pidForChildren) fail('EINVAL', rule);
    out.pidForChildren = createPidNs(old.pidForChildren, owner);
  }
  if (flags & F.CLONE_NEWCGROUP) out.cgroup = copyNamespace(old.cgroup, owner) as PlainNamespace;
  if (flags & F.CLONE_NEWNET) out.net = copyNamespace(old.net, owner) as PlainNamespace;
  if (flags & F.CLONE_NEWTIME) out.timeForChildren = copyNamespace(old.timeForChildren, owner) as TimeNamespace;
  void k;
  return out;
}

export function sysClone(k: Kernel, cur: Task, a: CloneArgs): Task {
  let flags = a.flags;
  let exitSignal = a.exitSignal;
  if (a.legacy && (flags & F.CLONE_NEWTIME)) {
    // clone(2) takes the exit signal from the low byte (CSIGNAL) and CLONE_NEWTIME is 0x80: the
    // flag becomes part of the exit signal (invalid, never sent) and no time ns is created.
    // Observed on 6.18: clone(0x80|SIGCHLD) succeeds and the child is reaped with __WALL.
    flags &= ~F.CLONE_NEWTIME;
    exitSignal = 0x80 | (exitSignal ?? SIGCHLD);
  }
  const has = (f: number): boolean => (flags & f) !== 0;
  const tids = a.setTid && a.setTid.length > 0 ? a.setTid : undefined;

  // FORK-0 step 1: what the syscall itself can express on this kernel, then clone3's checks.
  if (a.legacy) {
    if (tids) fail('EINVAL', 'FORK-9'); // legacy clone has no set_tid
  } else {
    if (!k.has('clone3')) fail('ENOSYS', 'FORK-0');
    if (tids && !k.has('set_tid')) fail('E2BIG', 'FORK-0'); // non-zero bytes past the 5.3 struct
    if (tids && tids.length > MAX_SET_TID) fail('EINVAL', 'FORK-0');
    if (exitSignal !== undefined && (exitSignal < 0 || exitSignal > 64)) fail('EINVAL', 'FORK-0');
    if (has(F.CLONE_NEWTIME) && !k.has('time-ns')) fail('EINVAL', 'FORK-0');
    if (has(F.CLONE_THREAD | F.CLONE_PARENT) && (exitSignal ?? 0) !== 0) fail('EINVAL', 'FORK-0');
  }

  // FORK-0 step 3: copy_process flag rules.
  if (has(F.CLONE_NEWNS) && has(F.CLONE_FS)) fail('EINVAL', 'FORK-4');
  if (has(F.CLONE_NEWUSER) && has(F.CLONE_FS)) fail('EINVAL', 'FORK-4');
  if (has(F.CLONE_THREAD) && !has(F.CLONE_SIGHAND)) fail('EINVAL', 'FORK-2');
  if (has(F.CLONE_SIGHAND) && !has(F.CLONE_VM)) fail('EINVAL', 'FORK-2');
  if (has(F.CLONE_PARENT) && cur.tg.unkillable) fail('EINVAL', 'FORK-3');
  if (has(F.CLONE_THREAD)) {
    if (has(F.CLONE_NEWUSER | F.CLONE_NEWPID)) fail('EINVAL', 'FORK-2');
    if (cur.activePidNs !== cur.nsproxy!.pidForChildren) fail('EINVAL', 'FORK-2');
  }

  // FORK-0 step 4: credentials (CLONE_NEWUSER).
  let creds = cur.creds;
  if (has(F.CLONE_NEWUSER)) creds = creds.enter(createUserNs(cur.creds));

  // FORK-0 step 6: other namespaces (FORK-7).
  const old = cur.nsproxy!;
  let nsproxy: NsProxy;
  if (!has(NEW_NS_FLAGS)) {
    nsproxy = old;
  } else {
    if (!nsCapable(cur.creds, creds.userns)) fail('EPERM', 'FORK-7');
    if (has(F.CLONE_NEWIPC) && has(F.CLONE_SYSVSEM)) fail('EINVAL', 'FORK-4');
    nsproxy = old.with(newNamespaces(k, cur, flags, creds.userns, 'FORK-7'));
  }
  // timens_on_fork: a non-CLONE_VM child enters time_for_children (FORK-7, FORK-8).
  if (!has(F.CLONE_VM) && nsproxy.time !== nsproxy.timeForChildren) {
    nsproxy = nsproxy.with({ time: nsproxy.timeForChildren });
  }

  // FORK-0 step 7: pid allocation in the birth ns (FORK-9, PID-2, PID-7).
  const birth = nsproxy.pidForChildren;
  const pid = birth.allocPid(tids, cur.creds);

  // The task exists from here on: nothing below can fail.
  if (!has(F.CLONE_VM) && nsproxy.time !== old.time) nsproxy.time.frozen = true;
  const files = has(F.CLONE_FILES) ? cur.files! : new Files();
  const fs = has(F.CLONE_FS) ? cur.fs! : new FsStruct();
  const sighand = has(F.CLONE_SIGHAND) ? cur.sighand : cur.sighand.copy();
  const mm = has(F.CLONE_VM) ? cur.mm! : cur.mm!.dup();
  let tg: ThreadGroup;
  const t = new TaskClass(a.name, pid, null as unknown as ThreadGroup, nsproxy, creds, hold(files), hold(fs), hold(sighand), hold(mm));
  pid.task = t;
  // dup_task_struct copies self_exec_id: a thread (or child) created after an exec carries the
  // exec count, and its own exec later counts from there (do_notify_parent compares it, EXIT-1).
  t.selfExecId = cur.selfExecId;
  if (has(F.CLONE_THREAD)) {
    tg = cur.tg;
    t.parentExecId = cur.parentExecId;
  } else {
    tg = new ThreadGroup(t);
    const parent = has(F.CLONE_PARENT) ? cur.tg.parent! : cur;
    tg.parent = parent;
    parent.children.add(tg);
    if (has(F.CLONE_PARENT)) {
      tg.exitSignal = cur.tg.exitSignal;
      t.parentExecId = cur.parentExecId;
    } else {
      tg.exitSignal = exitSignal ?? SIGCHLD;
      t.parentExecId = cur.selfExecId;
    }
    tg.hasChildSubreaper = parent.tg.hasChildSubreaper || parent.tg.isSubreaper;
    joinPgrp(tg, cur.tg.pgrp);
    // PID-1: the task whose innermost number is 1 is the ns init.
    if (pid.numbers[pid.level].nr === 1) {
      birth.childReaper = t;
      tg.unkillable = true;
    }
  }
  t.tg = tg;
  tg.threads.push(t);
  k.tasks.add(t);
  return t;
}
