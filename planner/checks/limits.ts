/**
 * What the operation vocabulary (executor/ops.ts) cannot express, checked before planning so the
 * answer is a clear "undecided: cannot be expressed" instead of a plan that fails verification:
 * - tasks sharing an fs_struct in different mount namespaces (FS_SHARED_ACROSS_NS, a warning):
 *   reachable on 6.18 only through setns(pidfd, CLONE_NEWNS | another type) by a CLONE_FS sharer,
 *   which planner/index.ts then tries (planner/checks/fs-across-mnt.ts); this answer stands when that
 *   gives no verified plan;
 * - a process stopped by a tty stop signal in a process group that is orphaned in the image: the
 *   final-phase stop would be discarded (EXIT-7); reachable only if the group had, at the stop, a
 *   member with a parent in another group of its session, and that link was later broken without
 *   an exit (setpgid/setsid send no signal, PGID-5), which the planner does not plan yet;
 * - a pid-ns init stopped by a tty stop signal (EXIT-9: only SIGSTOP from an ancestor ns stops it);
 * - a pid ns with no task shared as pid_for_children by several tasks (a dead init's leftover),
 *   when the plan planner/ordering/empty-pfc.ts makes with a temporary init fails on replay (index.ts
 *   answers this on a planner bug only);
 * - processes sharing an mm in a time ns the restore creates (SETNS-6 EUSERS), when the plan
 *   found has one of them enter it after the CLONE_VM clone (index.ts answers this on a plan
 *   failing with EUSERS only; sharers in different time ns are a proof, kernel-invariants.ts);
 * (User namespaces owned by another uid than the restorer's are planned: the creator switches
 * ids with the `setresuid` op first, planner/output/emit.ts switchIdsFor.)
 * O(tasks + namespaces x user-ns depth).
 */
import type { Image } from '../../model/image.js';
import type { KernelProfile } from '../../kernel/profile.js';
import type { Impossibility } from '../api.js';

/**
 * What the restoring kernel lacks and the image cannot do without: a proof of impossibility.
 * - time namespaces (5.6): a time namespace of the image that is not the environment's must be
 *   created, and only CLONE_NEWTIME creates one; without the feature that flag is unknown
 *   (unshare and clone3 fail with EINVAL, UNSH-2) and no /proc/PID/ns/time exists to join one.
 * O(tasks + namespaces).
 */
export function profileLimits(image: Image, profile: KernelProfile): Impossibility | null {
  if (profile.features.has('time-ns')) return null;
  const own = new Set(image.namespaces.filter((n) => n.type === 'time' && !n.external).map((n) => n.id));
  if (own.size === 0) return null;
  const slots = new Map(image.nsproxies.map((p) => [p.id, [p.time, p.timeForChildren]]));
  const culprits = image.tasks.filter((t) => t.nsproxy !== null && (slots.get(t.nsproxy) ?? []).some((id) => own.has(id))).map((t) => t.pid[0]);
  const names = [...own].sort().join(', ');
  return {
    rule: 'UNSH-2', culprits: culprits.slice(0, 8),
    chain: [
      `The image has time namespace(s) ${names}, which are not the environment's: the restore must create them.`,
      'A time namespace is created only by unshare(CLONE_NEWTIME) or clone3 with CLONE_NEWTIME, and entered only by setns on its /proc/PID/ns/time or by execve after that (UNSH-6, SETNS-6).',
      `The restoring kernel (Linux ${profile.version} without time-ns; time namespaces exist since 5.6) does not know CLONE_NEWTIME: unshare and clone3 fail with EINVAL (UNSH-2), and /proc/PID/ns/time does not exist (NSFD-1).`,
      `So task(s) ${culprits.slice(0, 8).join(', ')}${culprits.length > 8 ? ', ...' : ''} cannot be in or pending for their time namespaces: no plan exists for this kernel.`,
    ],
    message: `the restoring kernel has no time namespaces, and the image has ${own.size} of its own (${names})`,
  };
}

/**
 * Pid 1 of an external level-0 pid ns (a whole-system capture: the host's own init): that ns is
 * the environment's, so its pid 1 is the running init, or the restorer standing in for it
 * (executor/contract.ts), for the whole life of the ns (EXIT-8). The number is in use (PID-3), so
 * clone3 with set_tid 1 fails EEXIST (FORK-9): no restore recreates that task. O(tasks).
 */
