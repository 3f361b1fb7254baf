/**
 * exit, exit_group and death by signal (EXIT-1), reparenting (EXIT-2), zombies and auto-reap
 * (EXIT-4, EXIT-5), orphaned process groups (EXIT-7), pid-namespace teardown (EXIT-8, PID-7),
 * and release (reaping) of tasks, which is when pid numbers are freed (PID-3).
 * Mirrors kernel/exit.c: do_exit -> exit_notify -> forget_original_parent/find_child_reaper/
 * find_new_reaper/reparent_leader, kill_orphaned_pgrp, do_notify_parent, release_task.
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { ThreadGroup } from './threadgroup.js';
import type { ProcessGroup } from './pgrp.js';
import { leaveGroup } from './pgrp.js';
import { drop } from './shared.js';
import { SIGCHLD, SIGHUP, SIGKILL, signaledStatus } from './result.js';
import type { PidNamespace } from './pidns.js';

/**
 * Concurrent exits (EXIT-2.race). When one action kills several threads at once (exit_group or
 * a fatal signal of a multi-threaded process, execve's de_thread, the SIGHUP of an orphaned
 * group, a pid-ns teardown), the victims run do_exit in parallel on Linux and the order in which
 * they reach exit_notify is up to the scheduler (probed on 6.18: every order shows up). The
 * simulator exits them one after the other in a fixed order, and records what that order
 * decides and Linux leaves open:
 * - the order of children lists: each child moved by an exiting thread of the batch is tagged
 *   (batch, that thread); two children with different threads in one batch may sit in either
 *   order in their new parent's list (wait.ts waitOrderRaced), which wait(-1) exposes;
 * - auto-reaping: a victim that ignores SIGCHLD reaps at once a child victim that dies before it,
 *   while one that dies after it goes to the next reaper (raceOfVictims); recorded in k.races.
 */
export interface ExitBatch {
  readonly id: number;
}

let batches = 0;

/** Run `fn` with the exits it starts in `batch` (a running batch stays: everything is concurrent). */
function inBatch(k: Kernel, batch: ExitBatch | null, fn: () => void): void {
  const prev = k.exitBatch;
  if (prev === null) k.exitBatch = batch ?? { id: ++batches };
  try {
    fn();
  } finally {
    k.exitBatch = prev;
  }
}

/** Kill a whole process with a fatal signal (SIGKILL from the kernel, SIGHUP of EXIT-7). */
export function killProcess(k: Kernel, tg: ThreadGroup, sig: number): void {
  if (tg.state !== 'live') return;
  const live = tg.liveThreads();
  if (live.length === 0) return;
  for (const t of live) t.dying = true;
  doExit(k, live[0], signaledStatus(sig), true);
}

/**
 * do_exit / do_group_exit. `status` is the wait status word. With `group`, every thread of the
 * process exits with the group status (the caller first, as it reaches do_exit first).
 */
export function doExit(k: Kernel, t: Task, status: number, group: boolean): void {
  const tg = t.tg;
  if (group) {
    if (tg.groupExit === null) tg.groupExit = status;
    const others = tg.liveThreads().filter((x) => x !== t);
    for (const o of others) o.dying = true;
    const all = (): void => {
      exitThread(k, t, status);
      for (const o of others) exitThread(k, o, status);
    };
    if (others.length > 0) inBatch(k, null, all);
    else all();
  } else {
    exitThread(k, t, status);
  }
}

function exitThread(k: Kernel, t: Task, status: number): void {
  if (t.exited) return;
  t.exited = true;
  t.exitStatus = status;
  const tg = t.tg;
  const groupDead = tg.liveThreads().length === 0;
  // exit_files, exit_fs, exit_mm, exit_task_namespaces: a dead task holds no namespaces (EXIT-4)
  if (t.mm) t.exitDumpable = t.mm.dumpable;
  t.files = drop(t.files);
  t.fs = drop(t.fs);
  t.mm = drop(t.mm);
  t.nsproxy = null;
  if (groupDead) {
    tg.stopSignal = 0;
    // The process's status is the last thread's (observed on 6.18: leader exit(2), then the
    // last thread exit(5) -> waitpid reports 5), unless exit_group/a fatal signal set it.
    if (tg.groupExit === null) tg.groupExit = status;
  }
  exitNotify(k, t, groupDead);
}

