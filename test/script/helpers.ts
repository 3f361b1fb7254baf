/**
 * Generated restore programs on the real kernel: compile the C program (or write the sh script),
 * run it with --hold, capture the restored tree from /proc (capture/live.ts) and diff it against
 * the image (kernel/diff.ts). Always kills and reaps what it started and removes its temp dir.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Image } from '../../model/image.js';
import type { Plan } from '../../planner/plan.js';
import { planToC } from '../../script/c.js';
import { planToSh, type ShScriptOptions } from '../../script/sh.js';
import { captureLive } from '../../capture/live.js';
import { diffImages } from '../../kernel/diff.js';
import type { Difference } from '../../executor/contract.js';
import { AGENT_PATH } from '../../executor/real/executor.js';
import { image as fixtureImage } from '../planner/fixtures.js';

export function realKernelReason(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc)';
  if (!existsSync('/proc/self/ns/user')) return 'no user namespaces';
  if (!existsSync(AGENT_PATH)) return `the capture helper ${AGENT_PATH} is not built`;
  return null;
}

export interface Compiled {
  dir: string;
  bin: string;
  source: string;
  cleanup(): void;
}

export function compile(plan: Plan, name = 'restore'): Compiled {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-script-'));
  chmodSync(dir, 0o755); // an unprivileged run (setpriv) must reach the binary
  const source = planToC(plan, { imageName: name });
  const src = join(dir, `${name}.c`);
  const bin = join(dir, name);
  writeFileSync(src, source);
  const cc = spawnSync('cc', ['-Wall', '-Werror', '-O2', '-o', bin, src], { encoding: 'utf8' });
  if (cc.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cc failed for ${name}:\n${cc.stderr}`);
  }
  return { dir, bin, source, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ShScript {
  dir: string;
  /** the script */
  path: string;
  text: string;
  cleanup(): void;
}

/** Write the sh script of a plan into a fresh temp dir. */
export function writeSh(plan: Plan, name = 'restore', opts: ShScriptOptions = {}): ShScript {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-sh-'));
  chmodSync(dir, 0o755); // an unprivileged run (setpriv) must reach the script
  const text = planToSh(plan, { imageName: name, ...opts });
  const path = join(dir, `${name}.sh`);
  writeFileSync(path, text, { mode: 0o755 });
  return { dir, path, text, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private copy of the agent, so that a test can find every process it started by its exe. */
export function privateAgent(dir: string): string {
  const copy = join(dir, 'crplan-agent');
  copyFileSync(AGENT_PATH, copy);
  chmodSync(copy, 0o755);
  return copy;
}

/** Pids of the processes whose executable is `exe`. */
export function processesOf(exe: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) === exe) out.push(Number(d));
    } catch { /* gone, or a kernel thread */ }
  }
  return out;
}

export interface Ready {
  root: number;
  base: { inode: number; col: number } | null;
  env: number[];
  actors: { name: string; imageTid: number; tgid: number; tid: number }[];
}

export function parseReady(out: string): Ready | null {
  const m = /^READY root=(\d+)(?: base=(\d+):(\d+))? env=([\d,]+)$/m.exec(out);
  if (!m) return null;
  const actors = [...out.matchAll(/^ACTOR (\S+) (\d+) (\d+) (\d+)$/gm)].map((a) => ({ name: a[1], imageTid: Number(a[2]), tgid: Number(a[3]), tid: Number(a[4]) }));
  return { root: Number(m[1]), base: m[2] ? { inode: Number(m[2]), col: Number(m[3]) } : null, env: m[4].split(',').map(Number), actors };
}

/** Is `pid` still a restore program of these tests (not a reused pid)? */
function stillOurs(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('crplan-');
  } catch {
    return false;
  }
}

export interface Held {
  child: ChildProcess;
  ready: Ready;
  stdout: string;
  stop(): Promise<number | null>;
}

/** Start `argv` (the program, maybe behind unshare) with --hold; resolve once it printed HOLD. */
export function startHeld(argv: string[], timeoutMs = 20000): Promise<Held> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let root = 0;
    const stop = async (): Promise<number | null> => {
      // the program's pid 1 ends the tree; tell it first (a wrapper such as unshare may not pass signals on)
      if (root) try { process.kill(root, 'SIGTERM'); } catch { /* gone */ }
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const done = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      const c = await done;
      clearTimeout(t);
      if (root && stillOurs(root)) try { process.kill(root, 'SIGKILL'); } catch { /* gone, as it should be */ }
      return c;
    };
    const timer = setTimeout(() => { void stop(); reject(new Error(`no HOLD within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`)); }, timeoutMs);
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('\nHOLD')) {
        clearTimeout(timer);
        const ready = parseReady(out);
        if (!ready) { void stop(); reject(new Error(`unparsable READY: ${out}`)); return; }
        root = ready.root;
        resolve({ child, ready, stdout: out, stop });
      }
    });
    child.stderr!.on('data', (d) => (err += String(d)));
    child.once('exit', (c) => { clearTimeout(timer); reject(new Error(`exited ${c} before HOLD; stdout: ${out} stderr: ${err}`)); });
  });
}

