/**
 * planner/variants/ghost-forked-group.ts (re-plan variant ghostForkedGroups): a dead leader's group ghost
 * forked by its session's ghost into a pid ns below it where no task of the session lives
 * (SETNS-5, FORK-9, PGID-3).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { ghostForkedGroups: true as const };

// Seed 20888: group 10 ([10, 4]) was led from pid:0 (level 1); every member of session 2 lives
// at level 2 or deeper and session 2's leader is dead. Session 2's ghost points its
// pid_for_children at pid:0 and forks group 10's ghost there with set_tid [4, 10].
test('seed 20888: session 2 ghost forks group 10 ghost into pid:0', (t) => {
  const ops = mustPlan(t, 20888, VARIANT).ops;
  const sg = ops.find((o) => o.op === 'clone' && o.actor === 'root' && o.setTid?.length === 1 && o.setTid[0] === 2);
  t.truthy(sg, 'the restorer forks session 2 ghost');
  const gg = ops.findIndex((o) => o.op === 'clone' && sg !== undefined && sg.op === 'clone' && o.actor === sg.child && JSON.stringify(o.setTid) === '[4,10]');
  t.true(gg >= 0, 'session 2 ghost forks a task with pid 10 (4 in pid:0)');
  const pfc = ops.findIndex((o) => o.op === 'setns' && sg !== undefined && sg.op === 'clone' && o.actor === sg.child && o.file === 'pid');
  t.true(pfc >= 0 && pfc < gg, 'it points its pid_for_children at pid:0 first');
});

test('seed 20888: planned by planImage, undecided without the variant', (t) => {
  mustPlan(t, 20888);
  t.is(planWithVariant(generateHistory(20888).image, {}).kind, 'undecided');
});
