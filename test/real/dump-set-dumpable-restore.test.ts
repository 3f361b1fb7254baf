/**
 * The `set-dumpable` op on the real kernel (agent/agent.c `dumpable` command and play mode
 * K_DUMPABLE, script/c.ts OP_DUMPABLE), with plans of the re-plan variant `dumpable`
 * (planner/variants/dump-after-switch.ts): setids seeds 31 and 185 were undecided before, since a task
 * that entered a user ns its euid does not own became non-dumpable and no peer inside could open
 * its ns files (NSFD-1.dumpable). Their plans now restore on Linux with a clean diff through the
 * agent's coordinator, its play mode (sh script) and the standalone C program; and the same plans
 * without their set-dumpable ops fail on Linux exactly where the simulated kernel says, with
 * EACCES at a peer's setns, which shows that the op is what makes them work.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import type { Image } from '../../model/image.js';
import type { Plan } from '../../planner/plan.js';
import { realSkipReason } from './helpers.js';
import { restoreAndDiff, restoreShAndDiff } from '../script/helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

function seedPlan(seed: number): { image: Image; plan: Plan } {
  const image = generateHistory(seed, { setids: true }).image;
  const out = planImage(image);
  if (out.kind !== 'plan' || !out.plan.summary.verified) throw new Error(`setids seed ${seed} has no verified plan`);
  return { image, plan: out.plan };
}

for (const seed of [31, 185]) {
  real(`setids seed ${seed} (variant dumpable): restored through the agent's coordinator, diff clean`, async (t) => {
    const { image, plan } = seedPlan(seed);
    t.true(plan.ops.some((o) => o.op === 'set-dumpable' && o.value), 'the plan has set-dumpable ops');
    const run = await restoreOnRealKernel(image, plan.ops);
    const failed = run.failedAt === -1 ? '' : `op ${run.failedAt} ${JSON.stringify(plan.ops[run.failedAt]).slice(0, 160)}: ${JSON.stringify(run.results[run.failedAt])}`;
    t.is(failed, '');
    t.deepEqual(run.differences.map((d) => d.message), []);
  });

  real(`setids seed ${seed}: without its set-dumpable ops the plan fails on Linux where the simulated kernel says (EACCES, NSFD-1)`, async (t) => {
    const { image, plan } = seedPlan(seed);
    const ops = plan.ops.filter((o) => o.op !== 'set-dumpable');
    const sim = replayOnSimKernel(image, ops);
    t.true(sim.failedAt >= 0);
    t.deepEqual(sim.results[sim.failedAt], { ok: false, errno: 'EACCES', rule: 'NSFD-1' });
    t.is(ops[sim.failedAt].op, 'setns');
    const run = await restoreOnRealKernel(image, ops);
    t.is(run.failedAt, sim.failedAt, 'the same op fails on Linux');
    t.like(run.results[run.failedAt], { ok: false, errno: 'EACCES' });
  });
}

real('setids seed 31 (variant dumpable): restored from the sh script (agent play) and the C program, diff clean', async (t) => {
  const { image, plan } = seedPlan(31);
  const sh = await restoreShAndDiff(plan, image, 'dump-31');
  t.deepEqual(sh.diffs.map((d) => d.message), [], 'sh script');
  const c = await restoreAndDiff(plan, image, 'dump-31');
  t.deepEqual(c.diffs.map((d) => d.message), [], 'C program');
});
