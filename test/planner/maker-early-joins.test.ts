/**
 * planner/variants/maker-early-joins.ts (re-plan variant makerEarlyJoins): a pid-ns maker is forked
 * before its creator's early time join, so it inherits the time ns it cannot join (SETNS-6, FORK-8).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 78743: 10 (born in user:1 with time:0, owned by user:0) joins time:1 early, before its
// thread 36; maker h1 of init 12 (time:0) is forked before that join.
test('seed 78743: 10 forks maker h1 before joining time:1', (t) => {
  const out = planWithVariant(generateHistory(78743).image, {});
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /h1 must enter time ns time:0 .* no rights over/);
  const ops = mustPlan(t, 78743, { makerEarlyJoins: true }).ops;
  const maker = at(ops, (o) => o.op === 'clone' && o.actor === 't10' && o.child === 'h1');
  const time = at(ops, (o) => o.op === 'setns' && o.actor === 't10' && o.file === 'time');
  t.true(maker >= 0 && maker < time, 'the maker inherits time:0 before 10 leaves it');
  t.is(at(ops, (o) => o.op === 'setns' && o.actor === 'h1' && o.file === 'time'), -1, 'h1 joins no time ns');
});
