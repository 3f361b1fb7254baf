/**
 * Changing a thread's user and group ids: the `setresuid` op (executor/ops.ts), i.e.
 * setgroups(0, NULL), setresgid(g, g, g), setresuid(u, u, u) on the calling thread. Credentials
 * are per thread on Linux; crplan's tasks always have real = effective = saved ids, so Creds keeps
 * one euid and one egid (kernel ids). kernel-rules.md has no ids for these calls; the simulator
 * cites CRED-1 (setresgid) and CRED-2 (setresuid).
 *
 * Linux (kernel/sys.c __sys_setresgid, __sys_setresuid; security/commoncap.c
 * cap_task_fix_setuid, cap_emulate_setxuid), each call in this order:
 * - the id is mapped into a kernel id through the caller's user ns: unmapped -> EINVAL;
 * - the same id as now: success, nothing changes (no capability is needed);
 * - otherwise CAP_SETGID / CAP_SETUID in the caller's own user ns, else EPERM;
 * - setresuid only: leaving the user ns's root (kernel id of its uid 0) clears the permitted and
 *   effective sets; reaching root sets effective = permitted; between two non-root ids the
 *   capabilities stay (so a task that entered a user ns by setns keeps them).
 * setgroups(0, NULL) succeeds only with CAP_SETGID and a written gid_map that allows setgroups;
 * its result does not count (supplementary groups are not modelled). The gid change stays when
 * setresuid then fails, as on Linux.
 * Checked on 6.18 (test/kernel/setids-real.test.ts replays these cases on the real kernel):
 * EINVAL before EPERM, caps dropped 0 -> 1000, kept 65534 -> 1 inside a user ns, regained 1 -> 0
 * there.
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { Creds } from './creds.js';
import { fail } from './result.js';
import { kernelId } from './userns.js';

/** (uid_t)-1: "leave this id unchanged" for the set*id calls. */
export const UNCHANGED_ID = 4294967295;

/** setresgid(gid, gid, gid) of `cur` (CRED-1). */
export function setresgid(cur: Task, gid: number): void {
  if (gid === UNCHANGED_ID) return;
  const c = cur.creds;
  const kgid = kernelId(c.userns, gid, 'gid');
  if (kgid === null) fail('EINVAL', 'CRED-1');
  if (kgid === c.egid) return;
  if (!c.caps) fail('EPERM', 'CRED-1');
  cur.creds = new Creds(c.userns, c.euid, kgid, c.caps);
}

/** setresuid(uid, uid, uid) of `cur` with the capability fixup (CRED-2). */
export function setresuid(cur: Task, uid: number): void {
  if (uid === UNCHANGED_ID) return;
  const c = cur.creds;
  const kuid = kernelId(c.userns, uid, 'uid');
  if (kuid === null) fail('EINVAL', 'CRED-2');
  if (kuid === c.euid) return;
  if (!c.caps) fail('EPERM', 'CRED-2');
  const root = kernelId(c.userns, 0, 'uid');
  // cap_emulate_setxuid: root -> non-root clears permitted and effective; non-root -> root sets
  // effective = permitted (the full set here, since the caller had CAP_SETUID); otherwise unchanged
  const caps = c.euid === root && kuid !== root ? false : c.caps;
  cur.creds = new Creds(c.userns, kuid, c.egid, caps);
}

/** The `setresuid` op: setgroups (result ignored), setresgid, setresuid. */
export function sysSetresids(k: Kernel, cur: Task, uid: number, gid: number): void {
  void k;
  setresgid(cur, gid);
  setresuid(cur, uid);
}
