/**
 * planner/variants/helper-joins-for.ts (re-plan variant helperJoinsFor; index.ts CYCLE_VARIANTS): a
 * child that must inherit its creator's final namespaces through a helper is forked after the
 * creator's joins, the helper (forked before them for another child keeping the older ones)
 * joining for it what it lacks. The seed's first attempt stops on the cycle "6 joins its
 * namespaces -> h1 created by t6 -> 6 joins its namespaces" and stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { HELPER_BOTH_SIDES } from '../../planner/variants/helper-joins-for.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 98953: session 12's ghost, forked by 6, forks group 20's ghost (for 48) and 24.
test('seed 98953: 6\'s ghost forks group 20\'s ghost before 6\'s joins, and 24 after them', (t) => {
  const first = planWithVariant(generateHistory(98953).image, {});
  t.true(first.kind === 'undecided' && HELPER_BOTH_SIDES.test(first.reason), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 98953, { helperJoinsFor: true }).ops;
  const c24 = at(ops, (o) => o.op === 'clone' && o.child === 't24');
  const ghost = (ops[c24] as Clone).actor;
  t.true(ghost.startsWith('h'), 'a helper forks 24');
  const born = at(ops, (o) => o.op === 'clone' && o.child === ghost);
  t.is((ops[born] as Clone).actor, 't6', '6 forks that helper');
  t.true(ops.some((o) => o.op === 'setsid' && o.actor === ghost), 'it is session 12\'s ghost');
  const gg = at(ops, (o) => o.op === 'clone' && o.actor === ghost && o.child.startsWith('h'));
  // 6's joins while still privileged: its setns calls before its user-ns switch
  const sw = at(ops, (o) => (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER') || o.op === 'setns' && o.file === 'user') && o.actor === 't6');
  const joins = ops.map((o, i) => (o.op === 'setns' && o.actor === 't6' && i < sw ? i : -1)).filter((i) => i >= 0);
  t.true(joins.length > 0, '6 joins namespaces before its switch');
  t.true(born < gg && gg < joins[0], 'the ghost forks group 20\'s ghost before 6\'s joins');
  t.true(c24 > joins[joins.length - 1], '24 is forked after 6\'s joins');
});
