/**
 * `npm run bench -- real`: throughput of the real executor (agent + coordinator) against a bare C
 * loop of fork + exit + waitpid on the same machine. Needs root and the built agent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealExecutor, realKernelAvailable } from '../executor/real/executor.js';
import type { Op } from '../executor/ops.js';

const FORKS = 1000;
const TREE = 500;

function forkExitOps(n: number): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) {
    ops.push({ op: 'clone', actor: 'root', child: `f${i}`, flags: [] });
    ops.push({ op: 'exit', actor: `f${i}`, code: 0 });
    ops.push({ op: 'wait', actor: 'root', pid: -1 });
  }
  return ops;
}

function treeOps(n: number): Op[] {
  const ops: Op[] = [{ op: 'clone', actor: 'root', child: 't0', flags: [] }, { op: 'setsid', actor: 't0' }];
  let seed = 12345;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  for (let i = 1; i < n; i++) {
    ops.push({ op: 'clone', actor: `t${rnd(i)}`, child: `t${i}`, flags: [] });
    if (i % 10 === 0) ops.push({ op: 'setpgid', actor: `t${i}`, pid: 0, pgid: 0 });
  }
  return ops;
}

async function timeOps(ops: Op[]): Promise<{ ms: number; captureMs: number; tasks: number }> {
  const ex = await RealExecutor.start();
  try {
    const t0 = performance.now();
    for (const op of ops) {
      const r = await ex.run(op);
      if (!r.ok) throw new Error(`bench op failed: ${JSON.stringify(op)} ${JSON.stringify(r)}`);
    }
    const ms = performance.now() - t0;
    const c0 = performance.now();
    const img = ex.capture();
    return { ms, captureMs: performance.now() - c0, tasks: img.tasks.length };
  } finally {
    await ex.teardown();
  }
}

function bareC(n: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-bench-'));
  try {
    const src = join(dir, 'f.c');
    writeFileSync(src, `#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n#include <sys/wait.h>\n#include <time.h>\nint main(int c,char**v){int n=atoi(v[1]);struct timespec a,b;clock_gettime(CLOCK_MONOTONIC,&a);for(int i=0;i<n;i++){pid_t p=fork();if(p==0)_exit(0);waitpid(p,0,0);}clock_gettime(CLOCK_MONOTONIC,&b);printf("%f\\n",(b.tv_sec-a.tv_sec)*1e3+(b.tv_nsec-a.tv_nsec)/1e6);return 0;}\n`);
    execFileSync(process.env.CC || 'cc', ['-O2', '-o', join(dir, 'f'), src]);
    return Number(execFileSync(join(dir, 'f'), [String(n)], { encoding: 'utf8' }).trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<void> {
  const can = realKernelAvailable();
  if (!can.ok) {
    console.log(`*** REAL-KERNEL BENCH SKIPPED: ${can.why} ***`);
    return;
  }
  const rows: string[][] = [['workload', 'ops', 'time (ms)', 'ops/s', 'tasks/s', 'capture (ms)']];
  const fe = await timeOps(forkExitOps(FORKS));
  rows.push([`real executor: ${FORKS} x (clone, exit, wait)`, String(FORKS * 3), fe.ms.toFixed(0), (FORKS * 3 / (fe.ms / 1000)).toFixed(0), (FORKS / (fe.ms / 1000)).toFixed(0), fe.captureMs.toFixed(0)]);
  const tops = treeOps(TREE);
  const tr = await timeOps(tops);
  rows.push([`real executor: ${TREE}-task tree (clone, setsid, setpgid)`, String(tops.length), tr.ms.toFixed(0), (tops.length / (tr.ms / 1000)).toFixed(0), (tr.tasks / (tr.ms / 1000)).toFixed(0), tr.captureMs.toFixed(0)]);
  const c = bareC(FORKS);
  rows.push([`bare C loop: ${FORKS} x (fork, _exit, waitpid)`, String(FORKS * 3), c.toFixed(1), (FORKS * 3 / (c / 1000)).toFixed(0), (FORKS / (c / 1000)).toFixed(0), '-']);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join('  '));
  console.log(`(tree: ${tr.tasks} tasks captured)`);
}
