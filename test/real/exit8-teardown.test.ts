/**
 * EXIT-8 at teardown: a restored pid-ns init in a group led by another pid of its own namespace
 * never finishes its exit when the environment is killed (zap_pid_ns_processes waits for that
 * pid, which its own group link holds), which left the environment's processes in the kernel for
 * good (generated seed 480). The executor moves such inits into groups of their own first
 * (executor.ts leaveForeignGroups), so nothing is left behind.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { runOnRealKernel } from '../../executor/real/executor.js';
import { realSkipReason } from './helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

real('seed 480: init 82 of pid:9 in group 8 (3 in its pid ns) restores, and the environment is gone after teardown', async (t) => {
  const image = generateHistory(480).image;
  const init = image.tasks.find((x) => x.pid[0] === 82)!;
  t.deepEqual([init.pid, init.pgid], [[82, 1], [8, 3]], 'an init in a group with a number in its own pid ns');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(out.kind);
  const run = await runOnRealKernel(out.plan.ops, { capture: false });
  t.is(run.failedAt, -1);
  t.false(run.stuck, 'the killed environment left /proc');
});
