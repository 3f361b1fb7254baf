/**
 * execve (PGID-2, FORK-8): clears PF_FORKNOEXEC, kills the other threads (de_thread; a
 * non-leader exec'ing thread takes over the leader's pid), makes SIGCHLD the process's exit
 * signal, gives the process a private fd table, address space and signal handlers (SIG_IGN
 * stays ignored), moves it into time_for_children, and recomputes capabilities: full only if the
 * euid is the user ns's root (uid 0 mapped), as cap_bprm_creds_from_file does, and never gained
 * while the fs_struct is shared with another process (LSM_UNSAFE_SHARE).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { killOtherThreads, releaseReplacedLeader } from './exit.js';
import { Files, Mm, drop, hold } from './shared.js';
import { kernelId } from './userns.js';
import { commitCreds } from './creds.js';
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
  // After execve the process notifies its parent with SIGCHLD, whatever exit signal it was
  // created with (observed on 6.18: a child created with exit signal SIGUSR1 that execs no
  // longer kills its parent when it exits).
  tg.exitSignal = SIGCHLD;
  if (cur.files!.users > 1) {
    drop(cur.files);
    cur.files = hold(new Files());
  }
  drop(cur.mm);
  cur.mm = hold(new Mm());
  cur.mm.userNs = cur.creds.userns;
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
  let caps = root !== null && root === cur.creds.euid;
  // check_unsafe_exec: an fs_struct shared with another process makes the exec "unsafe", and
  // capabilities the exec would gain are not granted (observed on 6.18 in a differential run: a
  // task that lost its caps, shared its fs with a CLONE_FS child, then exec'd as mapped root,
  // still got EPERM for CLONE_NEWPID).
  if (caps && !cur.creds.caps && cur.fs!.users > 1) caps = false;
  // commit_creds after the new image's dumpability is set: an exec that gains capabilities makes
  // the process non-dumpable (fs.suid_dumpable, 0 by default; observed on 6.18), which later
  // denies ptrace access to it, live or as a zombie (NSFD-1.dumpable).
  commitCreds(cur, cur.creds.withCaps(caps));
}