function exitNotify(k: Kernel, t: Task, groupDead: boolean): void {
  const ns = t.activePidNs;
  if (ns.childReaper === t) {
    const alive = t.tg.aliveThread();
    if (alive) {
      ns.childReaper = alive;
    } else if (!zapPidNs(k, ns, t, () => finishExit(k, t, groupDead))) {
      t.tg.state = 'zapwait';
      return;
    }
  }
  forgetOriginalParent(k, t);
  finishExit(k, t, groupDead);
}

function finishExit(k: Kernel, t: Task, groupDead: boolean): void {
  const tg = t.tg;
  if (tg.state === 'zapwait') tg.state = 'live';
  if (groupDead) killOrphanedPgrp(k, tg, null);
  if (t === tg.leader) {
    if (tg.threads.length === 1) becomeZombie(k, tg);
    // else: a dead leader, kept until the last thread goes (EXIT-1)
  } else {
    releaseTask(k, t);
    if (tg.leader.exited && tg.threads.length === 1 && tg.state === 'live' && tg.liveThreads().length === 0) {
      becomeZombie(k, tg);
    }
  }
}

/** The group is dead and empty: notify the parent; zombie unless it auto-reaps (EXIT-4, EXIT-5). */
function becomeZombie(k: Kernel, tg: ThreadGroup): void {
  tg.state = 'zombie';
  if (notifyParent(k, tg)) releaseProcess(k, tg);
  else if (k.zapping.size > 0) k.defer(() => pokeZapWaiters(k));
}

/**
 * do_notify_parent: true when the child must be released at once (parent ignores SIGCHLD and
 * the exit signal is SIGCHLD, EXIT-5). A non-SIGCHLD exit signal becomes SIGCHLD when the
 * parent has exec'd since the fork.
 */
function notifyParent(k: Kernel, tg: ThreadGroup): boolean {
  const parent = tg.parent;
  if (!parent) return false;
  let sig = tg.exitSignal;
  if (sig !== SIGCHLD && tg.leader.parentExecId !== parent.selfExecId) sig = SIGCHLD;
  if (sig === SIGCHLD) return parent.sighand.sigchldIgnored;
  if (sig >= 1 && sig <= 64) k.defer(() => deliverDefault(k, parent.tg, sig));
  return false;
}

/** Signals whose default action is to ignore / to stop (signal(7)); every other one kills. */
const DEFAULT_IGNORE = new Set([17, 18, 23, 28]);
const DEFAULT_STOP = new Set([19, 20, 21, 22]);

/**
 * A signal with the default disposition reaching a process from the kernel (a child's exit
 * signal, EXIT-1): ignored, stops, or kills it. A pid-ns init (and the global init) ignores it
 * (EXIT-9). Observed on 6.18: a child created with exit signal SIGUSR1 kills its parent when it
 * exits. crplan's actors install no handlers, so SIG_DFL is what they have (SIGCHLD aside).
 */
function deliverDefault(k: Kernel, tg: ThreadGroup, sig: number): void {
  if (tg.state !== 'live' || tg.unkillable || DEFAULT_IGNORE.has(sig)) return;
  // A stopped process does not act on a signal other than SIGKILL: complete_signal finds no
  // thread that wants it (wants_signal), so it stays pending until a SIGCONT (observed on 6.18:
  // a stopped parent survives a child's SIGUSR1 exit signal). The only SIGCONT the simulated
  // processes get comes with SIGHUP (EXIT-7), which kills them first, so the pending signal is
  // not recorded.
  if (tg.stopSignal) return;
  if (DEFAULT_STOP.has(sig)) {
    if (sig !== SIGSTOP_ && isOrphanedPgrp(k, tg.pgrp)) return;
    tg.stopSignal = sig;
    return;
  }
  killProcess(k, tg, sig);
}
const SIGSTOP_ = 19;

/**
 * EXIT-2 find_new_reaper: a live thread of the same process; else, with has_child_subreaper,
 * the nearest ancestor in the same pid-ns level that is a subreaper with a live thread; else
 * the ns init.
 */
function findNewReaper(k: Kernel, father: Task, childReaper: Task): Task {
  const alive = father.tg.aliveThread();
  if (alive) return alive;
  if (father.tg.hasChildSubreaper) {
    const level = father.pid.level;
    for (let r = father.tg.parent; r && r.pid.level === level; r = r.tg.parent) {
      if (k.isGlobalInit(r)) break;
      if (!r.tg.isSubreaper) continue;
      const th = r.tg.aliveThread();
      if (th) return th;
    }
  }
  return childReaper;
}

