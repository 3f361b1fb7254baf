/**
 * setsid (SID-1, SID-2) and setpgid (PGID-1..3), after kernel/sys.c ksys_setsid and setpgid,
 * with gVisor's sessions.go as the object model (Session, ProcessGroup).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fail } from './result.js';
import { Session } from './session.js';
import { ProcessGroup, joinPgrp } from './pgrp.js';

/**
 * setsid: the caller's process becomes leader of a new session and of a new group, both named
 * by its pid; returns the sid in the caller's ns.
 * EPERM (SID-1): already a session leader; or any process (zombies too) has a pgid equal to the
 * caller's pid (it leads a group, or left its group while members remained).
 */
export function sysSetsid(k: Kernel, cur: Task): number {
  void k;
  const tg = cur.tg;
  const sid = tg.leader.pid;
  if (tg.sessionLeader) fail('EPERM', 'SID-1');
  if (ProcessGroup.of(sid)) fail('EPERM', 'SID-1');
  tg.sessionLeader = true;
  const session = new Session(sid, tg);
  joinPgrp(tg, new ProcessGroup(sid, session));
  return sid.nrIn(cur.activePidNs);
}

/**
 * setpgid(pid, pgid), numbers in the caller's active pid ns. Check order (PGID-2):
 * EINVAL pgid < 0 (PGID-1); ESRCH no such task (2.1); EINVAL not a group leader (2.2);
 * for a child of the caller's process: EPERM other session, EACCES after execve; ESRCH for any
 * other task but the caller itself (2.3); EPERM session leader (2.4); EPERM no group `pgid`
 * in the caller's session (2.5). Zombies can be moved, leaderless groups joined (PGID-3).
 */
export function sysSetpgid(k: Kernel, cur: Task, pidArg: number, pgidArg: number): number {
  void k;
  const ns = cur.activePidNs;
  const me = cur.tg;
  const pid = pidArg === 0 ? me.leader.pid.nrIn(ns) : pidArg;
  const pgid = pgidArg === 0 ? pid : pgidArg;
  if (pgid < 0) fail('EINVAL', 'PGID-1');
  const p = pid > 0 ? ns.pids.get(pid)?.task : undefined;
  if (!p) fail('ESRCH', 'PGID-2.1');
  if (!p.isLeader) fail('EINVAL', 'PGID-2.2');
  const ptg = p.tg;
  if (ptg.parent && ptg.parent.tg === me) {
    if (ptg.session !== me.session) fail('EPERM', 'PGID-2.3');
    if (!p.forkNoExec) fail('EACCES', 'PGID-2.3');
  } else if (p !== me.leader) {
    fail('ESRCH', 'PGID-2.3');
  }
  if (ptg.sessionLeader) fail('EPERM', 'PGID-2.4');
  let pgrp: ProcessGroup;
  if (pgid !== pid) {
    const g = ProcessGroup.of(ns.pids.get(pgid));
    if (!g || g.session !== me.session) fail('EPERM', 'PGID-2.5');
    pgrp = g;
  } else {
    pgrp = ProcessGroup.of(p.pid) ?? new ProcessGroup(p.pid, ptg.session);
  }
  joinPgrp(ptg, pgrp);
  return 0;
}
