/**
 * setns(fd, nstype) (SETNS-1..7) with a namespace fd or a pidfd, after kernel/nsproxy.c
 * (validate_ns, validate_nsset, commit_nsset) and each namespace type's install hook.
 * Everything is validated first and committed at the end (all-or-nothing for pidfds).
 */
import type { NsType } from '../model/image.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Namespace } from './namespaces.js';
import { PlainNamespace, TimeNamespace, UtsNamespace } from './namespaces.js';
import { UserNamespace, nsCapable } from './userns.js';
import { PidNamespace } from './pidns.js';
import { commitCreds, type Creds } from './creds.js';
import type { NsSet } from './nsproxy.js';
import { fail } from './result.js';
import { singleThreaded } from './unshare.js';
import { ptraceMayRead } from './nsfs.js';

interface Pending {
  /** skip mntns_install's fs_struct check (see setnsPidfd) */
  mntIgnoresSharedFs?: boolean;
  creds: Creds;
  changes: Partial<NsSet>;
  freezeTime?: TimeNamespace;
}

/** Validate joining `ns` given what is already pending (install hooks), recording the change. */
function install(k: Kernel, cur: Task, ns: Namespace, st: Pending): void {
  void k;
  // ns_capable() always evaluates the caller's current credentials; only the second check of
  // each install hook names the user ns the caller is about to have (nsset->cred->user_ns).
  // Observed on 6.18: root joining (pidfd) a task's child user ns together with its uts ns that
  // the init user ns owns succeeds, so the owner check does not use the new credentials.
  const capsIn = (u: UserNamespace): boolean => nsCapable(cur.creds, u);
  if (ns instanceof UserNamespace) {
    // SETNS-4 userns_install
    if (ns === st.creds.userns) fail('EINVAL', 'SETNS-4');
    if (cur.tg.threads.length > 1) fail('EINVAL', 'SETNS-4');
    if (cur.fs!.users !== 1) fail('EINVAL', 'SETNS-4');
    if (!capsIn(ns)) fail('EPERM', 'SETNS-4');
    st.creds = st.creds.enter(ns);
    return;
  }
  if (ns instanceof PidNamespace) {
    // SETNS-5 pidns_install
    if (!capsIn(ns.owner!) || !capsIn(st.creds.userns)) fail('EPERM', 'SETNS-5');
    if (!ns.within(cur.activePidNs)) fail('EINVAL', 'SETNS-5');
    st.changes.pidForChildren = ns;
    return;
  }
  if (ns instanceof TimeNamespace) {
    // SETNS-6 timens_install: EUSERS first, even for the caller's own ns
    if (!singleThreaded(cur)) fail('EUSERS', 'SETNS-6');
    if (!capsIn(ns.owner!) || !capsIn(st.creds.userns)) fail('EPERM', 'SETNS-6');
    st.changes.time = ns;
    st.changes.timeForChildren = ns;
    st.freezeTime = ns;
    return;
  }
  if (ns instanceof UtsNamespace) {
    if (!capsIn(ns.owner!) || !capsIn(st.creds.userns)) fail('EPERM', 'SETNS-7');
    st.changes.uts = ns;
    return;
  }
  const plain = ns as PlainNamespace;
  switch (plain.type) {
    case 'mnt':
      // SETNS-3 mntns_install
      if (!capsIn(plain.owner!) || !capsIn(st.creds.userns)) fail('EPERM', 'SETNS-3');
      if (cur.fs!.users !== 1 && !st.mntIgnoresSharedFs) fail('EINVAL', 'SETNS-3');
      st.changes.mnt = plain;
      return;
    case 'cgroup':
      // the capability checks come first: joining one's own cgroup ns is a no-op success only
      // for a caller that could join it anyway (observed on 6.18: EPERM from a child user ns)
      if (!capsIn(st.creds.userns) || !capsIn(plain.owner!)) fail('EPERM', 'SETNS-7');
      if (plain === cur.nsproxy!.cgroup) return;
      st.changes.cgroup = plain;
      return;
    case 'ipc':
    case 'net':
      if (!capsIn(plain.owner!) || !capsIn(st.creds.userns)) fail('EPERM', 'SETNS-7');
      st.changes[plain.type] = plain;
      return;
  }
}

function commit(cur: Task, st: Pending): void {
  commitCreds(cur, st.creds);
  if (Object.keys(st.changes).length > 0) cur.nsproxy = cur.nsproxy!.with(st.changes);
  if (st.freezeTime) st.freezeTime.frozen = true;
}

/** setns(nsfd, 0): join one namespace (nstype 0 accepts any type). */
export function setnsFd(k: Kernel, cur: Task, ns: Namespace): void {
  const st: Pending = { creds: cur.creds, changes: {} };
  install(k, cur, ns, st);
  commit(cur, st);
}

const PIDFD_ORDER: NsType[] = ['user', 'mnt', 'uts', 'ipc', 'pid', 'cgroup', 'net', 'time'];

/**
 * setns(pidfd, flags) (SETNS-1, SETNS-2): flags a non-empty subset of the CLONE_NEW* kinds
 * (EINVAL otherwise, and on kernels without pidfd setns); EPERM without ptrace read access to
 * the target (validate_nsset; nsfs.ts ptraceMayRead); ESRCH when the target has no nsproxy
 * (zombie); validation in the order user, mnt, uts, ipc, pid, cgroup, net, time; capability
 * checks use the caller's current credentials, against the namespace's owner and against the user
 * ns the caller will have after the call (see install); all-or-nothing.
 */
export function setnsPidfd(k: Kernel, cur: Task, target: Task, types: readonly NsType[]): void {
  if (!k.has('pidfd-setns')) fail('EINVAL', 'SETNS-1');
  if (types.length === 0) fail('EINVAL', 'SETNS-1');
  if (types.includes('time') && !k.has('time-ns')) fail('EINVAL', 'SETNS-1');
  if (!ptraceMayRead(k, cur, target)) fail('EPERM', 'SETNS-2');
  const nsp = target.nsproxy;
  if (!nsp) fail('ESRCH', 'SETNS-2');
  // Observed on 6.18 (probe and differential run): setns(pidfd, CLONE_NEWNS | another type)
  // succeeds for a caller whose fs_struct is shared (CLONE_FS), and the fs stays shared; with
  // CLONE_NEWNS alone it fails EINVAL as setns(mnt fd) does (SETNS-3).
  const st: Pending = { creds: cur.creds, changes: {}, mntIgnoresSharedFs: types.length > 1 };
  for (const t of PIDFD_ORDER) {
    if (!types.includes(t)) continue;
    const ns: Namespace =
      t === 'user' ? target.creds.userns
      : t === 'pid' ? target.activePidNs
      : nsp[t as 'mnt' | 'uts' | 'ipc' | 'cgroup' | 'net' | 'time'];
    install(k, cur, ns, st);
  }
  commit(cur, st);
}
