/**
 * unshare(flags) (UNSH-1..6): implied flags, validation against sharing (EINVAL), then fs/files
 * copies, a new user ns (UNSH-3), and new namespaces owned by the caller's (possibly new) user ns
 * (UNSH-4). NEWPID and NEWTIME only set the *_for_children slots (UNSH-5, UNSH-6).
 */
import { commitCreds } from './creds.js';
import { CLONE_FLAG_VALUES as F } from '../executor/ops.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fail } from './result.js';
import { NEW_NS_FLAGS, createUserNs, newNamespaces } from './clone.js';
import { nsCapable } from './userns.js';
import { Files, FsStruct, drop, hold } from './shared.js';

const ALLOWED = F.CLONE_THREAD | F.CLONE_FS | F.CLONE_NEWNS | F.CLONE_SIGHAND | F.CLONE_VM | F.CLONE_FILES
  | F.CLONE_SYSVSEM | F.CLONE_NEWUTS | F.CLONE_NEWIPC | F.CLONE_NEWNET | F.CLONE_NEWUSER | F.CLONE_NEWPID
  | F.CLONE_NEWCGROUP | F.CLONE_NEWTIME;

/** current_is_single_threaded: one live thread and an address space no other process shares. */
export function singleThreaded(cur: Task): boolean {
  return cur.tg.liveThreads().length === 1 && (cur.mm?.users ?? 1) === 1;
}

export function sysUnshare(k: Kernel, cur: Task, flagsIn: number): void {
  let flags = flagsIn;
  if (flags & ~ALLOWED) fail('EINVAL', 'UNSH-2');
  if ((flags & F.CLONE_NEWTIME) && !k.has('time-ns')) fail('EINVAL', 'UNSH-2');
  // UNSH-1 implied flags
  if (flags & F.CLONE_NEWUSER) flags |= F.CLONE_THREAD | F.CLONE_FS;
  if (flags & F.CLONE_VM) flags |= F.CLONE_SIGHAND;
  if (flags & F.CLONE_SIGHAND) flags |= F.CLONE_THREAD;
  if (flags & F.CLONE_NEWNS) flags |= F.CLONE_FS;
  // UNSH-2 check_unshare_flags
  if ((flags & (F.CLONE_THREAD | F.CLONE_SIGHAND | F.CLONE_VM)) && cur.tg.threads.length > 1) fail('EINVAL', 'UNSH-2');
  if ((flags & (F.CLONE_SIGHAND | F.CLONE_VM)) && cur.sighand.users > 1) fail('EINVAL', 'UNSH-2');
  if ((flags & F.CLONE_VM) && !singleThreaded(cur)) fail('EINVAL', 'UNSH-2');
  const newFs = (flags & F.CLONE_FS) && cur.fs!.users > 1;
  const newFiles = (flags & F.CLONE_FILES) && cur.files!.users > 1;
  let creds = cur.creds;
  if (flags & F.CLONE_NEWUSER) creds = creds.enter(createUserNs(cur.creds));
  let nsproxy = cur.nsproxy!;
  if (flags & NEW_NS_FLAGS) {
    if (!nsCapable(cur.creds, creds.userns)) fail('EPERM', 'UNSH-4');
    nsproxy = nsproxy.with(newNamespaces(k, cur, flags, creds.userns, 'UNSH-5'));
  }
  // commit
  if (newFs) {
    drop(cur.fs);
    cur.fs = hold(new FsStruct());
  }
  if (newFiles) {
    drop(cur.files);
    cur.files = hold(new Files());
  }
  commitCreds(cur, creds);
  cur.nsproxy = nsproxy;
}
