/**
 * Plans of generated reachable states restore on the real kernel and diff clean (issue: real
 * restores of thousands of generated states; the default suite runs a few hundred, the soak
 * `npm run soak -- restore` many more).
 */
import test from 'ava';
import { restoreGenerated, type GeneratedRestore } from '../../executor/real/generated-restores.js';
import { realSkipReason } from './helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

const SEEDS = Number(process.env.CRPLAN_REAL_RESTORES ?? 200);
const OPS = 40;

real(`${SEEDS} generated states (${OPS} ops): every verified plan restores on the real kernel and diffs clean`, async (t) => {
  const out: GeneratedRestore[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) out.push(await restoreGenerated(seed, OPS));
  const n = (v: GeneratedRestore['verdict']) => out.filter((o) => o.verdict === v).length;
  t.log(`restored ${n('restored')}, failed ${n('failed')}, no plan ${n('no-plan')} (${out.reduce((a, o) => a + o.tasks, 0)} tasks in all)`);
  for (const o of out.filter((x) => x.verdict === 'failed').slice(0, 10)) t.log(`FAILED seed ${o.seed}: ${o.detail}`);
  t.deepEqual(out.filter((o) => o.verdict === 'failed').map((o) => `seed ${o.seed}: ${o.detail}`), []);
  // most generated states plan (the planner soak counts the rest as "undecided")
  t.true(n('restored') >= SEEDS * 0.8, `only ${n('restored')} of ${SEEDS} restored`);
});
