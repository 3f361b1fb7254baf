/**
 * planner/variants/late-ghost-forker.ts (re-plan variant lateGhostForkers): a group ghost forked by a
 * subreaper of its session before that subreaper sets its flag, so the members it forks go past
 * it at its exit (EXIT-2, EXIT-3, PGID-2).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { lateGhostForkers: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 45472: 16 (init of pid:1, group 12, parent the restorer) cannot see group 12; 5, session
// 5's leader and a subreaper, is the only task of session 5 in the restorer's pid ns.
test('seed 45472: 5 forks group 12 ghost, which forks 16 and exits before 5 becomes a subreaper', (t) => {
  const ops = mustPlan(t, 45472, VARIANT).ops;
  const ghost = ops.find((o) => o.op === 'clone' && o.actor === 't5' && o.child.startsWith('h'));
  const name = ghost && ghost.op === 'clone' ? ghost.child : '';
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === name && o.child === 't16');
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === name);
  const flag = at(ops, (o) => o.op === 'subreaper' && o.actor === 't5');
  t.true(name !== '' && fork >= 0 && fork < exit && exit < flag, 'the ghost forks 16 and exits before 5 sets its flag');
});

test('seed 45472: planned by planImage, undecided without the variant', (t) => {
  mustPlan(t, 45472);
  t.is(planWithVariant(generateHistory(45472).image, {}).kind, 'undecided');
});
