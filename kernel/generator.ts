/**
 * Seeded random histories of plausible syscalls, driven through a live simulated kernel, so the
 * final state is reachable by construction. The history is an Op[] in the shared vocabulary,
 * replayable on the simulated kernel (replayOnSimKernel with continueOnError: failed ops are
 * part of the history, as they would fail the same way on Linux) and on the real kernel.
 * Weighted towards the shapes restores find hard: orphaned sessions, groups whose leader died,
 * orphans adopted by subreapers and inits, nested pid and user namespaces, threads, zombies.
 * One seed reproduces one history exactly (mulberry32, no other randomness).
 */
import { ROOT_ACTOR, type CloneFlag, type NsFile, type Op, type OpResult } from '../executor/ops.js';
import type { Image, NsType } from '../model/image.js';
import { OpRunner } from './runner.js';
import { Prng } from './prng.js';
import { snapshot } from './snapshot.js';
import { waitOrderRaced } from './wait.js';
import type { Task } from './task.js';
import type { KernelProfile } from './profile.js';
import type { PidNamespace } from './pidns.js';

export interface GenerateOptions {
  /** number of operations (default 200) */
  ops?: number;
  profile?: KernelProfile;
  /**
   * also switch credentials (the `setresuid` op, mostly right before an unshare(CLONE_NEWUSER)).
   * Off by default so that every seed keeps the history it always had.
   */
  setids?: boolean;
  /**
   * also fork processes with CLONE_VM (sharing the creator's address space, and so its time ns,
   * FORK-8), with or without new namespaces. Off by default for the same reason; the proofs soak
   * uses it, since proofs about time namespaces must hold for such processes too.
   */
  vmForks?: boolean;
}

export interface History {
  ops: Op[];
  image: Image;
  /** the result of each op on the simulated kernel */
  results: OpResult[];
}

const NS_FLAGS: CloneFlag[] = ['CLONE_NEWUTS', 'CLONE_NEWIPC', 'CLONE_NEWNET', 'CLONE_NEWNS', 'CLONE_NEWCGROUP', 'CLONE_NEWTIME', 'CLONE_NEWUSER', 'CLONE_NEWPID'];
const NS_FILES: NsFile[] = ['uts', 'ipc', 'mnt', 'net', 'pid', 'user', 'cgroup', 'time', 'pid_for_children', 'time_for_children'];
const PIDFD_TYPES: NsType[] = ['uts', 'ipc', 'mnt', 'net', 'pid', 'user', 'cgroup', 'time'];

/**
 * Can this init exit without blocking forever in zap_pid_ns_processes (EXIT-8)? The init waits
 * until the ns holds no pid but its own, so it must not have members parented outside, and no
 * pid of the ns may stay attached as a pgid/sid to a process that outlives the teardown: in
 * particular the init's own group or session led by another (dead) pid of the ns. On 6.18 that
 * last case hangs the init for good (found by the real-kernel differential run, see README).
 */
function initCanExit(ns: PidNamespace): boolean {
  const initPid = ns.childReaper?.tg.leader.pid;
  for (const pid of ns.pids.values()) {
    const t = pid.task;
    if (t && t.isLeader) {
      const p = t.tg.parent;
      if (p && p.pid.nrIn(ns) === 0) return false;
    }
    if (t && t.isLeader && t.tg.unkillable && t.activePidNs !== ns && t.activePidNs.childReaper?.tg === t.tg && !initCanExit(t.activePidNs)) return false;
    if (pid === initPid) continue;
    const holders = [...(pid.pgrp?.members ?? [])];
    for (const h of holders) if (h.leader.pid.nrIn(ns) === 0 || h.leader.pid === initPid) return false;
    if (pid.session) {
      const init = ns.childReaper!.tg;
      if (init.session === pid.session) return false;
    }
  }
  return true;
}

