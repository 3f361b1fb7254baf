/**
 * `npm run bench -- kernel`: generator throughput, and snapshot / diff time on states of 1k, 10k
 * and 100k tasks (a random tree with sessions, groups, nested pid namespaces, threads, zombies).
 */
import { generateHistory } from '../kernel/generator.js';
import { OpRunner } from '../kernel/runner.js';
import { snapshot } from '../kernel/snapshot.js';
import { diffImages } from '../kernel/diff.js';
import { Prng } from '../kernel/prng.js';
import type { CloneFlag, Op } from '../executor/ops.js';

function bigState(n: number): OpRunner {
  const r = new OpRunner();
  const rng = new Prng(n);
  const names: string[] = [];
  const must = (op: Op): void => {
    const res = r.run(op);
    if (!res.ok) throw new Error(`bench setup: ${JSON.stringify(op)} -> ${res.errno}`);
  };
  must({ op: 'clone', actor: 'root', child: 'n0', flags: [] });
  must({ op: 'setsid', actor: 'n0' });
  names.push('n0');
  for (let i = 1; names.length < n; i++) {
    const parent = names[rng.int(names.length)];
    const kind = rng.int(100);
    const child = `n${i}`;
    const flags: CloneFlag[] = kind < 2 ? ['CLONE_NEWPID'] : kind < 5 ? ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] : [];
    const res = r.run({ op: 'clone', actor: parent, child, flags });
    if (!res.ok) continue;
    names.push(child);
    if (kind >= 5 && kind < 15) r.run({ op: 'setsid', actor: child });
    else if (kind >= 15 && kind < 25) r.run({ op: 'setpgid', actor: child, pid: 0, pgid: 0 });
  }
  // some zombies
  for (let i = 0; i < n / 20; i++) r.run({ op: 'exit', actor: names[1 + rng.int(names.length - 1)], code: 1 });
  return r;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

export default async function bench(): Promise<void> {
  const rows: string[][] = [['measure', 'size', 'time (ms)', 'rate']];
  const seeds = 200;
  const [ops, ms] = time(() => {
    let n = 0;
    for (let s = 0; s < seeds; s++) n += generateHistory(s, { ops: 300 }).ops.length;
    return n;
  });
  rows.push(['generator (300-op histories)', `${seeds} seeds`, ms.toFixed(0), `${Math.round((ops / ms) * 1000)} ops/s`]);
  for (const n of [1000, 10000, 100000]) {
    const [r, buildMs] = time(() => bigState(n));
    const tasks = r.kernel.tasks.size;
    rows.push(['build via ops (clone/setsid/setpgid/exit)', `${tasks} tasks`, buildMs.toFixed(0), `${Math.round((tasks / buildMs) * 1000)} tasks/s`]);
    const [img, snapMs] = time(() => snapshot(r.kernel));
    rows.push(['snapshot', `${img.tasks.length} tasks`, snapMs.toFixed(1), `${Math.round((img.tasks.length / snapMs) * 1000)} tasks/s`]);
    const copy = JSON.parse(JSON.stringify(img));
    const [d, diffMs] = time(() => diffImages(img, copy));
    if (d.length !== 0) throw new Error('bench: a state differs from its copy');
    rows.push(['diff (equal images)', `${img.tasks.length} tasks`, diffMs.toFixed(1), `${Math.round((img.tasks.length / diffMs) * 1000)} tasks/s`]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i])).join('  '));
}