export function environmentInitLimit(image: Image): Impossibility | null {
  const root = image.namespaces.find((n) => n.type === 'pid' && (n.level ?? 0) === 0 && !n.parent);
  if (!root?.external) return null;
  const init = image.tasks.find((t) => t.pid[0] === 1);
  if (!init) return null;
  const name = `task 1${init.comm ? ` (${init.comm})` : ''}`;
  return {
    rule: 'PID-3', culprits: [1],
    chain: [
      `The image's level-0 pid namespace ${root.id} is external: the restore runs in the environment's pid namespace (or in a fresh one standing in for it) instead of creating it.`,
      'Pid 1 of a pid namespace is its init: created with the namespace, it lives as long as the namespace (EXIT-8); in the environment\'s namespace that is the running init, or the restorer itself.',
      'A number stays in use while its task lives (PID-3), so clone3 with set_tid = {1} there fails with EEXIST (FORK-9).',
      `So ${name}, pid 1 of ${root.id}, cannot be recreated: no plan exists. (A subtree captured with --pid, or an image with its own level-0 pid namespace, is not concerned.)`,
    ],
    message: `${name} is pid 1 of the environment's pid namespace ${root.id}, whose init already holds that number`,
  };
}

/**
 * A zombie pid-ns init whose SIGCHLD is not ignored: when an init exits, the kernel sets its
 * SIGCHLD to SIG_IGN before it reaps the namespace (EXIT-8, zap_pid_ns_processes), so every
 * zombie init shows SIGCHLD ignored; an image saying otherwise describes no reachable state.
 * A pid-ns init is a task whose innermost number is 1. O(tasks).
 */
export function zombieInitSigchldLimit(image: Image): Impossibility | null {
  const t = image.tasks.find((x) => x.state === 'zombie' && x.pid[x.pid.length - 1] === 1 && x.ignoresSigchld === false);
  if (!t) return null;
  return {
    rule: 'EXIT-8', culprits: [t.pid[0]],
    chain: [
      `Task ${t.pid[0]} is pid 1 of its pid namespace ${t.pidns} (the last number of its pid vector), so it is that namespace's init.`,
      'When a pid-ns init exits, the kernel first sets its SIGCHLD disposition to SIG_IGN, then kills and reaps the namespace (EXIT-8); it becomes a zombie only after that.',
      `So a zombie init always has SIGCHLD ignored, and the image's "ignoresSigchld": false for task ${t.pid[0]} describes no state a restore can reach.`,
    ],
    message: `zombie ${t.pid[0]} is the init of ${t.pidns} but does not ignore SIGCHLD, which every exited init does`,
  };
}

export const LIMITATION = 'not expressible with the operation vocabulary';

const TTY_STOPS = new Set([20, 21, 22]); // SIGTSTP, SIGTTIN, SIGTTOU

/** The orphaned-group tty stop above; a parent outside the image (ppid 0) counts as a link. O(tasks). */
function orphanedTtyStop(image: Image): { reason: string; culprits: number[] } | null {
  const lead = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  const linked = new Set<number>();
  for (const t of lead.values()) {
    if (t.state === 'zombie') continue;
    const p = t.ppid === 0 ? undefined : lead.get(t.ppid);
    if (t.ppid === 0 || (p && p.pgid[0] !== t.pgid[0] && p.sid[0] === t.sid[0])) linked.add(t.pgid[0]);
  }
  for (const t of image.tasks) {
    if (t.state !== 'stopped' || !TTY_STOPS.has(t.stopSignal ?? 19) || linked.has(t.pgid[0])) continue;
    return {
      reason: `process ${t.tgid} is stopped by signal ${t.stopSignal} (a tty stop signal) in process group ${t.pgid[0]}, which is orphaned in the image (no member has a parent in another group of session ${t.sid[0]}), where Linux discards that signal; it was stopped while a since-departed member kept the group non-orphaned, and the planner does not plan such a temporary member yet (EXIT-7, PGID-5)`,
      culprits: [t.tgid],
    };
  }
  return null;
}

/**
 * A pid-ns init stopped by a tty stop signal: an init drops its own stop signals, and from an
 * ancestor namespace only SIGKILL and SIGSTOP get through (EXIT-9, sig_kernel_only); the planner
 * stops inits with SIGSTOP sent by the restorer. O(tasks).
 */
function ttyStoppedInit(image: Image): { reason: string; culprits: number[] } | null {
  const t = image.tasks.find((x) => x.state === 'stopped' && x.pid[x.pid.length - 1] === 1 && (x.stopSignal ?? 19) !== 19);
  if (!t) return null;
  return {
    reason: `task ${t.pid[0]}, the init of pid namespace ${t.pidns}, is stopped by signal ${t.stopSignal}; an init ignores its own stop signals and, from an ancestor namespace, only SIGSTOP stops it, so how it got this stop signal is not something the planner reproduces; ${LIMITATION} (EXIT-9)`,
    culprits: [t.pid[0]],
  };
}

/**
 * A pid namespace with no task that is the pid_for_children of two or more live tasks. Each
 * unshare(CLONE_NEWPID) makes a new one, its pid_for_children file cannot be opened before it has
 * an init (NSFD: pidns_for_children_get returns nothing without a child reaper), and neither fork
 * (the child becomes its init) nor CLONE_THREAD (EINVAL once pid_for_children differs, FORK-2)
 * passes it on. Reachable only through an init that later died, which the planner does not plan.
 * O(tasks + nsproxies).
 */