export function generateHistory(seed: number, opts: GenerateOptions = {}): History {
  const target = opts.ops ?? 200;
  const rng = new Prng(seed);
  let runner = new OpRunner(opts.profile);
  let k = runner.kernel;
  const ops: Op[] = [];
  const results: OpResult[] = [];
  let nextName = 1;
  let names = new Map<Task, string>();
  names.set(k.init, ROOT_ACTOR);
  /**
   * An op whose outcome on Linux depends on the scheduler (k.races, EXIT-2.race: processes killed
   * together where the order decides who is auto-reaped) is left out of the history: the state
   * is rebuilt by replaying the history without it. Only such ops are left out; the same shape
   * without the race (and every other op) stays.
   */
  const dropRacedOp = (): void => {
    runner = new OpRunner(opts.profile);
    k = runner.kernel;
    for (const op of ops) runner.run(op);
    names = new Map<Task, string>();
    for (const [name, t] of runner.actors) names.set(t, name);
  };
  const run = (op: Op): OpResult => {
    const r = runner.run(op);
    if (k.races.length > 0) {
      dropRacedOp();
      return { ok: false, errno: 'EAGAIN', rule: 'EXIT-2.race' };
    }
    ops.push(op);
    results.push(r);
    return r;
  };
  const nameOf = (t: Task): string => names.get(t)!;
  /** actors that can make a syscall now */
  const runnable = (): Task[] => [...k.tasks].filter((t) => !t.exited && !t.dying && !t.tg.stopSignal && names.has(t));
  const all = (): Task[] => [...k.tasks].filter((t) => names.has(t) && t !== k.init);

  const fork = (actor: Task, flags: CloneFlag[], extra: Partial<Extract<Op, { op: 'clone' }>> = {}): void => {
    const child = `t${nextName++}`;
    const r = run({ op: 'clone', actor: nameOf(actor), child, flags, ...extra });
    if (!r.ok) return;
    const t = runner.actors.get(child)!;
    names.set(t, child);
    // The restorer's own session is the environment's: children of ROOT_ACTOR start their own.
    if (actor === k.init && !flags.includes('CLONE_THREAD')) run({ op: 'setsid', actor: child });
  };

  const weights = [
    /* 0 fork */ 22, /* 1 CLONE_PARENT */ 6, /* 2 thread */ 4, /* 3 new pid ns */ 4, /* 4 ns flags */ 5,
    /* 5 exit */ 12, /* 6 wait */ 6, /* 7 setsid */ 8, /* 8 setpgid */ 9, /* 9 subreaper */ 3,
    /* 10 unshare */ 4, /* 11 setns */ 4, /* 12 execve */ 3, /* 13 stop */ 2, /* 14 sigchld */ 2,
    /* 15 hostname */ 1, /* 16 idmap */ 2, /* 17 timens */ 1, /* 18 ns_last_pid */ 2, /* 19 set_tid fork */ 2,
  ];
  if (opts.setids || opts.vmForks) weights.push(/* 20 setresuid */ opts.setids ? 3 : 0);
  if (opts.vmForks) weights.push(/* 21 CLONE_VM process */ 3);

  // Start with a small tree so that the first process defines the (root) base pid ns.
  fork(k.init, []);
  while (ops.length < target) {
    const live = runnable();
    const nonRoot = live.filter((t) => t.tg !== k.init.tg);
    const actor = nonRoot.length === 0 || rng.chance(0.04) ? k.init : rng.pick(nonRoot);
    const me = nameOf(actor);
    const choice = rng.weighted(weights);
    switch (choice) {
      case 0:
        fork(actor, rng.chance(0.1) ? ['CLONE_FILES'] : rng.chance(0.1) ? ['CLONE_FS'] : [],
          rng.chance(0.05) ? { exitSignal: rng.pick([0, 10]) } : rng.chance(0.05) ? { legacy: true } : {});
        break;
      case 1:
        if (!actor.tg.unkillable || rng.chance(0.1)) fork(actor, ['CLONE_PARENT']);
        break;
      case 2:
        fork(actor, ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM', ...(rng.chance(0.5) ? ['CLONE_FILES', 'CLONE_FS'] as CloneFlag[] : [])]);
        break;
      case 3:
        fork(actor, rng.chance(0.5) ? ['CLONE_NEWPID'] : ['CLONE_NEWUSER', 'CLONE_NEWPID']);
        break;
      case 4: {
        const flags = NS_FLAGS.filter(() => rng.chance(0.3));
        fork(actor, flags.length ? flags : ['CLONE_NEWUTS']);
        break;
      }
      case 5: {
        if (actor === k.init) break;
        const tg = actor.tg;
        const lastThread = tg.liveThreads().length === 1;
        const group = rng.chance(0.3);
        if ((group || lastThread) && tg.unkillable) {
          const ns = actor.activePidNs;
          if (ns.childReaper?.tg !== tg || !initCanExit(ns) || rng.chance(0.7)) break;
        }
        const signal = rng.chance(0.15) ? rng.pick([9, 15]) : undefined;
        run({ op: 'exit', actor: me, code: rng.int(4), ...(signal ? { signal } : {}), ...(group ? { group } : {}) });
        break;
      }
      case 6: {
        const zombies: Task[] = [];
        for (const th of actor.tg.threads) for (const c of th.children) if (c.state === 'zombie') zombies.push(c.leader);
        if (zombies.length > 0) {
          const z = rng.pick(zombies);
          // wait(-1) unless the zombie it reaps is not the same on Linux (EXIT-2.race: an order
          // that concurrent exits left to the scheduler); then the zombie is named.
          const any = rng.chance(0.5) && !waitOrderRaced(actor, -1);
          run({ op: 'wait', actor: me, pid: any ? -1 : z.pid.nrIn(actor.activePidNs) });
        } else if (rng.chance(0.1)) {
          // a WNOHANG wait with live or no children (0 or ECHILD), never a blocking one
          run({ op: 'wait', actor: me, pid: -1, nohang: true });
        }
        break;
      }
      case 7:
        // mostly by processes that can succeed (not group leaders), sometimes to see EPERM
        if (actor.tg.pgrp.pgid !== actor.tg.leader.pid || rng.chance(0.2)) run({ op: 'setsid', actor: me });
        break;
      case 8: {
        const ns = actor.activePidNs;
        const kids: Task[] = [];
        for (const th of actor.tg.threads) for (const c of th.children) kids.push(c.leader);
        const who = kids.length > 0 && (actor.tg.sessionLeader || rng.chance(0.6)) ? rng.pick(kids) : actor.tg.leader;
        const peers = all().filter((t) => t.tg.session === actor.tg.session && t.isLeader);
        let group = peers.length > 0 && rng.chance(0.6) ? rng.pick(peers).tg.pgrp.pgid.nrIn(ns) : 0;
        // A pid-ns init must stay out of groups led by other pids of its ns: that pid would stay
        // allocated through the init's own pgid and the init's exit (or the executor's teardown)
        // would wait for it forever in zap_pid_ns_processes (EXIT-8; a real hang on 6.18).
        if (who.tg.unkillable) group = 0;
        run({ op: 'setpgid', actor: me, pid: who === actor.tg.leader && rng.chance(0.5) ? 0 : who.pid.nrIn(ns), pgid: group });
        break;
      }
      case 9:
        run({ op: 'subreaper', actor: me, value: rng.chance(0.85) });
        break;
      case 10: {
        const flags = NS_FLAGS.filter(() => rng.chance(0.25));
        run({ op: 'unshare', actor: me, flags: flags.length ? flags : [rng.pick(NS_FLAGS)] });
        break;
      }
      case 11: {
        const targets = all().filter((t) => !t.released);
        if (targets.length === 0) break;
        const tgt = rng.pick(targets);
        if (rng.chance(0.3)) {
          let types = PIDFD_TYPES.filter(() => rng.chance(0.3));
          // setns(pidfd, CLONE_NEWNS|other) ignores a shared fs_struct on 6.18, which leaves an fs
          // shared across mount namespaces: real (model/validate warns FS_SHARED_ACROSS_NS), but
          // the planner does not plan it yet (undecided), so generated states stay clear of it.
          if (types.length > 1 && actor.fs && actor.fs.users > 1) types = types.filter((x) => x !== 'mnt');
          run({ op: 'setns', actor: me, target: nameOf(tgt), pidfd: true, nstypes: types.length ? types : ['uts'] });
        } else {
          run({ op: 'setns', actor: me, target: nameOf(tgt), file: rng.pick(NS_FILES) });
        }
        break;
      }
      case 12:
        if (actor !== k.init) run({ op: 'execve', actor: me });
        break;
      case 13:
        if (actor !== k.init) run({ op: 'stop', actor: me });
        break;
      case 14:
        run({ op: 'sigchld-ignore', actor: me, value: rng.chance(0.6) });
        break;
      case 15:
        run({ op: 'sethostname', actor: me, hostname: `h${rng.int(1000)}` });
        break;
      case 16: {
        const unmapped = all().filter((t) => !t.released && t.creds.userns.uidMap.length === 0);
        if (unmapped.length === 0) break;
        const tgt = rng.pick(unmapped);
        const full = rng.chance(0.5);
        const out = full ? 0 : tgt.creds.userns.ownerUid;
        run({ op: 'write-idmap', actor: me, target: nameOf(tgt), uidMap: [{ inside: 0, outside: out, count: full ? 65536 : 1 }], gidMap: [{ inside: 0, outside: out, count: full ? 65536 : 1 }] });
        break;
      }
      case 17:
        run({ op: 'write-timens-offsets', actor: me, monotonic: rng.int(1000) * 1e9, boottime: rng.int(1000) * 1e9 });
        break;
      case 18:
        run({ op: 'write-ns-last-pid', actor: me, value: rng.chance(0.2) ? rng.int(400) : rng.int(40) });
        break;
      case 19:
        fork(actor, [], { setTid: [2 + rng.int(60)] });
        break;
      case 20: {
        // a credentials switch, mostly as restorers make it: just before creating a user ns that
        // the new uid then owns. Never by ROOT_ACTOR, whose capabilities the environment needs.
        if (actor === k.init) break;
        const uid = rng.pick([1000, 1000, 0, 1]);
        run({ op: 'setresuid', actor: me, uid, gid: rng.chance(0.8) ? uid : rng.pick([0, 1000]) });
        if (rng.chance(0.7)) run({ op: 'unshare', actor: me, flags: rng.chance(0.5) ? ['CLONE_NEWUSER', 'CLONE_NEWUTS'] : ['CLONE_NEWUSER'] });
        break;
      }
      case 21: {
        // a process sharing its creator's mm: it keeps the creator's time ns even when
        // time_for_children differs (FORK-8); sometimes with new namespaces, as a pid-ns init
        const extra = rng.chance(0.3) ? (rng.chance(0.5) ? ['CLONE_NEWPID'] : ['CLONE_NEWUSER', 'CLONE_NEWPID']) as CloneFlag[] : rng.chance(0.2) ? NS_FLAGS.filter((f) => f !== 'CLONE_NEWTIME' && rng.chance(0.3)) : [];
        fork(actor, ['CLONE_VM', ...extra]);
        break;
      }
    }
  }
  const image = snapshot(k, { source: { kind: 'generated', origin: `crplan kernel generator, seed ${seed}` } });
  return { ops, image, results };
}
