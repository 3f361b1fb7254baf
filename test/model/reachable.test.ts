/**
 * No false errors on reachable states: a tiny model of the Linux process-tree rules (fork with
 * CLONE_PARENT / CLONE_NEWPID, unshare(CLONE_NEWPID), threads, setsid, setpgid, exit with
 * reparenting to subreapers and pid-ns inits, wait, subreaper on/off) plays seeded random
 * histories; every state it reaches is one Linux can produce, so the validator must report no
 * error on it. A failure prints the seed and the history. Independent of the simulated kernel
 * (kernel/), on purpose: a second, small reading of the same rules.
 */
import test from 'ava';
import type { Image, Task } from '../../model/image.js';
import { validateImage } from '../../model/validate.js';
import { Prng } from '../../kernel/prng.js';

interface Ns { id: string; level: number; parent?: Ns; next: number; used: Map<number, SPid>; init?: Proc; dead: boolean }
/** struct pid: one number per level, outermost first */
interface SPid { nums: number[]; ns: Ns }
interface Thread { pid: SPid; proc: Proc }
interface Proc {
  pid: SPid; threads: Thread[]; parent?: Proc; pgrp: SPid; session: SPid; pfc: Ns;
  zombie: boolean; exit?: { code: number } | { signal: number }; leaderDead: boolean; subreaper: boolean;
}

function prng(seed: number): () => number {
  const p = new Prng(seed);
  return () => p.next();
}

class World {
  nsCount = 0;
  root: Ns = this.newNs(undefined, 300);
  procs: Proc[] = [];
  log: string[] = [];

  newNs(parent: Ns | undefined, first = 1): Ns {
    return { id: parent ? `pidns${++this.nsCount}` : 'pid0', level: parent ? parent.level + 1 : 0, parent, next: first, used: new Map(), dead: false };
  }

  chain(ns: Ns): Ns[] {
    const out: Ns[] = [];
    for (let n: Ns | undefined = ns; n; n = n.parent) out.unshift(n);
    return out;
  }

  /** PID-1/PID-2: a number in the birth ns and every ancestor, first free from the cursor */
  alloc(ns: Ns): SPid {
    const levels = this.chain(ns);
    const sp: SPid = { nums: [], ns };
    for (const n of levels) {
      while (n.used.has(n.next)) n.next++;
      sp.nums.push(n.next);
      n.used.set(n.next++, sp);
    }
    return sp;
  }

  /** PID-3: release a struct pid once nothing uses it as pid, tgid, pgid or sid */
  maybeFree(sp: SPid): void {
    for (const p of this.procs) {
      if (p.pid === sp || p.pgrp === sp || p.session === sp) return;
      if (p.threads.some((t) => t.pid === sp)) return;
    }
    this.chain(sp.ns).forEach((n, k) => n.used.delete(sp.nums[k]));
  }

  live(): Proc[] {
    return this.procs.filter((p) => !p.zombie);
  }

  isInit(p: Proc): boolean {
    return p.pid.nums[p.pid.nums.length - 1] === 1;
  }

  inSubtree(ns: Ns, of: Ns): boolean {
    for (let n: Ns | undefined = ns; n; n = n.parent) if (n === of) return true;
    return false;
  }

  spawn(): Proc {
    const pid = this.alloc(this.root);
    const p: Proc = { pid, threads: [], pgrp: pid, session: pid, pfc: this.root, zombie: false, leaderDead: false, subreaper: false };
    p.threads.push({ pid, proc: p });
    this.procs.push(p);
    return p;
  }

  fork(p: Proc, r: () => number): void {
    const ns = p.pfc;
    if (ns.dead) return; // ENOMEM (PID-7)
    const newpid = r() < 0.15 && p.pfc === p.pid.ns && ns.level < 32; // FORK-7: pfc must be the active ns
    const clonePARENT = r() < 0.2 && !this.isInit(p); // FORK-3: refused for any pid-ns init
    const birth = newpid ? this.newNs(p.pid.ns) : ns;
    const pid = this.alloc(birth);
    const c: Proc = {
      pid, threads: [], parent: clonePARENT ? p.parent : p, pgrp: p.pgrp, session: p.session, pfc: birth,
      zombie: false, leaderDead: false, subreaper: false,
    };
    c.threads.push({ pid, proc: c });
    if (pid.nums[pid.nums.length - 1] === 1) birth.init = c;
    this.procs.push(c);
    this.log.push(`fork ${p.pid.nums[0]} -> ${pid.nums.join('/')}${newpid ? ' NEWPID' : ''}${clonePARENT ? ' PARENT' : ''}`);
  }

  unsharePid(p: Proc): void {
    if (p.pfc !== p.pid.ns || p.pid.ns.level >= 32) return; // UNSH-5 EINVAL, OWN-4
    p.pfc = this.newNs(p.pid.ns);
    this.log.push(`unshare(NEWPID) ${p.pid.nums[0]} -> ${p.pfc.id}`);
  }

