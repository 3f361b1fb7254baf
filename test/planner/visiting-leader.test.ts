/**
 * planner/variants/visiting-leader.ts (re-plan variant visitingLeaders; index.ts CYCLE_VARIANTS): a
 * group's leader whose final group is its own makes it, forks a child inheriting it, then moves
 * into another group of its session (setpgid(0, G)) to fork a child inheriting that one, and goes
 * back (setpgid(0, 0)) (PGID-2, PGID-3, FORK-6). The seed's first attempt stopped on the cycle
 * "40 creates group 40 -> create 49 -> create 61 -> 40 creates group 40" and stays undecided
 * without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { LEADER_FORKS_IN_TWO_GROUPS } from '../../planner/variants/visiting-leader.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const setpgid = (ops: Op[], actor: string, pgid: number, from = 0): number => {
  for (let i = from; i < ops.length; i++) { const o = ops[i]; if (o.op === 'setpgid' && o.actor === actor && o.pid === 0 && o.pgid === pgid) return i; }
  return -1;
};

// Seed 77631: 40 (in pid:1, where group 33 is number 1) forks 49, the init of pid:3, in group 40,
// and 61 into pid:3 in group 33; neither group has a number in pid:3.
test('seed 77631: 40 makes group 40, forks 49, visits group 33 to fork 61, and goes back', (t) => {
  const first = planWithVariant(generateHistory(77631).image, {});
  t.true(first.kind === 'undecided' && LEADER_FORKS_IN_TWO_GROUPS.test(first.reason), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 77631, { visitingLeaders: true }).ops;
  const make = setpgid(ops, 't40', 0);
  const y = at(ops, (o) => o.op === 'clone' && o.child === 't49');
  const visit = setpgid(ops, 't40', 1);
  const x = at(ops, (o) => o.op === 'clone' && o.child === 't61');
  const back = setpgid(ops, 't40', 0, x);
  t.true(make >= 0 && make < y, '40 makes group 40 before forking 49');
  t.true(y < visit && visit < x, '40 moves into group 33 (its number 1 in pid:1) after forking 49, before forking 61');
  t.true(x < back, '40 goes back to group 40 after forking 61');
  t.is((ops[y] as Extract<Op, { op: 'clone' }>).actor, 't40');
  t.is((ops[x] as Extract<Op, { op: 'clone' }>).actor, 't40');
});
