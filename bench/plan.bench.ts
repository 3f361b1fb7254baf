/**
 * Planner bench: synthetic container-like images of 1k, 10k and 100k tasks, planned with
 * verification off and on, next to plain JSON.parse of the same image text (the floor any tool
 * reading the image pays). Shapes, mixed in fixed proportions: daemons reparented to init with
 * their own sessions and worker threads, double-forked daemons whose session leader is dead,
 * login shells with pipelines (jobs), groups whose leader exited, zombies, background jobs.
 *   npm run bench -- plan            (CRPLAN_BENCH_SIZES=1000,10000 to choose sizes)
 */
import type { Image, Task } from '../model/image.js';
import { IMAGE_FORMAT } from '../model/image.js';
import { planImage } from '../planner/index.js';

/** A deterministic container-like image with about n tasks, in a new pid namespace whose init is 1. */
export function containerImage(n: number): Image {
  const tasks: Task[] = [];
  let next = 2;
  const add = (pid: number, ppid: number, sid: number, pgid: number, extra: Partial<Task> = {}): Task => {
    const tgid = extra.tgid ?? pid;
    const zombie = extra.state === 'zombie';
    const t: Task = {
      pid: [pid], tgid, ppid, pgid: [pgid], sid: [sid], state: 'running', subreaper: false, pidns: 'pid0', userns: 'user0',
      nsproxy: zombie ? null : 'np0', files: zombie ? null : `files${tgid}`, fs: zombie ? null : `fs${tgid}`,
      sighand: zombie ? null : `sighand${tgid}`, mm: zombie ? null : `mm${tgid}`, comm: extra.comm ?? `p${pid}`, ...extra,
    };
    tasks.push(t);
    return t;
  };
  add(1, 0, 1, 1, { comm: 'init' });
  const daemons: number[] = [];
  let shape = 0;
  while (tasks.length < n) {
    const kind = shape++ % 6;
    if (kind === 0 || daemons.length === 0) {
      // daemon that called setsid, with workers; every other worker has 3 threads
      const d = next++;
      add(d, 1, d, d, { comm: 'daemon' });
      daemons.push(d);
      for (let w = 0; w < 4; w++) {
        const p = next++;
        add(p, d, d, d, { comm: 'worker' });
        if (w % 2 === 0) for (let k = 0; k < 3; k++) add(next++, d, d, d, { tgid: p, comm: 'worker', files: `files${p}`, fs: `fs${p}`, sighand: `sighand${p}`, mm: `mm${p}` });
      }
    } else if (kind === 1) {
      // double-forked daemon: the intermediate that called setsid exited, the daemon went to init
      const dead = next++;
      const q = next++;
      add(q, 1, dead, dead, { comm: 'dfdaemon' });
      for (let w = 0; w < 2; w++) add(next++, q, dead, dead, { comm: 'child' });
    } else {
      // a login shell under a daemon (sshd-like), with jobs
      const sh = next++;
      add(sh, daemons[shape % daemons.length], sh, sh, { comm: 'bash' });
      // a pipeline job: leader and two members
      const j = next++;
      add(j, sh, sh, j, { comm: 'grep' });
      add(next++, sh, sh, j, { comm: 'sort' });
      add(next++, sh, sh, j, { comm: 'uniq' });
      if (kind === 3) {
        // a job whose leader exited: members keep the group
        const gone = next++;
        add(next++, sh, sh, gone, { comm: 'tail' });
        add(next++, sh, sh, gone, { comm: 'less' });
      }
      if (kind === 4) add(next++, sh, sh, next - 1, { state: 'zombie', exit: { code: 1 }, comm: 'make' });
      if (kind === 5) {
        // a background job with a child of its own
        const b = next++;
        add(b, sh, sh, b, { state: 'stopped', comm: 'vim' });
        add(next++, b, sh, b, { comm: 'sh' });
      }
    }
  }
  return {
    format: IMAGE_FORMAT,
    description: `synthetic container, ${tasks.length} tasks`,
    source: { kind: 'generated', origin: 'bench/plan.bench.ts' },
    tasks,
    nsproxies: [{ id: 'np0', uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', pidForChildren: 'pid0', time: 'time0', timeForChildren: 'time0' }],
    namespaces: [
      { id: 'pid0', type: 'pid', level: 0, owner: 'user0' },
      { id: 'user0', type: 'user', level: 0, external: true },
      ...(['uts', 'ipc', 'mnt', 'net', 'cgroup', 'time'] as const).map((type) => ({ id: `${type}0`, type, external: true, owner: 'user0' })),
    ],
  };
}

function ms(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export default async function bench(): Promise<void> {
  const sizes = (process.env.CRPLAN_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number).sort((a, b) => a - b);
  const rows: string[][] = [['tasks', 'image KB', 'JSON.parse ms', 'plan ms (no verify)', 'x parse', 'plan ms (verify)', 'x parse', 'heap MB', 'peak RSS MB', 'helpers', 'ops', 'result']];
  for (const n of sizes) {
    const text = JSON.stringify(containerImage(n));
    const parseMs = Math.min(...[0, 1, 2].map(() => ms(() => JSON.parse(text))));
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let helpers = '-';
    let ops = '-';
    let result = '';
    let peak = 0;
    const planOff = ms(() => {
      const out = planImage(JSON.parse(text) as Image, { verify: false });
      peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
      result = out.kind;
      if (out.kind === 'plan') { helpers = String(out.plan.summary.helpers); ops = String(out.plan.summary.operations); }
      else result = `${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 60) : out.proof[0]?.message.slice(0, 60)}`;
    }) - parseMs;
    gc();
    const planOn = ms(() => {
      const out = planImage(JSON.parse(text) as Image, { verify: true });
      peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
      if (out.kind === 'plan') result = out.plan.summary.verified ? 'verified' : 'NOT verified';
      else if (result === 'plan') result = `verify: ${out.kind === 'undecided' ? out.reason.slice(0, 60) : 'impossible'}`;
    }) - parseMs;
    // the process's peak resident set so far (sizes run smallest first, so: this size's)
    const rssMB = process.resourceUsage().maxRSS / 1024;
    rows.push([String(n), (text.length / 1024).toFixed(0), parseMs.toFixed(1), planOff.toFixed(0), (planOff / parseMs).toFixed(0),
      planOn.toFixed(0), (planOn / parseMs).toFixed(0), (peak / 1048576).toFixed(0), rssMB.toFixed(0), helpers, ops, result]);
    console.log(`  ${n} tasks done`);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padStart(w[i]))).join('  '));
  console.log('plan times exclude the JSON.parse they include; heap MB = heap growth during planning (approximate without --expose-gc);');
  console.log('peak RSS MB = the process\'s peak resident set once this size is done (sizes run smallest first)');
}
