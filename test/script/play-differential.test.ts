/**
 * `crplan-agent play` against the simulated kernel: generated histories (kernel/generator, the
 * seeds of test/kernel/real-differential.test.ts), keeping the ops the simulator accepted, run as
 * one op list by the agent, which checks every result against the simulator's ("-> value") and
 * stops at the first difference. They reach what the examples' plans do not: setns by pidfd
 * (through the init's broker), execve by threads, ns_last_pid, stops, orphaned groups' hangups.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory } from '../../kernel/generator.js';
import { OpRunner } from '../../kernel/runner.js';
import { realKernelAvailable } from '../../executor/real/executor.js';
import type { Op } from '../../executor/ops.js';
import type { Plan } from '../../planner/plan.js';
import { playList } from '../../script/play.js';
import { privateAgent, processesOf } from './helpers.js';

const SEEDS = [3, 17, 44, 71, 90, 123, 150, 201, 333, 404];
const OPS = 120;
const can = realKernelAvailable();
const title = `play: ${SEEDS.length} generated histories (${OPS} ops, the simulator's successful ones) run with every result equal to the simulator's`;

/** An op as the kinds this test wants covered name it. */
function kind(op: Op): string {
  if (op.op === 'setns') return op.pidfd ? 'setns-pidfd' : 'setns-file';
  return op.op;
}

if (!can.ok) {
  console.error(`\n*** SKIPPED (no real kernel here): ${title}: ${can.why} ***\n`);
  test.skip(title, () => {});
} else {
  test.serial(title, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'crplan-play-diff-'));
    try {
      const agent = privateAgent(dir);
      const covered = new Set<string>();
      for (const seed of SEEDS) {
        const h = generateHistory(seed, { ops: OPS });
        // failed ops change nothing on the simulated kernel: without them, the rest gives the same results
        const ops = h.ops.filter((_, i) => h.results[i].ok);
        const runner = new OpRunner();
        const results = ops.map((op) => runner.run(op));
        const bad = results.findIndex((r) => !r.ok);
        if (bad >= 0) {
          t.fail(`seed ${seed}: without its failed ops, op ${bad} fails on the simulated kernel`);
          continue;
        }
        for (const op of ops) covered.add(kind(op));
        const plan = { format: 'crplan-plan/1', image: { sha256: '' }, actors: {}, helpers: [], ops, summary: { tasks: 0, helpers: 0, operations: ops.length, solver: [], verified: false } } as Plan;
        const r = spawnSync(agent, ['play', '--timeout', '20'], { input: playList(plan, results).join('\n'), encoding: 'utf8', timeout: 40000 });
        t.is(r.status, 0, `seed ${seed}: ${r.stderr.trim()}`);
        t.regex(r.stdout, /\nDONE\n$/, `seed ${seed}`);
        t.deepEqual(processesOf(agent), [], `seed ${seed}: no process left`);
      }
      // what the histories exercise, beyond the examples' plans
      for (const k of ['setns-pidfd', 'setns-file', 'execve', 'stop', 'write-ns-last-pid', 'sigchld-ignore', 'wait', 'write-idmap']) t.true(covered.has(k), `no ${k} in the histories`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
