/**
 * Session 0 and group 0 on the real kernel: a host tree whose root never called setsid/setpgid
 * (as pid 1's children on a machine whose init never did) restores in the executor's fresh pid
 * namespace, where the restorer's own session has no number either, and captures back to [0].
 */
import test from 'ava';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import { parseImage } from '../../model/load.js';
import { planImage } from '../../planner/index.js';
import { image } from '../planner/fixtures.js';
import { realSkipReason } from '../real/helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

real('a tree in session 0 / group 0 restores on the real kernel and captures identical', async (t) => {
  const img = parseImage(JSON.stringify(image([
    { pid: 100, ppid: 0, sid: 0, pgid: 0 },
    { pid: 101, ppid: 100, sid: 0, pgid: 101 },
    { pid: 102, ppid: 101, sid: 102 },
    { pid: 103, ppid: 100, sid: 0, pgid: 0 },
  ])), 'boot-session.json');
  const outcome = planImage(img);
  if (outcome.kind !== 'plan') return t.fail(JSON.stringify(outcome));
  const run = await restoreOnRealKernel(img, outcome.plan.ops);
  t.is(run.failedAt, -1);
  t.deepEqual(run.differences.map((d) => d.message), []);
});
