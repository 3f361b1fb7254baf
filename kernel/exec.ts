/**
 * execve (PGID-2, FORK-8): clears PF_FORKNOEXEC, kills the other threads (de_thread; a
 * non-leader exec'ing thread takes over the leader's pid and the process's exit signal becomes
 * SIGCHLD), gives the process a private fd table, address space and signal handlers (SIG_IGN
 * stays ignored), moves it into time_for_children, and recomputes capabilities: full only if the
 * euid is the user ns's root (uid 0 mapped), as cap_bprm_creds_from_file does.
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { killOtherThreads, releaseReplacedLeader } from './exit.js';
import { Files, Mm, drop, hold } from './shared.js';
import { kernelId } from './userns.js';
import { SIGCHLD } from './result.js';

export function sysExecve(k: Kernel, cur: Task): void {
  const tg = cur.tg;
  killOtherThreads(k, tg, cur);
  if (tg.leader !== cur) {
    const old = tg.leader;
    const leaderPid = old.pid;
    old.pid = cur.pid;
    cur.pid = leaderPid;
    leaderPid.task = cur;
    old.pid.task = old;
    tg.leader = cur;
    tg.threads.splice(tg.threads.indexOf(cur), 1);
    tg.threads.unshift(cur);
    tg.exitSignal = SIGCHLD;
    const reaperNs = cur.activePidNs;
    if (reaperNs.childReaper === old) reaperNs.childReaper = cur;
    for (const c of old.children) {
      c.parent = cur;
      cur.children.add(c);
    }
    old.children.clear();
    releaseReplacedLeader(k, old);
  }
  cur.forkNoExec = false;
  cur.selfExecId++;
  if (cur.files!.users > 1) {
    drop(cur.files);
    cur.files = hold(new Files());
  }
  drop(cur.mm);
  cur.mm = hold(new Mm());
  if (cur.sighand.users > 1) {
    const s = cur.sighand.copy();
    drop(cur.sighand);
    cur.sighand = hold(s);
  }
  const ns = cur.nsproxy!;
  if (ns.time !== ns.timeForChildren) {
    cur.nsproxy = ns.with({ time: ns.timeForChildren });
    ns.timeForChildren.frozen = true;
  }
  const root = kernelId(cur.creds.userns, 0, 'uid');
  cur.creds = cur.creds.withCaps(root !== null && root === cur.creds.euid);
}
