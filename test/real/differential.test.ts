import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { compareHistory, type HistoryOutcome } from '../../executor/real/differential.js';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import type { Image } from '../../model/image.js';
import { realSkipReason } from './helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
// Skipped tests show as skipped (never as passed), with the reason printed loudly.
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

const HISTORIES = Number(process.env.CRPLAN_REAL_HISTORIES ?? 150);
const LENGTH = 60;

real(`${HISTORIES} generated histories: same result for every op and the same tree on both kernels, except known capture limits`, async (t) => {
  const outcomes: HistoryOutcome[] = [];
  const retried: string[] = [];
  for (let seed = 1; seed <= HISTORIES; seed++) {
    let o = await compareHistory(seed, LENGTH);
    // The simulator is deterministic; the real kernel's timing is not. On a heavily loaded machine
    // a released pid was seen still taken once (seeds 32, 140, each passing alone): a disagreement
    // counts only if a second real run repeats it, and a retry is always reported.
    if (o.verdict === 'new') {
      const again = await compareHistory(seed, LENGTH);
      retried.push(`seed ${seed}: ${o.detail} -> second run: ${again.verdict}`);
      o = again;
    }
    outcomes.push(o);
  }
  if (retried.length) t.log(`retried after a disagreement (timing): ${retried.join('; ')}`);
  const count = (v: string): number => outcomes.filter((o) => o.verdict === v).length;
  const known = new Map<string, number>();
  for (const o of outcomes) if (o.known) known.set(o.known, (known.get(o.known) ?? 0) + 1);
  t.log(`same: ${count('same')}, known (capture limits): ${count('known')} (${[...known].map(([k, n]) => `${k} x${n}`).join(', ')}), new: ${count('new')}`);
  for (const o of outcomes.filter((x) => x.verdict === 'new')) t.log(`NEW DISAGREEMENT seed ${o.seed}: ${o.detail}`);
  t.deepEqual(outcomes.filter((o) => o.verdict === 'new').map((o) => `seed ${o.seed}: ${o.detail}`), []);
  // most histories must agree completely (op results and the captured tree)
  t.true(count('same') >= HISTORIES / 2, `only ${count('same')} of ${HISTORIES} histories agree completely`);
});

real('every example that has a plan restores on the real kernel and diffs clean', async (t) => {
  const dir = new URL('../../examples/', import.meta.url);
  let restored = 0;
  const unplanned: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const image = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Image;
    const outcome = planImage(image);
    if (outcome.kind !== 'plan') {
      t.log(`${f}: no plan (${outcome.kind}${outcome.kind === 'undecided' ? `: ${outcome.reason}` : ''}), not restored`);
      unplanned.push(f);
      continue;
    }
    const run = await restoreOnRealKernel(image, outcome.plan.ops);
    t.is(run.failedAt, -1, `${f}: op ${run.failedAt} failed on the real kernel: ${JSON.stringify(run.results[run.failedAt])}`);
    t.deepEqual(run.differences.map((d) => d.message), [], `${f}: restored tree differs`);
    restored++;
  }
  t.log(`${restored} examples restored and diffed clean`);
  // every example plans (userns-owned.json too: its creators switch uids with the setresuid op)
  t.deepEqual(unplanned, []);
  t.true(restored >= 14, `only ${restored} examples restored`);
});

real('userns-owned.json: restored on the real kernel with user ns owners 1000 and 0, by two setresuid ops', async (t) => {
  const image = JSON.parse(readFileSync(new URL('../../examples/userns-owned.json', import.meta.url), 'utf8')) as Image;
  const outcome = planImage(image);
  if (outcome.kind !== 'plan') return t.fail(`no plan: ${JSON.stringify(outcome).slice(0, 400)}`);
  t.is(outcome.plan.ops.filter((o) => o.op === 'setresuid').length, 2);
  const run = await restoreOnRealKernel(image, outcome.plan.ops);
  t.is(run.failedAt, -1, `op ${run.failedAt} failed: ${JSON.stringify(run.results[run.failedAt])}`);
  t.deepEqual(run.differences.map((d) => d.message), []);
  // the capture read the owners back from the kernel (NS_GET_OWNER_UID, seen from each parent)
  const owners = new Map(run.snapshot!.namespaces.filter((n) => n.type === 'user' && !n.external && n.parent).map((n) => [n.level, n.ownerUid]));
  t.deepEqual([...owners].sort(), [[1, 1000], [2, 0]]);
});
