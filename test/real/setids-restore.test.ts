/**
 * Plans with credential switches on the real kernel (kernel/generator.ts with setids):
 * - the restorer's mm belongs to the environment's user ns (the agent's root actor re-execs
 *   itself inside it, agent.c chan_root_exec), so a root actor may open the ns files of a task
 *   that became non-dumpable by a setns into a child user ns it does not own, as the simulated
 *   kernel and a host-root restore allow (NSFD-1.dumpable). Before, setids seed 32 failed on
 *   the real kernel with EACCES at such a setns, after the simulated kernel had verified it;
 * - a user ns with only its uid map written (its writer's gid self-mapping was refused) is
 *   restored by a write-idmap with an empty gid map, which is not written: through the agent's
 *   coordinator, its play mode (sh script) and the standalone C program.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import type { Image } from '../../model/image.js';
import { realSkipReason } from './helpers.js';
import { restoreAndDiff, restoreShAndDiff } from '../script/helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

async function restoreSeed(seed: number): Promise<{ failed: string; diffs: string[]; plan: NonNullable<ReturnType<typeof planOf>> }> {
  const image = generateHistory(seed, { setids: true }).image;
  const plan = planOf(image);
  if (!plan) throw new Error(`setids seed ${seed} has no plan`);
  const run = await restoreOnRealKernel(image, plan.ops);
  const failed = run.failedAt === -1 ? '' : `op ${run.failedAt} ${JSON.stringify(plan.ops[run.failedAt]).slice(0, 160)}: ${JSON.stringify(run.results[run.failedAt])}`;
  return { failed, diffs: run.differences.map((d) => d.message), plan };
}
function planOf(image: Image) {
  const out = planImage(image);
  return out.kind === 'plan' && out.plan.summary.verified ? out.plan : null;
}

real('setids seed 32: a root actor opens the ns files of a sibling made non-dumpable by its user-ns switch; restored, diff clean', async (t) => {
  const r = await restoreSeed(32);
  // the construction under test: t64 (still in the restorer's user ns) joins through t33 after
  // t33's setns into user ns it does not own (which makes it non-dumpable)
  const ops = r.plan.ops;
  const intoUser = ops.findIndex((o) => o.op === 'setns' && o.actor === 't33' && o.file === 'user');
  const through = ops.findIndex((o) => o.op === 'setns' && o.actor === 't64' && o.target === 't33');
  t.true(intoUser >= 0 && through > intoUser, `t33 switches user ns at op ${intoUser}, t64 joins through it at op ${through}`);
  t.is(r.failed, '');
  t.deepEqual(r.diffs, []);
});

real('setids seed 171: a user ns with only its uid map written restores through the coordinator, diff clean', async (t) => {
  const r = await restoreSeed(171);
  t.true(r.plan.ops.some((o) => o.op === 'write-idmap' && o.uidMap.length > 0 && o.gidMap.length === 0), 'a write-idmap with an empty gid map');
  t.is(r.failed, '');
  t.deepEqual(r.diffs, []);
});

real('a user ns with only its uid map written restores from the sh script (agent play) and the C program, diff clean', async (t) => {
  const image = JSON.parse(readFileSync(join(new URL('../../examples/', import.meta.url).pathname, 'userns-owned.json'), 'utf8')) as Image;
  image.namespaces.find((n) => n.id === 'userB')!.gidMap = [];
  const plan = planOf(image);
  if (!plan) return t.fail('no verified plan');
  const sh = await restoreShAndDiff(plan, image, 'uid-map-only');
  t.deepEqual(sh.diffs.map((d) => d.message), [], 'sh script');
  const c = await restoreAndDiff(plan, image, 'uid-map-only');
  t.deepEqual(c.diffs.map((d) => d.message), [], 'C program');
});

real('setids seed 70: a zombie in a group whose gone leader had a deeper pid level restores diff clean (compared as /proc shows it)', async (t) => {
  const image = generateHistory(70, { setids: true }).image;
  const z = image.tasks.find((x) => x.pid[0] === 5)!;
  t.deepEqual(z.pgid, [4, 2], 'the image has the group\'s second level, which 5\'s /proc does not show');
  const r = await restoreSeed(70);
  t.is(r.failed, '');
  t.deepEqual(r.diffs, []);
});
