/**
 * prctl(PR_SET_DUMPABLE, v): the `set-dumpable` op (executor/ops.ts).
 *
 * Linux (kernel/sys.c, prctl): `if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER) return
 * -EINVAL; set_dumpable(me->mm, arg2);`. No permission check: any task may make its own address
 * space dumpable (1) or not (0); 2 (SUID_DUMP_ROOT) is settable only through fs.suid_dumpable.
 * The flag lives in the mm (MMF_DUMPABLE), so every task sharing it (the threads of the process,
 * a CLONE_VM child) sees the change; a later fork copies it (dup_mm), an execve gives a new mm,
 * and a later credential change resets it (commit_creds, kernel/creds.ts).
 *
 * Dumpability is what ptrace access, hence opening another task's /proc/PID/ns files, checks
 * after the uid test (NSFD-1.dumpable, kernel/nsfs.ts): a restorer makes a task dumpable again
 * right after a credential change so that its namespace peers can still join its namespaces (CRIU
 * does the same after restoring credentials). The op's value is a boolean, so the EINVAL of other
 * values cannot be asked for; a calling task always has an mm (an exited one is no actor: ACTOR-2).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';

export function sysSetDumpable(k: Kernel, cur: Task, value: boolean): void {
  void k;
  if (cur.mm) cur.mm.dumpable = value;
}
