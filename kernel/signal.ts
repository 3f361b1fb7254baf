/**
 * The signal side of the process tree: stopping a process (SIGSTOP or a tty stop signal to
 * itself), SIGCHLD disposition (EXIT-5), PR_SET_CHILD_SUBREAPER (EXIT-3), and exit by the
 * ops' `exit` (EXIT-1, EXIT-9).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { ThreadGroup } from './threadgroup.js';
import { SIGSTOP, exitedStatus, fail, signaledStatus } from './result.js';
import { doExit, isOrphanedPgrp } from './exit.js';
import { nsCapable } from './userns.js';

/**
 * A process sends itself a stop signal. Signals from inside a pid ns to its init without a
 * handler are dropped (EXIT-9), so an init (and the global init) never stops this way; tty stop
 * signals (SIGTSTP/SIGTTIN/SIGTTOU) are discarded in an orphaned group (signal.c get_signal).
 */
export function sysStop(k: Kernel, cur: Task, sig = SIGSTOP): void {
  const tg = cur.tg;
  if (tg.unkillable) return;
  stopGroup(k, tg, sig);
}

/**
 * kill(pid, sig) of a stop signal to another process (EXIT-9). The target must have a number in
 * the sender's pid ns (else ESRCH: kill names it by that number); the sender needs a matching uid
 * or CAP_KILL over the target's user ns (EPERM, kill_ok_by_cred). A pid-ns init (SIGNAL_UNKILLABLE)
 * drops it unless it is SIGSTOP from a sender with no number in the init's namespace, i.e. from
 * an ancestor namespace (__send_signal_locked's `force`, sig_task_ignored); the global init never
 * stops. Other than that the same group stop as the process's own.
 */
export function sysStopOther(k: Kernel, cur: Task, target: Task, sig = SIGSTOP): void {
  const tg = target.tg;
  if (tg.state === 'released' || !target.activePidNs.within(cur.activePidNs)) fail('ESRCH', 'EXIT-9');
  const tcreds = target.creds;
  if (cur.creds.euid !== tcreds.euid && !nsCapable(cur.creds, tcreds.userns)) fail('EPERM', 'EXIT-9');
  // a zombie (or an init waiting for its namespace) still has its pid: kill succeeds, nothing stops
  if (tg.state !== 'live') return;
  if (tg.unkillable) {
    const fromAncestor = target.activePidNs !== cur.activePidNs && target.activePidNs.within(cur.activePidNs);
    if (!fromAncestor || sig !== SIGSTOP) return;
  }
  stopGroup(k, tg, sig);
}

function stopGroup(k: Kernel, tg: ThreadGroup, sig: number): void {
  if (sig !== SIGSTOP && isOrphanedPgrp(k, tg.pgrp)) return;
  tg.stopSignal = sig;
}

/** rt_sigaction(SIGCHLD, SIG_IGN / SIG_DFL) on the caller's (possibly shared) handlers. */
export function sysSigchldIgnore(k: Kernel, cur: Task, ignore: boolean): void {
  void k;
  cur.sighand.sigchldIgnored = ignore;
}

/**
 * prctl(PR_SET_CHILD_SUBREAPER, v) (EXIT-3): sets or clears the process flag; setting it marks
 * every descendant process has_child_subreaper, skipping subtrees already marked and those under
 * a pid-ns init (walk_process_tree + propagate_has_child_subreaper).
 */
export function sysSubreaper(k: Kernel, cur: Task, value: boolean): void {
  void k;
  const me = cur.tg;
  me.isSubreaper = value;
  if (!value) return;
  const stack: ThreadGroup[] = [me];
  while (stack.length > 0) {
    const tg = stack.pop()!;
    for (const th of tg.threads) {
      for (const c of th.children) {
        if (c.hasChildSubreaper || c.leader.pid.numbers[c.leader.pid.level].nr === 1) continue;
        c.hasChildSubreaper = true;
        stack.push(c);
      }
    }
  }
}

/**
 * exit(code) / exit_group(code) / death by a fatal signal the process sends itself (EXIT-1).
 * The global init cannot exit (the kernel would panic): EPERM, rule EXIT-8. A pid-ns init's own
 * fatal signal without a handler is dropped (EXIT-9): the op succeeds and nothing happens.
 */
export function sysExit(k: Kernel, cur: Task, code: number | undefined, signal: number | undefined, group: boolean, core = false): void {
  if (k.isGlobalInit(cur) && (group || signal !== undefined || cur.tg.liveThreads().length === 1)) fail('EPERM', 'EXIT-8');
  if (signal !== undefined) {
    if (cur.tg.unkillable) return;
    doExit(k, cur, signaledStatus(signal, core), true);
    return;
  }
  doExit(k, cur, exitedStatus(code ?? 0), group);
}