function forgetOriginalParent(k: Kernel, father: Task): void {
  if (father.children.size === 0) return;
  const ns = father.activePidNs;
  const reaper = findNewReaper(k, father, ns.childReaper!);
  const kids = [...father.children];
  father.children.clear();
  const batch = k.exitBatch;
  for (const p of kids) {
    if (batch && !p.reparentedBy.has(batch.id)) p.reparentedBy.set(batch.id, father.serial);
    p.parent = reaper;
    reaper.children.add(p);
    if (reaper.tg !== father.tg) reparentLeader(k, father, p);
  }
}

/** reparent_leader: exit_signal back to SIGCHLD, notify for a zombie, orphaned-group check. */
function reparentLeader(k: Kernel, father: Task, p: ThreadGroup): void {
  if (p.state === 'released') return;
  p.exitSignal = SIGCHLD;
  if (p.state === 'zombie' && notifyParent(k, p)) releaseProcess(k, p);
  killOrphanedPgrp(k, p, father);
}

/** EXIT-7 will_become_orphaned_pgrp. */
function willBecomeOrphaned(k: Kernel, pgrp: ProcessGroup, ignored: ThreadGroup | null): boolean {
  for (const p of pgrp.members) {
    if (p === ignored || p.state === 'zombie' || p.state === 'released') continue;
    const par = p.parent;
    if (!par || k.isGlobalInit(par)) continue;
    if (par.tg.pgrp !== pgrp && par.tg.session === p.session) return false;
  }
  return true;
}

export function isOrphanedPgrp(k: Kernel, pgrp: ProcessGroup): boolean {
  return willBecomeOrphaned(k, pgrp, null);
}

/**
 * EXIT-7 kill_orphaned_pgrp: when the exit (parent === null) or the reparenting (parent = the
 * exiting father) leaves `tg`'s group orphaned and it has a stopped member, every member gets
 * SIGHUP then SIGCONT. Default dispositions: SIGHUP kills, except pid-ns inits (EXIT-9).
 */
function killOrphanedPgrp(k: Kernel, tg: ThreadGroup, parent: Task | null): void {
  const pgrp = tg.pgrp;
  const ignored = parent ? null : tg;
  const par = parent ?? tg.parent;
  if (!par) return;
  if (par.tg.pgrp === pgrp || par.tg.session !== tg.session) return;
  if (!willBecomeOrphaned(k, pgrp, ignored)) return;
  let stopped = false;
  for (const m of pgrp.members) if (m.state === 'live' && m.stopSignal) stopped = true;
  if (!stopped) return;
  const members = [...pgrp.members].filter((m) => m.state === 'live');
  const victims = members.filter((m) => !m.unkillable);
  const race = raceOfVictims(victims);
  if (race) k.races.push(`EXIT-2.race: ${race}`);
  const batch: ExitBatch = { id: ++batches };
  for (const m of members) {
    m.stopSignal = 0; // SIGCONT
    if (!m.unkillable) k.defer(() => inBatch(k, batch, () => killProcess(k, m, SIGHUP)));
  }
}

/**
 * Does the outcome of killing `victims` together depend on the order they die in (EXIT-2.race)?
 * Yes when a victim ignores SIGCHLD and could adopt, while still alive, a process that dies in
 * the same batch: its own child, or (a subreaper) the children of a victim below it. Dying first,
 * that process is reaped at once by the victim (EXIT-5); dying later, it becomes a zombie of the
 * next reaper. Returns a description, or null when every order gives the same state.
 */
function raceOfVictims(victims: ThreadGroup[]): string | null {
  if (victims.length < 2) return null;
  const set = new Set(victims);
  for (const v of victims) {
    if (!v.leader.sighand.sigchldIgnored) continue;
    for (const c of victims) {
      if (c === v) continue;
      const par = c.parent;
      if (par && par.tg === v) return `victims ${v.leader.name} (ignores SIGCHLD) and its child ${c.leader.name} die together`;
      if (!v.isSubreaper || !c.hasChildSubreaper) continue;
      let adopts = false;
      for (let a = par?.tg ?? null; a; a = a.parent?.tg ?? null) {
        if (a === v) {
          adopts = true;
          break;
        }
        if (a.isSubreaper && !set.has(a)) break;
      }
      if (adopts && c.threads.some((th) => th.children.size > 0)) {
        return `subreaper victim ${v.leader.name} (ignores SIGCHLD) may adopt the children of victim ${c.leader.name}`;
      }
    }
  }
  return null;
}

