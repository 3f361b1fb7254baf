/**
 * The real-kernel executor: runs crplan operations (executor/ops.ts) through the C agent
 * (agent/agent.c) inside a throwaway environment: a fresh user namespace (the host ids mapped one to one,
 * 0..4294967294) with fresh pid, uts, ipc, net, mnt, cgroup and time namespaces, whose pid 1 is
 * ROOT_ACTOR (as the simulated kernel's global init owns all boot namespaces).
 *
 * Results match the simulated kernel op by op: the agent reports the syscall's return or errno;
 * actor checks the simulator makes before a syscall (ACTOR-1..4: unknown actor, exited actor,
 * stopped process, child name in use) are made here from /proc.
 * Asynchronous effects (exit, fatal and stop signals, orphaned-group SIGHUP, pid-ns init exit) are
 * awaited by polling /proc until every task is settled, so the next op sees the settled state.
 *
 * Leaks: teardown() SIGKILLs the environment's init (which kills every task of the namespace,
 * EXIT-8) and the boot process, waits for them, closes the channels and removes the temp dir.
 * It runs on any failure, and on SIGINT/SIGTERM/process exit while an executor is alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_ACTOR, CLONE_FLAG_VALUES, type CloneFlag, type Executor, type Op, type OpResult } from '../ops.js';
import type { Image, NsType } from '../../model/image.js';
import { errnoName } from '../../kernel/errno.js';
import { CrplanError } from '../../model/errors.js';
import { ChannelServer, type Conn, type Answer } from './channel.js';
import { readStatus, taskState, listTasks, nsInode, readText } from '../../capture/proc.js';
import { captureLive } from '../../capture/live.js';
import { projectRoot } from '../../model/project-root.js';

/** build/crplan-agent, built by `npm install` (scripts/build-agent.mjs). */
export const AGENT_PATH = join(projectRoot(), 'build', 'crplan-agent');

const NS_CLONE: Record<NsType, number> = {
  mnt: 0x00020000, cgroup: 0x02000000, uts: 0x04000000, ipc: 0x08000000, user: 0x10000000,
  pid: 0x20000000, net: 0x40000000, time: 0x00000080,
};
const CLONE_THREAD = 0x00010000;
const CLONE_PARENT = 0x00008000;
const SIGSTOP = 19;
const OP_TIMEOUT_MS = 10000;
const SETTLE_MS = 3000;

interface Actor {
  name: string;
  conn: Conn;
  hostTid: number;
  hostTgid: number;
  /** seen gone or zombie: it never runs again (skipped by settle) */
  dead?: boolean;
}

