/**
 * A time ns made by a thread, with offsets other than the ones it copied (seed 29628: thread t8
 * makes time:2, no process leader is in it). /proc/self/timens_offsets is the leader's; the plan
 * writes the thread's own /proc/<tid>/timens_offsets (`thread: true`, UNSH-6, observed on 6.18).
 * Checked on the simulated kernel (the plan is verified) and on the real kernel by the three
 * executors: the coordinator's agent, the generated C program and the agent's play mode (sh).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import type { Plan } from '../../planner/plan.js';
import { realKernelReason, restoreAndDiff, restoreShAndDiff } from './helpers.js';

const SEED = 29628;
const image = generateHistory(SEED).image;

function threadWrite(plan: Plan) {
  return plan.ops.find((o) => o.op === 'write-timens-offsets' && o.thread === true);
}

test(`seed ${SEED}: thread t8 makes time:2 and writes its own offsets through /proc/<tid>`, (t) => {
  const outcome = planImage(image);
  if (outcome.kind !== 'plan') return t.fail(`no plan: ${outcome.kind}${outcome.kind === 'undecided' ? `: ${outcome.reason}` : ''}`);
  const w = threadWrite(outcome.plan);
  t.truthy(w, 'a thread writes its own timens_offsets');
  const i = outcome.plan.ops.indexOf(w!);
  const un = outcome.plan.ops.findIndex((o, j) => j < i && o.actor === w!.actor && o.op === 'unshare' && o.flags.includes('CLONE_NEWTIME'));
  t.true(un >= 0, 'after its own unshare(CLONE_NEWTIME)');
  const t8 = image.tasks.find((x) => x.pid[0] === 8)!;
  t.not(t8.tgid, 8, 't8 is a thread, not its process leader');
  t.is(w!.actor, 't8');
});

const why = realKernelReason();
if (why) {
  console.error(`\n*** SKIPPING real-kernel thread time-ns tests: ${why} ***\n`);
  test.skip(`seed ${SEED} on the real kernel (SKIPPED: ${why})`, () => {});
} else {
  const outcome = planImage(image);
  const plan = outcome.kind === 'plan' ? outcome.plan : null;
  test.serial(`seed ${SEED}: the coordinator restores it on the real kernel, diff clean`, async (t) => {
    if (!plan) return t.fail('no plan');
    const run = await restoreOnRealKernel(image, plan.ops);
    t.is(run.failedAt, -1, `op ${run.failedAt} failed: ${JSON.stringify(run.results[run.failedAt])}`);
    t.deepEqual(run.differences.map((d) => d.message), []);
  });
  test.serial(`seed ${SEED}: the generated C program restores it on the real kernel, diff clean`, async (t) => {
    if (!plan) return t.fail('no plan');
    const r = await restoreAndDiff(plan, image, `seed${SEED}`);
    t.deepEqual(r.diffs.map((d) => d.message), []);
    t.is(r.exit, 0);
  });
  test.serial(`seed ${SEED}: the sh script (agent play) restores it on the real kernel, diff clean`, async (t) => {
    if (!plan) return t.fail('no plan');
    const r = await restoreShAndDiff(plan, image, `seed${SEED}`);
    t.regex(r.script, /write-timens-offsets .*thread/, 'the play line carries the thread word');
    t.deepEqual(r.diffs.map((d) => d.message), []);
    t.is(r.exit, 0);
  });
}
