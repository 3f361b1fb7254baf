/**
 * Generated reachable states (kernel/generator.ts): every one must end in a verified plan, an
 * impossibility proof, or a clean "undecided" that is not a planner bug (a plan that failed its
 * own verification). Counts are logged; the soak runs many more seeds.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

const SEEDS = Number(process.env.CRPLAN_PLANNER_SEEDS ?? 1000);
const OPS = 40;

test(`${SEEDS} generated states (${OPS} ops each): verified plan or clean answer, never a planner bug`, (t) => {
  const counts = { plan: 0, impossible: 0, undecided: 0 };
  const bugs: string[] = [];
  const reasons = new Map<string, number>();
  let planMs = 0;
  let helpers = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const h = generateHistory(seed, { ops: OPS });
    const t0 = performance.now();
    const out = planImage(h.image);
    planMs += performance.now() - t0;
    counts[out.kind]++;
    if (out.kind === 'plan') {
      if (!out.plan.summary.verified) bugs.push(`seed ${seed}: unverified plan`);
      helpers += out.plan.summary.helpers;
    } else if (out.kind === 'undecided') {
      if (/planner bug/.test(out.reason)) bugs.push(`seed ${seed}: ${out.reason.slice(0, 300)}`);
      const key = out.reason.replace(/\d+/g, 'N').slice(0, 90);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  t.log(`plan ${counts.plan}, impossible ${counts.impossible}, undecided ${counts.undecided}; helpers ${helpers}; planning ${planMs.toFixed(0)} ms total, ${(planMs / SEEDS).toFixed(2)} ms/state`);
  for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) t.log(`undecided x${n}: ${r}`);
  for (const b of bugs.slice(0, 5)) t.log(`BUG ${b}`);
  t.is(bugs.length, 0, `${bugs.length} planner bugs`);
  t.true(counts.plan > 0);
});

const SETID_SEEDS = Number(process.env.CRPLAN_PLANNER_SETID_SEEDS ?? 300);

test(`${SETID_SEEDS} generated states with credential switches: verified plan or clean answer, never a planner bug`, (t) => {
  const counts = { plan: 0, impossible: 0, undecided: 0 };
  const bugs: string[] = [];
  let switched = 0;
  for (let seed = 1; seed <= SETID_SEEDS; seed++) {
    const h = generateHistory(seed, { ops: OPS, setids: true });
    const out = planImage(h.image);
    counts[out.kind]++;
    if (out.kind === 'plan') {
      if (!out.plan.summary.verified) bugs.push(`seed ${seed}: unverified plan`);
      if (out.plan.ops.some((o) => o.op === 'setresuid')) switched++;
    } else if (out.kind === 'undecided' && /planner bug/.test(out.reason)) bugs.push(`seed ${seed}: ${out.reason.slice(0, 300)}`);
  }
  t.log(`plan ${counts.plan} (${switched} with a setresuid op), impossible ${counts.impossible}, undecided ${counts.undecided}`);
  for (const b of bugs.slice(0, 5)) t.log(`BUG ${b}`);
  t.is(bugs.length, 0, `${bugs.length} planner bugs`);
  t.true(switched > 0, 'no verified plan switches ids');
});
