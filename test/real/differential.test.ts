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
  for (let seed = 1; seed <= HISTORIES; seed++) outcomes.push(await compareHistory(seed, LENGTH));
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
  // the only example the planner cannot plan yet needs a uid change no op expresses (issue 4 note)
  t.deepEqual(unplanned, ['userns-owned.json']);
  t.true(restored >= 13, `only ${restored} examples restored`);
});
