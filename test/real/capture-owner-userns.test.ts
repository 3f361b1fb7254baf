/**
 * The live capture reads the id maps and owner uid of a user ns no task is in (nor in one below
 * it), which only owns another namespace, through that namespace's file and NS_GET_USERNS
 * (capture/live.ts, agent.c inspect_usermap). Before, such a user ns came out with its maps
 * unset, and the restored tree of generated seed 294 "differed" on the real kernel.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import { realSkipReason } from './helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

real('seed 294: user:9 owns a namespace and holds no task; restored, its maps captured, diff clean', async (t) => {
  const image = generateHistory(294).image;
  t.false(image.tasks.some((x) => x.userns === 'user:9'), 'no task is in user:9');
  t.true(image.namespaces.some((n) => n.type !== 'user' && n.owner === 'user:9'), 'user:9 owns a namespace');
  t.false(image.namespaces.some((n) => n.type === 'user' && n.parent === 'user:9'), 'and has no child user ns');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(out.kind);
  const run = await restoreOnRealKernel(image, out.plan.ops);
  t.is(run.failedAt, -1);
  t.deepEqual(run.differences.map((d) => d.message), []);
  const u9 = (run.snapshot?.namespaces ?? []).filter((n) => n.type === 'user' && (n.uidMap?.length ?? 0) > 0 && n.level === 1);
  t.true(u9.length >= 1, 'a level-1 user ns with a written map was captured');
});