/**
 * EXIT-8 zap_pid_ns_processes: disable adding (PID-7), ignore SIGCHLD, SIGKILL every other task
 * with a number in the ns (ascending), reap init's children, then wait until init is the only
 * user of the ns. Returns true if done now; else registers `resume` and returns false.
 */
function zapPidNs(k: Kernel, ns: PidNamespace, init: Task, resume: () => void): boolean {
  ns.adding = false;
  init.sighand.sigchldIgnored = true;
  const victims: ThreadGroup[] = [];
  const seen = new Set<ThreadGroup>();
  for (const nr of [...ns.pids.keys()].sort((a, b) => a - b)) {
    const task = ns.pids.get(nr)!.task;
    if (!task || task.tg === init.tg || seen.has(task.tg)) continue;
    seen.add(task.tg);
    victims.push(task.tg);
  }
  for (const v of victims) for (const th of v.liveThreads()) th.dying = true;
  inBatch(k, null, () => {
    for (const v of victims) killProcess(k, v, SIGKILL);
  });
  const initPids = init.isLeader ? 1 : 2;
  const done = (): boolean => {
    reapZombieChildren(k, init.tg);
    return !hasChildren(init.tg) && ns.pids.size <= initPids;
  };
  if (done()) return true;
  ns.zapWaiter = { init, initPids, resume };
  k.zapping.add(ns);
  return false;
}

function hasChildren(tg: ThreadGroup): boolean {
  for (const th of tg.threads) if (th.children.size > 0) return true;
  return false;
}

function reapZombieChildren(k: Kernel, tg: ThreadGroup): void {
  for (const th of tg.threads) {
    for (const c of [...th.children]) if (c.state === 'zombie') releaseProcess(k, c);
  }
}

/** Resume exiting inits whose namespaces have emptied (called whenever something is released). */
export function pokeZapWaiters(k: Kernel): void {
  for (const ns of [...k.zapping]) {
    const w = ns.zapWaiter;
    if (!w) continue;
    reapZombieChildren(k, w.init.tg);
    if (!hasChildren(w.init.tg) && ns.pids.size <= w.initPids) {
      ns.zapWaiter = null;
      k.zapping.delete(ns);
      k.defer(w.resume);
    }
  }
}

/** release_task for one thread: its PID attachment goes; a leader's also TGID/PGID/SID. */
function releaseTask(k: Kernel, t: Task): void {
  if (t.released) return;
  t.released = true;
  const tg = t.tg;
  const i = tg.threads.indexOf(t);
  if (i >= 0) tg.threads.splice(i, 1);
  t.pid.task = null;
  t.pid.release();
  drop(t.sighand);
  k.tasks.delete(t);
  if (k.zapping.size > 0) k.defer(() => pokeZapWaiters(k));
}

/** Reap a zombie process (wait, auto-reap): release its leader and leave its group and session. */
export function releaseProcess(k: Kernel, tg: ThreadGroup): void {
  if (tg.state === 'released') return;
  tg.state = 'released';
  if (tg.parent) tg.parent.children.delete(tg);
  for (const t of [...tg.threads]) {
    t.pid.task = null; // detach PID before PGID/SID so the pid frees once everything is gone
  }
  leaveGroup(tg.pgrp, tg);
  for (const t of [...tg.threads]) releaseTask(k, t);
}

/** Kill every thread of `tg` except `keep` (de_thread for execve). */
export function killOtherThreads(k: Kernel, tg: ThreadGroup, keep: Task): void {
  const others = tg.threads.filter((t) => t !== keep && !t.exited);
  for (const o of others) o.dying = true;
  inBatch(k, null, () => {
    for (const o of others) exitThread(k, o, signaledStatus(SIGKILL));
  });
}

/** Release an exited (dead) leader replaced by de_thread. */
export function releaseReplacedLeader(k: Kernel, old: Task): void {
  releaseTask(k, old);
}
