/**
 * Generated (reachable) images formerly undecided for want of user-ns rights under a pid-ns init
 * (variant initJoinHelpers, planner/output/init-join-helper.ts): the init's child is forked by a helper
 * of a task that still has the rights, which joins for it what it can only inherit, enters the
 * user ns it is born in and exits, so the child reparents to the init (SETNS-7, SETNS-4, EXIT-2).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; file?: string; target?: string; flags?: string[] };

/** the ops of the helper that forks `child`: its fork, its setns calls, the child's fork, its exit, its reaping */
function helperFor(ops: Op[], child: string) {
  const fork = ops.findIndex((o) => o.op === 'clone' && /^ijh\d+$/.test(o.actor) && o.child === child);
  const h = fork >= 0 ? ops[fork].actor : '';
  const born = ops.findIndex((o) => o.op === 'clone' && o.child === h);
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  return { h, born, fork, exit, joins: ops.filter((o, i) => o.op === 'setns' && o.actor === h && i < fork), reap: ops[exit + 1] };
}

test('seed 23445: t47 (uts:1 of the root user ns) is forked by a helper of t4 that joins uts:1 and enters user:0, then exits so t47 reparents to init t17', (t) => {
  t.is(planWithVariant(generateHistory(23445).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 23445, { initJoinHelpers: true }).ops as unknown as Op[];
  const x = helperFor(ops, 't47');
  t.true(x.born >= 0 && x.born < x.fork && x.fork < x.exit);
  t.is(ops[x.born].actor, 't4');
  t.true(x.joins.some((o) => o.file === 'uts'));
  t.true(x.joins.some((o) => o.file === 'user' && o.target === 't17'));
  t.is(x.reap.op, 'wait');
  t.is(x.reap.actor, 't4');
  t.false(ops.some((o) => o.op === 'clone' && o.actor === 't17' && o.child === 't47'));
});

test('seed 40855: t52 ends in user:1, above init t9\'s user:0: born there from a helper of t2, handed to t9 at its exit', (t) => {
  t.is(planWithVariant(generateHistory(40855).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 40855, { initJoinHelpers: true }).ops as unknown as Op[];
  const x = helperFor(ops, 't52');
  t.true(x.born >= 0 && x.born < x.fork && x.fork < x.exit);
  t.is(ops[x.born].actor, 't2');
  t.is(x.reap.actor, 't2');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't52' && o.file === 'user'), 't52 is born in its final user ns');
});

for (const seed of [24488, 33775, 55581, 49955, 46603, 60669, 82343, 98648, 63552, 45805]) {
  test(`seed ${seed}: planned with an init-join helper`, (t) => {
    const ops = mustPlan(t, seed, { initJoinHelpers: true }).ops as unknown as Op[];
    t.true(ops.some((o) => o.op === 'clone' && /^ijh\d+$/.test(o.actor)));
  });
}