/**
 * The restored tree as an image. Subreaper flags and stop signals are not in /proc: like the real
 * executor, take them from what the plan's ops set.
 */
export function captureRestored(plan: Plan, ready: Ready): Image {
  const img = captureLive({
    agentPath: AGENT_PATH,
    rootPid: ready.root,
    excludeRoot: true,
    basePid: ready.root,
    ...(ready.base ? { base: ready.base } : {}),
    envPid: ready.root,
    envIsRoot: true,
    envNs: { all: ready.env.filter((x) => x > 0), user: ready.env[7] },
    source: { kind: 'capture', origin: 'crplan script test' },
  });
  const tidOf = new Map(Object.entries(plan.actors).map(([tid, a]) => [a, Number(tid)]));
  const sub = new Map<number, boolean>();
  const stopSig = new Map<number, number>();
  for (const op of plan.ops) {
    const tid = tidOf.get(op.actor);
    if (tid === undefined) continue;
    if (op.op === 'subreaper') sub.set(tid, op.value);
    if (op.op === 'stop') stopSig.set(tid, op.signal ?? 19);
  }
  const tgidOf = new Map<number, number>();
  for (const t of img.tasks) tgidOf.set(t.pid[0], t.tgid);
  for (const t of img.tasks) {
    let v: boolean | undefined;
    for (const [tid, val] of sub) if (tgidOf.get(tid) === t.tgid) v = val;
    t.subreaper = v ?? false;
    if (t.state === 'stopped') t.stopSignal = stopSig.get(t.tgid) ?? 19;
  }
  return img;
}

export interface Restored { diffs: Difference[]; ready: Ready; exit: number | null; tasks: number }

export async function restoreAndDiff(plan: Plan, image: Image, name: string, wrap: string[] = []): Promise<Restored> {
  const c = compile(plan, name);
  try {
    return await heldAndDiffed(plan, image, [...wrap, c.bin, '--hold', '--timeout', '15']);
  } finally {
    c.cleanup();
  }
}

/** The same with the sh script (driving the agent); `opts` as for planToSh. */
export async function restoreShAndDiff(plan: Plan, image: Image, name: string, wrap: string[] = [], opts: ShScriptOptions = {}): Promise<Restored & { script: string }> {
  const s = writeSh(plan, name, opts);
  try {
    return { ...(await heldAndDiffed(plan, image, [...wrap, 'sh', s.path, '--hold', '--timeout', '15'])), script: s.text };
  } finally {
    s.cleanup();
  }
}

/** Run argv (ending in --hold), capture the held tree, diff it, end it and wait until it is gone. */
async function heldAndDiffed(plan: Plan, image: Image, argv: string[]): Promise<Restored> {
  let held: Held | null = null;
  try {
    held = await startHeld(argv);
    const ready = held.ready;
    const snap = captureRestored(plan, ready);
    const diffs = diffImages(image, snap);
    const exit = await held.stop();
    held = null;
    // everything the program started is gone with its pid 1
    const t0 = Date.now();
    while (existsSync(`/proc/${ready.root}`) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
    return { diffs, ready, exit, tasks: snap.tasks.length };
  } finally {
    if (held) await held.stop();
  }
}

/** A hand-made tree of zombies (killed by a signal, exited with a code), a stopped task and a SIGCHLD-ignoring parent. */
export function zombiesAndStops(): Image {
  return fixtureImage([
    { pid: 50, ppid: 0 },
    { pid: 51, ppid: 50, sid: 50, state: 'zombie', exit: { signal: 9 } },
    { pid: 52, ppid: 50, sid: 50, state: 'zombie', exit: { code: 3 } },
    { pid: 53, ppid: 50, sid: 50, state: 'stopped' },
    { pid: 54, ppid: 50, sid: 50, pgid: 54, ignoresSigchld: true },
    { pid: 55, ppid: 54, sid: 50, pgid: 54 },
  ]);
}