export interface RealExecutorOptions {
  agentPath?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const flagMask = (flags: CloneFlag[]): number => flags.reduce((m, f) => m | CLONE_FLAG_VALUES[f], 0);
const hex = (s: string): string => (s.length ? Buffer.from(s, 'utf8').toString('hex') : '');

/** Executors alive in this process, torn down on signals and exit. */
const alive = new Set<RealExecutor>();
let hooks = false;
/** while a restored tree is held for inspection, Ctrl-C ends the hold (an orderly teardown) instead of the process */
let holding = false;
export function setHolding(v: boolean): void {
  holding = v;
}
function installHooks(): void {
  if (hooks) return;
  hooks = true;
  const killAll = (): void => {
    for (const e of alive) e.killNow();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (holding) return;
      killAll();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Can this machine run the real executor? (root, user namespaces, the agent built) */
export function realKernelAvailable(agentPath = AGENT_PATH): { ok: boolean; why?: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'not Linux' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'not root' };
  if (!existsSync(agentPath)) return { ok: false, why: `agent not built (${agentPath}); run node scripts/build-agent.mjs` };
  if (!existsSync('/proc/self/ns/user')) return { ok: false, why: 'no user namespaces' };
  return { ok: true };
}

export class RealExecutor implements Executor {
  private actors = new Map<string, Actor>();
  private seq = 1;
  private tokens = 0;
  private subreaper = new Map<number, boolean>();
  private stopSig = new Map<number, number>();
  /** host tid of the first process ROOT_ACTOR created: its pid ns is the image's level 0 */
  firstChildHostTid: number | null = null;
  /** that process's active pid ns (inode, NSpid column), recorded at its birth */
  private base: { inode: number; col: number } | null = null;
  private torn = false;
  /** the environment's namespaces as ROOT_ACTOR started (they are the image's external ones) */
  private envNs: { all: number[]; user: number } = { all: [], user: 0 };

  private constructor(
    readonly agentPath: string,
    private readonly dir: string,
    private readonly server: ChannelServer,
    private readonly boot: ChildProcess,
    private root: Actor,
  ) {}

  /** Scratch directory for core dumps of `exit` ops with `core` (inside our temp dir, removed at teardown). */
  private coreDir(): string {
    const d = join(this.dir, 'cores');
    mkdirSync(d, { recursive: true, mode: 0o755 });
    return d;
  }

  /** Paths of the core files dumped so far by `exit` ops with `core` (all deleted at teardown). */
  coreFiles(): string[] {
    const d = join(this.dir, 'cores');
    return existsSync(d) ? readdirSync(d).map((f) => join(d, f)) : [];
  }

  /** Start the environment and its ROOT_ACTOR. */
  static async start(opts: RealExecutorOptions = {}): Promise<RealExecutor> {
    const agentPath = opts.agentPath ?? AGENT_PATH;
    const can = realKernelAvailable(agentPath);
    if (!can.ok) throw new CrplanError(`real executor unavailable: ${can.why}`, 2);
    installHooks();
    const dir = mkdtempSync(join(tmpdir(), 'crplan-real-'));
    chmodSync(dir, 0o755);
    let server: ChannelServer | null = null;
    let boot: ChildProcess | null = null;
    try {
      server = await ChannelServer.listen(join(dir, 'c.sock'));
      boot = spawn(agentPath, ['boot', join(dir, 'c.sock'), agentPath], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      boot.stderr?.on('data', (d) => (stderr += String(d)));
      const conn = await server.conn('root', 5000);
      const hello = conn ? await conn.waitHello(5000) : null;
      if (!conn || !hello) throw new CrplanError(`real executor: the environment did not start${stderr ? `: ${stderr.trim()}` : ''}`, 2);
      const ex = new RealExecutor(agentPath, dir, server, boot, { name: ROOT_ACTOR, conn, hostTid: hello.tid, hostTgid: hello.tgid });
      ex.actors.set(ROOT_ACTOR, ex.root);
      const rdir = `/proc/${hello.tgid}`;
      ex.envNs = {
        all: ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'pid', 'time', 'user'].map((f) => nsInode(rdir, f)).filter((i): i is number => i !== null),
        user: nsInode(rdir, 'user') ?? 0,
      };
      alive.add(ex);
      return ex;
    } catch (e) {
      if (boot?.pid) {
        try { process.kill(boot.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** What this executor created, for leak checks: processes, namespace inodes, temp dir. */
  get footprint(): { bootPid: number; rootPid: number; userNs: number; pidNs: number; dir: string } {
    const pidNs = this.envNs.all.find((i) => i !== this.envNs.user && i === nsInode(`/proc/${this.root.hostTgid}`, 'pid')) ?? 0;
    return { bootPid: this.boot.pid ?? 0, rootPid: this.root.hostTgid, userNs: this.envNs.user, pidNs, dir: this.dir };
  }

  /** Host pid of the environment's init (ROOT_ACTOR), for nsenter -t. */
  get rootHostPid(): number {
    return this.root.hostTgid;
  }

  private fail(errno: string, rule?: string): OpResult {
    return rule ? { ok: false, errno, rule } : { ok: false, errno };
  }

  private result(a: Answer | null, op: Op, withValue: boolean): OpResult {
    if (!a) throw new CrplanError(`real executor: no answer to ${op.op} by ${'actor' in op ? op.actor : '?'} within ${OP_TIMEOUT_MS} ms`, 2);
    if (!a.ok) return { ok: false, errno: errnoName(a.n ?? 0) };
    return withValue && a.n !== undefined ? { ok: true, value: a.n } : { ok: true };
  }

  /** ACTOR-1..3: the actor exists, its thread runs, its process is not stopped. */
  private actor(name: string): Actor | OpResult {
    const a = this.actors.get(name);
    if (!a) return this.fail('ESRCH', 'ACTOR-1');
    const st = taskState(a.hostTgid, a.hostTid);
    if (st === null || st === 'Z' || st === 'X') return this.fail('ESRCH', 'ACTOR-2');
    if (st === 'T' || st === 't') return this.fail('EAGAIN', 'ACTOR-3');
    return a;
  }

  private async ask(a: Actor, cmd: string, op: Op, withValue = false): Promise<OpResult> {
    const seq = this.seq++;
    const p = a.conn.answer(seq, OP_TIMEOUT_MS);
    a.conn.send(`${seq} ${cmd}`);
    return this.result(await p, op, withValue);
  }

  private taskDir(a: Actor): string {
    return `/proc/${a.hostTgid}/task/${a.hostTid}`;
  }

  async run(op: Op): Promise<OpResult> {
    if (this.torn) throw new CrplanError('real executor: already torn down', 2);
    const got = this.actor(op.actor);
    if (!('conn' in got)) return got;
    const a = got;
    switch (op.op) {
      case 'clone': {
        if (this.actors.has(op.child)) return this.fail('EEXIST', 'ACTOR-4');
        const flags = flagMask(op.flags);
        const exitSig = op.exitSignal ?? (!op.legacy && (flags & (CLONE_THREAD | CLONE_PARENT)) ? 0 : 17);
        const tids = op.setTid ?? [];
        const token = `c${++this.tokens}`;
        const seq = this.seq++;
        const p = a.conn.answer(seq, OP_TIMEOUT_MS);
        a.conn.send(`${seq} clone ${token} ${flags} ${exitSig} ${op.legacy ? 1 : 0} ${tids.length} ${tids.join(' ')}`.trimEnd());
        const r = this.result(await p, op, true);
        if (!r.ok) {
          this.server.drop(token);
          return r;
        }
        const conn = await this.server.conn(token, OP_TIMEOUT_MS);
        const hello = conn ? await conn.waitHello(OP_TIMEOUT_MS) : null;
        if (!conn || !hello) throw new CrplanError(`real executor: child ${op.child} of ${op.actor} did not start`, 2);
        this.actors.set(op.child, { name: op.child, conn, hostTid: hello.tid, hostTgid: hello.tgid });
        if (a === this.root && !(flags & CLONE_THREAD) && this.firstChildHostTid === null) {
          this.firstChildHostTid = hello.tid;
          const dir = `/proc/${hello.tgid}/task/${hello.tid}`;
          const ino = nsInode(dir, 'pid');
          const st = readStatus(dir);
          if (ino !== null && st) this.base = { inode: ino, col: st.nspid.length - 1 };
        }
        if (!(flags & CLONE_THREAD)) this.subreaper.set(hello.tgid, false);
        return r;
      }
      case 'setsid':
        return this.ask(a, 'setsid', op, true);
      case 'setpgid':
        return this.ask(a, `setpgid ${op.pid} ${op.pgid}`, op, true);
      case 'unshare':
        return this.ask(a, `unshare ${flagMask(op.flags)}`, op);
      case 'setns':
        return this.setns(a, op);
      case 'subreaper': {
        const r = await this.ask(a, `subreaper ${op.value ? 1 : 0}`, op);
        if (r.ok) this.subreaper.set(a.hostTgid, op.value);
        return r;
      }
      case 'set-dumpable':
        return this.ask(a, `dumpable ${op.value ? 1 : 0}`, op);
      case 'sethostname':
        return this.ask(a, `sethostname ${hex(op.hostname) || '-'}${op.domainname !== undefined ? ` ${hex(op.domainname) || '-'}` : ''}`, op);
      case 'write-idmap': {
        const t = this.actors.get(op.target);
        if (!t) return this.fail('ESRCH', 'ACTOR-1');
        const text = (m: typeof op.uidMap): string => hex(m.map((e) => `${e.inside} ${e.outside} ${e.count}\n`).join('')) || '-';
        return this.ask(a, `idmap ${this.taskDir(t)}/uid_map ${this.taskDir(t)}/gid_map ${text(op.uidMap)} ${text(op.gidMap)}`, op);
      }
      case 'write-timens-offsets': {
        const split = (v: number): string => `${Math.floor(v / 1e9)} ${v - Math.floor(v / 1e9) * 1e9}`;
        return this.ask(a, `timens ${split(op.monotonic)} ${split(op.boottime)}${op.thread ? ' 1' : ''}`, op);
      }
      case 'write-ns-last-pid':
        return this.ask(a, `nslastpid ${op.value}`, op);
      case 'setresuid':
        return this.ask(a, `setids ${op.uid} ${op.gid}`, op);
      case 'sigchld-ignore':
        return this.ask(a, `sigchld ${op.value ? 1 : 0}`, op);
      case 'execve': {
        const r = await this.ask(a, 'execve', op);
        if (r.ok) {
          // a non-leader thread that execs takes over the leader's pid (de_thread)
          for (const other of this.actors.values()) if (other !== a && other.hostTgid === a.hostTgid && other.hostTid === a.hostTgid) other.hostTid = -1;
          a.hostTid = a.hostTgid;
          await this.settle();
        }
        return r;
      }
      case 'exit':
        return this.exit(a, op);
      case 'wait':
        return this.ask(a, `wait ${op.pid} ${op.nohang ? 1 : 0}`, op, true);
      case 'stop':
        return this.stop(a, op);
    }
  }

  private async setns(a: Actor, op: Extract<Op, { op: 'setns' }>): Promise<OpResult> {
    const t = this.actors.get(op.target);
    if (!t) return this.fail('ESRCH', 'ACTOR-1');
    if (!op.pidfd) {
      if (!op.file) return this.fail('EINVAL', 'SETNS-1');
      return this.ask(a, `setns ${this.taskDir(t)}/ns/${op.file} 0`, op);
    }
    const types = (op.nstypes ?? []).reduce((m, ty) => m | NS_CLONE[ty], 0);
    // pidfd_open by a task that sees the target: the environment's init sees every task
    const pidInEnv = this.pidInEnv(t);
    if (pidInEnv === null) return this.fail('ESRCH');
    const broker = this.brokerFor(a);
    if (!broker) return this.fail('ESRCH');
    if (broker === a) return this.ask(a, `pidfdself ${pidInEnv} ${types}`, op);
    const path = join(this.dir, `p${this.seq}.sock`);
    const seq = this.seq++;
    const first = broker.conn.answer(seq, OP_TIMEOUT_MS);
    broker.conn.send(`${seq} offer ${pidInEnv} ${path}`);
    const listening = await first;
    if (!listening) throw new CrplanError('real executor: the pidfd broker did not answer', 2);
    if (!listening.ok) return this.result(listening, op, false);
    const done = broker.conn.answer(seq, OP_TIMEOUT_MS);
    const r = await this.ask(a, `setnsfd ${path} ${types}`, op);
    await done;
    return r;
  }

  /** A live, running thread of the environment's init process to open pidfds with. */
  private brokerFor(a: Actor): Actor | null {
    if (a.hostTgid === this.root.hostTgid) return a;
    for (const x of this.actors.values()) {
      if (x.hostTgid !== this.root.hostTgid) continue;
      const s = taskState(x.hostTgid, x.hostTid);
      if (s && s !== 'Z' && s !== 'X' && s !== 'T') return x;
    }
    return null;
  }

  private liveThreads(tgid: number): number {
    return listTasks(tgid).filter((tid) => {
      const s = taskState(tgid, tid);
      return s !== null && s !== 'Z' && s !== 'X';
    }).length;
  }

  private async exit(a: Actor, op: Extract<Op, { op: 'exit' }>): Promise<OpResult> {
    // the environment's init stands for the global init: its death would end everything (EXIT-8)
    if (a.hostTgid === this.root.hostTgid && (op.group || op.signal !== undefined || this.liveThreads(a.hostTgid) === 1)) {
      return this.fail('EPERM', 'EXIT-8');
    }
    const seq = this.seq++;
    const ans = a.conn.expect(seq);
    // by signal: with `core`, the agent makes the dump happen with its cwd in a scratch dir of ours
    // (a relative core_pattern writes there; teardown removes the dir with the core file); without,
    // it sets RLIMIT_CORE to 1 so that no core flag appears that the image does not have
    if (op.signal !== undefined) a.conn.send(op.core ? `${seq} kill ${op.signal} 1 ${hex(this.coreDir())}` : `${seq} kill ${op.signal} 0`);
    else a.conn.send(`${seq} exit ${op.code ?? 0} ${op.group ? 1 : 0}`);
    const gone = (): boolean => {
      const s = taskState(a.hostTgid, a.hostTid);
      return s === null || s === 'Z' || s === 'X';
    };
    let answered: Answer | null = null;
    void ans.promise.then((x) => (answered = x));
    const t0 = Date.now();
    while (!gone() && !answered && Date.now() - t0 < OP_TIMEOUT_MS) await sleep(1);
    ans.cancel();
    if (!gone() && !answered) throw new CrplanError(`real executor: ${op.actor} did not exit`, 2);
    if (answered && !(answered as Answer).ok) return this.result(answered, op, false);
    await this.settle();
    return { ok: true };
  }

  private async stop(a: Actor, op: Extract<Op, { op: 'stop' }>): Promise<OpResult> {
    if (op.target !== undefined) return this.stopOther(a, op);
    const sig = op.signal ?? SIGSTOP;
    const seq = this.seq++;
    const ans = a.conn.expect(seq);
    a.conn.send(`${seq} kill ${sig}`);
    let answered: Answer | null = null;
    void ans.promise.then((x) => (answered = x));
    const stopped = (): boolean => {
      const s = taskState(a.hostTgid, a.hostTid);
      return s === 'T' || s === 't';
    };
    const t0 = Date.now();
    while (!stopped() && !answered && Date.now() - t0 < OP_TIMEOUT_MS) await sleep(1);
    ans.cancel();
    if (stopped()) this.stopSig.set(a.hostTgid, sig);
    else if (!answered) throw new CrplanError(`real executor: ${op.actor} neither stopped nor answered`, 2);
    else if (!(answered as Answer).ok) return this.result(answered, op, false);
    await this.settle();
    return { ok: true };
  }

  /** t's pid in the environment's pid ns (where ROOT_ACTOR is init and sees every task), or null if gone. */
  private pidInEnv(t: Actor): number | null {
    const st = readStatus(this.taskDir(t));
    const rootLevel = (readStatus(`/proc/${this.root.hostTgid}`)?.nspid.length ?? 2) - 1;
    return !st || st.nspid.length <= rootLevel ? null : st.nspid[rootLevel];
  }

  /**
   * A stop signal the root actor sends to another process (kill(2) by its number in the
   * environment's pid ns, which the root actor is init of): the way a pid-ns init is stopped,
   * from an ancestor namespace (EXIT-9). Done once /proc shows the target stopped; a signal the
   * kernel drops leaves it running, and the op still succeeds, as kill(2) does.
   */
  private async stopOther(a: Actor, op: Extract<Op, { op: 'stop' }>): Promise<OpResult> {
    const t = this.actors.get(op.target!);
    if (!t) return this.fail('ESRCH', 'ACTOR-1');
    if (a !== this.root) throw new CrplanError(`real executor: a stop with a target is sent by ${ROOT_ACTOR} only, not ${op.actor}`, 2);
    const sig = op.signal ?? SIGSTOP;
    const pid = this.pidInEnv(t);
    if (pid === null) return this.fail('ESRCH');
    const r = await this.ask(a, `sigpid ${pid} ${sig}`, op);
    if (!r.ok) return r;
    const stopped = (): boolean => {
      const s = taskState(t.hostTgid, t.hostTid);
      return s === 'T' || s === 't';
    };
    const t0 = Date.now();
    while (!stopped() && Date.now() - t0 < SETTLE_MS) await sleep(1);
    if (stopped()) this.stopSig.set(t.hostTgid, sig);
    await this.settle();
    return r;
  }

  /**
   * Wait until no task of ours is running or has a fatal/continue signal pending: agents idle in
   * read() (S), stopped (T) or dead. Bounded by SETTLE_MS (a pid-ns init blocked in
   * zap_pid_ns_processes sleeps too, and counts as settled).
   */
  private async settle(): Promise<void> {
    const FATAL = (1n << 0n) | (1n << 8n) | (1n << 14n) | (1n << 17n); // SIGHUP SIGKILL SIGTERM SIGCONT
    const t0 = Date.now();
    let selfReleased = false;
    for (;;) {
      let busy = false;
      for (const x of this.actors.values()) {
        if (x.hostTid < 0 || x.dead) continue;
        const st = readStatus(`/proc/${x.hostTgid}/task/${x.hostTid}`);
        // gone without becoming a zombie first: a thread, or a process nobody waits for
        if (!st) selfReleased = true;
        // A task is settled once it is gone, or a zombie group leader. A thread that shows 'X'
        // (or a non-leader showing 'Z') has passed exit_notify but may not have run release_task
        // yet: its pid is still allocated, and the next clone would see a number the simulator
        // (which releases it within the exit) already reuses.
        if (!st || (st.state === 'Z' && x.hostTid === x.hostTgid)) {
          x.dead = true;
          continue;
        }
        if (st.state === 'X' || st.state === 'Z') {
          busy = true;
          break;
        }
        if (st.state === 'R' || st.state === 'D' || ((st.sigPnd | st.shdPnd) & FATAL) !== 0n) {
          busy = true;
          break;
        }
      }
      if (!busy || Date.now() - t0 > SETTLE_MS) break;
      await sleep(1);
    }
    // A task that released itself leaves /proc before its pid number is free: that happens
    // after an RCU grace period (observed on 6.18), which the environment's init waits for, so
    // that the next clone sees the numbers the simulator (which frees them at once) sees.
    if (selfReleased) {
      const seq = this.seq++;
      const p = this.root.conn.answer(seq, OP_TIMEOUT_MS);
      this.root.conn.send(`${seq} rcu`);
      await p;
    }
  }

  /**
   * The restored tree as an image, relative to the pid ns of the first process ROOT_ACTOR
   * created (the image's level 0), without ROOT_ACTOR; subreaper flags and stop signals are the
   * ones this executor set (they are not in /proc), comm the actor names.
   */
  capture(source: Image['source'] = { kind: 'capture', origin: 'crplan real executor' }): Image {
    const img = captureLive({
      agentPath: this.agentPath,
      rootPid: this.root.hostTgid,
      excludeRoot: true,
      basePid: this.root.hostTgid,
      ...(this.base ? { base: this.base } : {}),
      envPid: this.root.hostTgid,
      envIsRoot: true,
      envNs: this.envNs,
      source,
    });
    const byBaseTid = new Map<number, string>();
    const rootLevel = (readStatus(`/proc/${this.root.hostTgid}`)?.nspid.length ?? 2) - 1;
    const baseCol = this.base ? this.base.col : rootLevel;
    const hostTgidOf = new Map<number, number>();
    for (const x of this.actors.values()) {
      if (x.hostTid < 0) continue;
      const st = readStatus(`/proc/${x.hostTgid}/task/${x.hostTid}`);
      if (st && st.nspid.length > baseCol) {
        byBaseTid.set(st.nspid[baseCol], x.name);
        hostTgidOf.set(st.nspid[baseCol], x.hostTgid);
      }
    }
    for (const t of img.tasks) {
      const name = byBaseTid.get(t.pid[0]);
      if (name) t.comm = name;
      const leaderHost = hostTgidOf.get(t.tgid);
      if (leaderHost !== undefined) {
        t.subreaper = this.subreaper.get(leaderHost) ?? false;
        if (t.state === 'stopped') t.stopSignal = this.stopSig.get(leaderHost) ?? SIGSTOP;
      }
    }
    if (img.source) img.source.unknown = (img.source.unknown ?? []).filter((u) => !u.startsWith('subreaper') && !u.startsWith('stop signals'));
    return img;
  }

  /**
   * SIGKILL the environment (synchronous; used by signal and exit hooks): the init first, then a
   * short blocking wait for the boot process to reap it (else its zombie would go to the host's
   * init), then the boot process.
   */
  killNow(): void {
    try { process.kill(this.root.hostTgid, 'SIGKILL'); } catch { /* already gone */ }
    const bootPid = this.boot.pid;
    if (bootPid) {
      const nap = new Int32Array(new SharedArrayBuffer(4));
      const t0 = Date.now();
      for (;;) {
        const s = taskState(bootPid, bootPid);
        if (s === null || s === 'Z' || Date.now() - t0 > 2000) break;
        Atomics.wait(nap, 0, 0, 2);
      }
      try { process.kill(bootPid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Kill every task of the environment, reap, close channels, remove the temp dir. Idempotent. */
  async teardown(): Promise<void> {
    if (this.torn) return;
    this.torn = true;
    alive.delete(this);
    const exited = this.boot.exitCode !== null || this.boot.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => this.boot.once('exit', () => r()));
    await this.leaveForeignGroups();
    // kill the init only: the boot process reaps it and exits (killing both would leave the
    // init's zombie to the host's init, which reaps it late)
    try { process.kill(this.root.hostTgid, 'SIGKILL'); } catch { /* gone */ }
    await Promise.race([exited, sleep(5000)]);
    this.killNow();
    // the boot process reaped the init; its ns is gone once the init is (EXIT-8)
    const t0 = Date.now();
    while (existsSync(`/proc/${this.root.hostTgid}`) && Date.now() - t0 < 5000) await sleep(5);
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
    if (existsSync(`/proc/${this.root.hostTgid}`)) {
      this.stuck = true;
      process.stderr.write(`crplan: warning: the environment's init (host pid ${this.root.hostTgid}) got SIGKILL but is still in the kernel (${readText(`/proc/${this.root.hostTgid}/wchan`) ?? '?'}): a pid-namespace teardown that does not finish (EXIT-8)\n`);
    }
  }

  /**
   * EXIT-8: a pid-ns init in a group led by another pid of its own namespace never finishes its
   * exit (zap_pid_ns_processes waits for that pid, which the init's own group link holds), so
   * killing the environment would leave it and its ancestors in the kernel for good. A restored
   * tree may be in that state (generated seed 480: init 82/1 in group 8/3). Before the kill,
   * each such live init leaves the group for one of its own (setpgid(0, 0): it is no session
   * leader, whose group is its own). Read from /proc (NSpid, NSpgid: the group's number in the
   * init's own pid ns, 0 when it has none there); best effort, O(actors).
   */
  private async leaveForeignGroups(): Promise<void> {
    for (const a of this.actors.values()) {
      if (a === this.root || a.hostTid !== a.hostTgid) continue;
      const st = readText(`/proc/${a.hostTgid}/status`) ?? '';
      const col = (k: string) => (st.match(new RegExp(`^${k}:\\s*(.*)$`, 'm'))?.[1] ?? '').trim().split(/\s+/).map(Number);
      const nspid = col('NSpid');
      const nspgid = col('NSpgid');
      const state = st.match(/^State:\s*(\S)/m)?.[1];
      if (nspid[nspid.length - 1] !== 1 || nspid.length !== nspgid.length || state === 'Z' || state === 'T' || state === 't') continue;
      const g = nspgid[nspgid.length - 1];
      if (g === 0 || g === 1) continue;
      try { await this.ask(a, 'setpgid 0 0', { op: 'setpgid', actor: a.name, pid: 0, pgid: 0 }, true); } catch { /* best effort */ }
    }
  }

  /** set by teardown when the killed environment did not disappear from /proc */
  stuck = false;
}

/** Run ops on a fresh real environment; always tears down. */
export async function runOnRealKernel(ops: Op[], opts: { continueOnError?: boolean; agentPath?: string; capture?: boolean } = {}): Promise<{ results: OpResult[]; failedAt: number; snapshot: Image | null; stuck?: boolean }> {
  const ex = await RealExecutor.start({ agentPath: opts.agentPath });
  try {
    const results: OpResult[] = [];
    let failedAt = -1;
    for (let i = 0; i < ops.length; i++) {
      const r = await ex.run(ops[i]);
      results.push(r);
      if (!r.ok && failedAt < 0) {
        failedAt = i;
        if (!opts.continueOnError) break;
      }
    }
    const snapshot = opts.capture === false ? null : ex.capture();
    await ex.teardown();
    return { results, failedAt, snapshot, stuck: ex.stuck };
  } finally {
    await ex.teardown();
  }
}