  thread(p: Proc): void {
    if (p.pfc !== p.pid.ns) return; // FORK-2
    p.threads.push({ pid: this.alloc(p.pid.ns), proc: p });
    this.log.push(`thread ${p.pid.nums[0]}`);
  }

  setsid(p: Proc): void {
    if (p.session === p.pid) return; // SID-1
    if (this.procs.some((q) => q.pgrp === p.pid)) return; // SID-1
    const [oldG, oldS] = [p.pgrp, p.session];
    p.session = p.pgrp = p.pid;
    this.maybeFree(oldG);
    this.maybeFree(oldS);
    this.log.push(`setsid ${p.pid.nums[0]}`);
  }

  setpgid(caller: Proc, r: () => number): void {
    const kids = this.procs.filter((q) => q.parent === caller);
    const target = r() < 0.5 || !kids.length ? caller : kids[Math.floor(r() * kids.length)];
    if (target !== caller && target.session !== caller.session) return; // PGID-2 step 3
    if (target.session === target.pid) return; // step 4
    const groups = [...new Set(this.procs.filter((q) => q.session === caller.session).map((q) => q.pgrp))]
      .filter((g) => this.inSubtree(g.ns, caller.pid.ns)); // step 5: visible in the caller's ns
    const pg = r() < 0.4 || !groups.length ? target.pid : groups[Math.floor(r() * groups.length)];
    const old = target.pgrp;
    target.pgrp = pg;
    this.maybeFree(old);
    this.log.push(`setpgid ${caller.pid.nums[0]}: ${target.pid.nums[0]} -> ${pg.nums[0]}`);
  }

  exit(p: Proc, r: () => number): void {
    if (this.isInit(p) && this.procs.some((q) => q !== p && this.inSubtree(q.pid.ns, p.pid.ns))) return; // not modelling EXIT-8 kills
    // EXIT-2: nearest live subreaper ancestor in the same ns, else the ns init (outside the image for the host)
    let reaper: Proc | undefined;
    for (let a = p.parent; a && a.pid.ns === p.pid.ns; a = a.parent) if (a.subreaper && !a.zombie) { reaper = a; break; }
    if (!reaper) reaper = p.pid.ns.init === p ? undefined : p.pid.ns.init;
    for (const c of this.procs) if (c.parent === p) c.parent = reaper;
    const threadPids = p.threads.filter((t) => t.pid !== p.pid).map((t) => t.pid);
    p.threads = [p.threads.find((t) => t.pid === p.pid) ?? { pid: p.pid, proc: p }];
    for (const sp of threadPids) this.maybeFree(sp);
    p.zombie = true;
    p.leaderDead = false;
    p.exit = r() < 0.5 ? { code: Math.floor(r() * 256) } : { signal: [9, 11, 15][Math.floor(r() * 3)] };
    if (this.isInit(p)) p.pid.ns.dead = true; // PID-7
    if (p.pfc.init === undefined && p.pfc !== p.pid.ns) p.pfc.dead = true;
    this.log.push(`exit ${p.pid.nums[0]}`);
  }

  threadExit(p: Proc, r: () => number): void {
    const liveThreads = p.threads.filter((t) => !(t.pid === p.pid && p.leaderDead));
    if (liveThreads.length <= 1) return this.exit(p, r);
    const t = liveThreads[Math.floor(r() * liveThreads.length)];
    if (t.pid === p.pid) p.leaderDead = true; // EXIT-1: the leader lingers
    else {
      p.threads = p.threads.filter((x) => x !== t);
      this.maybeFree(t.pid);
    }
    this.log.push(`thread-exit ${t.pid.nums[0]} of ${p.pid.nums[0]}`);
  }

  reap(p: Proc, r: () => number): void {
    const zs = this.procs.filter((q) => q.parent === p && q.zombie);
    if (!zs.length) return;
    const z = zs[Math.floor(r() * zs.length)];
    this.procs = this.procs.filter((q) => q !== z);
    for (const sp of [z.pid, z.pgrp, z.session]) this.maybeFree(sp);
    this.log.push(`wait ${p.pid.nums[0]} reaps ${z.pid.nums[0]}`);
  }

  /** the parent outside the image (ppid 0: the harness, host init) reaps one of its zombies */
  reapOutside(r: () => number): void {
    const zs = this.procs.filter((q) => q.parent === undefined && q.zombie);
    if (!zs.length) return;
    const z = zs[Math.floor(r() * zs.length)];
    this.procs = this.procs.filter((q) => q !== z);
    for (const sp of [z.pid, z.pgrp, z.session]) this.maybeFree(sp);
    this.log.push(`outside parent reaps ${z.pid.nums[0]}`);
  }

