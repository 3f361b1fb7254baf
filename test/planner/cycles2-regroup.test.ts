/**
 * planner/ordering/regroup-leader.ts: a group's leader that must fork, in its final group, a child that can
 * only inherit that group, makes its own group again afterwards for the members that come later,
 * and leaves it again once they joined (PGID-2, PGID-3).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const idx = (ops: Op[], pred: (o: Op) => boolean): number[] => ops.flatMap((o, i) => (pred(o) ? [i] : []));

// Seed 83540: 14 leads group 14 and ends in group 4; 5 must be born in group 4 (invisible in the
// pid ns of 5's descendant 18), and 26, created by 5, joins group 14, which only lives while it has
// a member: "14 joins group 4" -> "create 5" -> "create 26" -> "26 joins group 14" -> "14 joins group 4".
test('seed 83540: 14 joins group 4, forks 5, makes group 14 again for 26, and goes back to group 4', (t) => {
  const plan = mustPlan(t, 83540, {});
  const own = idx(plan.ops, (o) => o.op === 'setpgid' && o.actor === 't14');
  const pg = own.map((i) => (plan.ops[i] as Extract<Op, { op: 'setpgid' }>).pgid);
  t.deepEqual(pg, [0, 4, 0, 4], 'setpgid(0, 0), setpgid(0, 4), setpgid(0, 0) again, setpgid(0, 4) again');
  const fork5 = idx(plan.ops, (o) => o.op === 'clone' && o.child === 't5')[0];
  t.true(own[1] < fork5 && fork5 < own[2], '5 is forked while 14 is in group 4');
  const join26 = idx(plan.ops, (o) => o.op === 'setpgid' && o.actor === 't26' && o.pgid === 14)[0];
  t.true(own[2] < join26 && join26 < own[3], '26 joins group 14 while 14 leads it again');
});

// The other seeds of the class (the same two edges on their cycle), planned by the first attempt.
for (const seed of [88162, 19534, 81625]) {
  test(`seed ${seed}: a regrouping leader (first attempt)`, (t) => {
    const plan = mustPlan(t, seed, {});
    t.true(plan.ops.some((o) => o.op === 'setpgid' && (o.why ?? '').includes('makes its process group') && (o.why ?? '').includes('again')));
  });
}
