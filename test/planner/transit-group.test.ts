/**
 * planner/variants/transit-group.ts (re-plan variant transitGroups; index.ts VARIANTS): a process
 * born in one group forks children that inherit it, is then moved into a second group of its birth
 * session for a while (by its parent, which sees that group, or by itself when it sees it) to fork
 * the children that can only inherit that one, and only then leaves for its final group (PGID-2,
 * PID-4, FORK-6). Both seeds stay undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const clone = (ops: Op[], child: string): number => at(ops, (o) => o.op === 'clone' && o.child === child);
const forker = (ops: Op[], i: number): string => (ops[i] as Extract<Op, { op: 'clone' }>).actor;

// Seed 15678: 23 (in pid:1, parent 5 in pid:0) forks 25 in group 5 and 48, 55 in group 14 (led
// from pid:2): neither group has a number in pid:1. 5 moves 23 into group 14 between the forks.
test('seed 15678: 5 moves 23 into group 14 after 23 forked 25 in group 5, before 23 forks 48 and 55 and calls setsid', (t) => {
  const img = generateHistory(15678).image;
  t.is(planWithVariant(img, { extended: true }).kind, 'undecided', 'undecided without the flag');
  const ops = mustPlan(t, 15678, { extended: true, transitGroups: true }).ops;
  const move = at(ops, (o) => o.op === 'setpgid' && o.actor === 't5' && o.pid === 23 && o.pgid === 14);
  const y = clone(ops, 't25');
  const x1 = clone(ops, 't48');
  const x2 = clone(ops, 't55');
  const sid = at(ops, (o) => o.op === 'setsid' && o.actor === 't23');
  t.true(move >= 0, '5 moves 23 into group 14 (setpgid(23, 14) from pid:0)');
  t.true(y >= 0 && y < move, '25 is forked in group 5 before the move');
  t.true(move < x1 && move < x2, '48 and 55 are forked in group 14 after it');
  t.true(x1 < sid && x2 < sid, '23 calls setsid only after forking them');
  t.true(['t23', 't24'].includes(forker(ops, y)), '25 is forked by 23 (or its thread 24)');
  t.is(forker(ops, x1), 't23');
  t.is(forker(ops, x2), 't23');
});

// Seed 53087: 39 (in pid:0) forks 47 (init of pid:11) in group 5 and 83 (init of pid:12) in group
// 3; 39 sees group 3, so it joins it itself between the forks, then calls setsid.
test('seed 53087: 39 forks 47 in group 5, joins group 3 itself to fork 83, then calls setsid', (t) => {
  const img = generateHistory(53087).image;
  t.is(planWithVariant(img, { extended: true }).kind, 'undecided', 'undecided without the flag');
  const ops = mustPlan(t, 53087, { extended: true, transitGroups: true }).ops;
  const join = at(ops, (o) => o.op === 'setpgid' && o.actor === 't39' && o.pid === 0 && o.pgid === 3);
  const y = clone(ops, 't47');
  const x = clone(ops, 't83');
  const sid = at(ops, (o) => o.op === 'setsid' && o.actor === 't39');
  t.true(join >= 0, '39 joins group 3 itself');
  t.true(y >= 0 && y < join && join < x && x < sid, '47 before the join, 83 after it, setsid last');
  t.is(forker(ops, y), 't39');
  t.is(forker(ops, x), 't39');
});