  step(r: () => number): void {
    const live = this.live();
    if (!live.length) { this.spawn(); return; }
    const p = live[Math.floor(r() * live.length)];
    const op = r();
    if (op < 0.3) this.fork(p, r);
    else if (op < 0.36) this.unsharePid(p);
    else if (op < 0.44) this.thread(p);
    else if (op < 0.52) this.setsid(p);
    else if (op < 0.62) this.setpgid(p, r);
    else if (op < 0.72) this.exit(p, r);
    else if (op < 0.78) this.threadExit(p, r);
    else if (op < 0.86) this.reap(p, r);
    else if (op < 0.92) this.reapOutside(r);
    else { p.subreaper = !p.subreaper; this.log.push(`subreaper ${p.pid.nums[0]} ${p.subreaper}`); }
  }

  image(): Image {
    const nss = new Set<Ns>();
    const addNs = (n: Ns) => { for (const x of this.chain(n)) nss.add(x); };
    const tasks: Task[] = [];
    for (const p of this.procs) {
      addNs(p.pid.ns);
      addNs(p.pfc);
      const tgid = p.pid.nums[0];
      for (const t of p.threads) {
        const leader = t.pid === p.pid;
        const state = p.zombie ? 'zombie' : leader && p.leaderDead ? 'dead' : 'running';
        const gone = state !== 'running';
        tasks.push({
          pid: t.pid.nums, tgid, ppid: p.parent ? p.parent.pid.nums[0] : 0, pgid: p.pgrp.nums, sid: p.session.nums,
          state, ...(p.zombie ? { exit: p.exit } : {}), subreaper: p.subreaper, pidns: p.pid.ns.id, userns: 'user0',
          nsproxy: gone ? null : `nsp-${p.pfc.id}`, files: gone ? null : `f${tgid}`, fs: gone ? null : `fs${tgid}`,
          sighand: p.zombie ? null : `s${tgid}`, mm: gone ? null : `m${tgid}`,
        });
      }
    }
    const host = { external: true, owner: 'user0' } as const;
    return {
      format: 'crplan-image/1', tasks,
      nsproxies: [...nss].map((n) => ({ id: `nsp-${n.id}`, uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', pidForChildren: n.id, time: 'time0', timeForChildren: 'time0' })),
      namespaces: [
        { id: 'user0', type: 'user', external: true, level: 0 },
        ...[...nss].map((n) => ({ id: n.id, type: 'pid' as const, level: n.level, owner: 'user0', ...(n.parent ? { parent: n.parent.id } : { external: true }) })),
        { id: 'uts0', type: 'uts', ...host }, { id: 'ipc0', type: 'ipc', ...host }, { id: 'mnt0', type: 'mnt', ...host },
        { id: 'net0', type: 'net', ...host }, { id: 'cgroup0', type: 'cgroup', ...host }, { id: 'time0', type: 'time', ...host },
      ],
    };
  }
}

const HISTORIES = Number(process.env.CRPLAN_REACHABLE_HISTORIES ?? 400);

test(`reachable states: ${HISTORIES} random histories validate with no error`, (t) => {
  let states = 0;
  let tasks = 0;
  const seen = { nested: 0, zombie: 0, dead: 0, threads: 0, leaderlessSession: 0, leaderlessGroup: 0, pending: 0 };
  for (let seed = 1; seed <= HISTORIES; seed++) {
    const r = prng(seed);
    const w = new World();
    w.spawn();
    const steps = 20 + Math.floor(r() * 80);
    for (let i = 0; i < steps; i++) {
      w.step(r);
      if (i % 10 !== 9 && i !== steps - 1) continue;
      const img = w.image();
      const errors = validateImage(img).filter((f) => f.severity === 'error');
      states++;
      tasks += img.tasks.length;
      const tids = new Set(img.tasks.map((x) => x.pid[0]));
      if (img.tasks.some((x) => x.pid.length > 1)) seen.nested++;
      if (img.tasks.some((x) => x.state === 'zombie')) seen.zombie++;
      if (img.tasks.some((x) => x.state === 'dead')) seen.dead++;
      if (img.tasks.some((x) => x.pid[0] !== x.tgid)) seen.threads++;
      if (img.tasks.some((x) => !tids.has(x.sid[0]))) seen.leaderlessSession++;
      if (img.tasks.some((x) => !tids.has(x.pgid[0]))) seen.leaderlessGroup++;
      if (img.namespaces.some((n) => n.type === 'pid' && !img.tasks.some((x) => x.pidns === n.id))) seen.pending++;
      if (errors.length) {
        t.fail(`seed ${seed}, step ${i}: ${errors.map((f) => `${f.code} ${f.message}`).join('; ')}\nhistory:\n  ${w.log.join('\n  ')}`);
        return;
      }
    }
  }
  t.log(`${states} states (${tasks} tasks in all) checked; states with: ${JSON.stringify(seen)}`);
  t.true(states >= HISTORIES);
  // the histories must reach the interesting shapes, or this test proves little
  for (const [k, v] of Object.entries(seen)) t.true(v > states / 50, `too few states with ${k}: ${v}`);
});