export function sharedEmptyPidNs(image: Image): { reason: string; culprits: number[] } | null {
  const populated = new Set(image.tasks.map((t) => t.pidns));
  const pfc = new Map(image.nsproxies.map((p) => [p.id, p.pidForChildren]));
  const holders = new Map<string, number[]>();
  for (const t of image.tasks) {
    if (t.nsproxy === null || (t.state !== 'running' && t.state !== 'stopped')) continue;
    const ns = pfc.get(t.nsproxy);
    if (!ns || populated.has(ns)) continue;
    const list = holders.get(ns) ?? [];
    list.push(t.pid[0]);
    holders.set(ns, list);
    if (list.length === 2) {
      return {
        reason: `tasks ${list.join(' and ')} both have pid_for_children ${ns}, a pid namespace with no task; each unshare(CLONE_NEWPID) makes a new one and its file cannot be opened before it has an init, so only an init that later died leaves it shared; the planner's temporary init for it (planner/ordering/empty-pfc.ts) did not replay here; ${LIMITATION} (UNSH-5, PID-7)`,
        culprits: list.slice(),
      };
    }
  }
  return null;
}

/**
 * Processes (not threads) sharing an address space (CLONE_VM without CLONE_THREAD) in a time ns
 * (or with a time_for_children) the restore must create: setns into a time ns fails with EUSERS
 * for a task whose mm has other users (SETNS-6, current_is_single_threaded), and a CLONE_VM child
 * stays in its creator's time ns whatever time_for_children says. Such sharers must be born after their creator entered the
 * time ns: the attempt vmTimeBirths (planner/ordering/vm-time-birth.ts) orders that; this names
 * the images neither it nor the first attempt plans (the generator shares an mm across processes
 * only with its vmForks option). O(tasks).
 */
export function mmSharersInOwnTimeNs(image: Image): { reason: string; culprits: number[] } | null {
  const own = new Set(image.namespaces.filter((n) => n.type === 'time' && !n.external).map((n) => n.id));
  if (own.size === 0) return null;
  // (its time_for_children too: the sharer cannot setns to fix that slot either, seed 5 of the
  // CLONE_VM histories, npm run soak -- planner --vm-forks --ops 60)
  const timed0 = new Map(image.nsproxies.map((p) => [p.id, own.has(p.time) || own.has(p.timeForChildren)]));
  const byMm = new Map<string, { tgid: number; timed: boolean }>();
  for (const t of image.tasks) {
    if (t.mm === null || t.nsproxy === null || (t.state !== 'running' && t.state !== 'stopped')) continue;
    const timed = timed0.get(t.nsproxy) === true;
    const prev = byMm.get(t.mm);
    if (!prev) { byMm.set(t.mm, { tgid: t.tgid, timed }); continue; }
    if (prev.tgid !== t.tgid && (prev.timed || timed)) {
      return {
        reason: `processes ${prev.tgid} and ${t.tgid} share address space ${t.mm} (CLONE_VM without CLONE_THREAD) in a time namespace (or time_for_children) the restore creates; a task sharing its mm cannot setns into a time ns (EUSERS) and a CLONE_VM child keeps its creator's, so the sharers must be born once their creator's time ns and time_for_children are theirs, an order the planner's attempt (planner/ordering/vm-time-birth.ts) did not find here; ${LIMITATION} (SETNS-6)`,
        culprits: [prev.tgid, t.tgid],
      };
    }
    prev.timed ||= timed;
  }
  return null;
}

export function vocabularyLimits(image: Image): { reason: string; culprits: number[] } | null {
  const tty = orphanedTtyStop(image) ?? ttyStoppedInit(image);
  if (tty) return tty;
  const mntOf = new Map(image.nsproxies.map((n) => [n.id, n.mnt]));
  const fsMnt = new Map<string, { mnt: string; pid: number }>();
  for (const t of image.tasks) {
    const m = t.fs && t.nsproxy ? mntOf.get(t.nsproxy) : undefined;
    if (!t.fs || m === undefined) continue;
    const prev = fsMnt.get(t.fs);
    if (!prev) fsMnt.set(t.fs, { mnt: m, pid: t.pid[0] });
    else if (prev.mnt !== m) {
      return {
        reason: `tasks ${prev.pid} and ${t.pid[0]} share fs ${t.fs} across mount namespaces ${prev.mnt} and ${m}; reachable only by setns(pidfd, CLONE_NEWNS | another type) with the fs_struct shared, which the planner plans only through a live task outside the fs in that mount ns and with the sharers otherwise planned together (FS_SHARED_ACROSS_NS, SETNS-2)`,
        culprits: [prev.pid, t.pid[0]],
      };
    }
  }
  return null;
}
