/**
 * Generated (reachable) images where a task whose pid_for_children is its own pid ns, owned out of
 * reach of its final user ns, creates a child in another pid ns only after its user-ns switch
 * (planner/ordering/pfc-helper.ts, re-plan variant `pfcHelpers`): formerly undecided on the cycle "create
 * X" -> "T points pid_for_children ... while privileged" -> "T enters user ns" -> "create X".
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; flags?: string[]; file?: string };
const VARIANT = { pfcHelpers: true } as const;

test('seed 72503: a helper of 3 forks 4 into pid:2 with CLONE_PARENT; 3 never moves its own pid_for_children', (t) => {
  t.is(planWithVariant(generateHistory(72503).image, {}).kind, 'undecided');
  const plan = mustPlan(t, 72503, VARIANT);
  const ops = plan.ops as unknown as Op[];
  const birth = ops.find((o) => o.op === 'clone' && o.child === 't4');
  t.truthy(birth);
  t.true(birth!.actor.startsWith('h') && birth!.flags!.includes('CLONE_PARENT'));
  t.true(ops.some((o) => o.op === 'clone' && o.actor === 't3' && o.child === birth!.actor));
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't3' && o.file === 'pid_for_children'));
});

test('seed 37191: a zombie 2 created with CLONE_PARENT comes from a helper 2 forks with CLONE_PARENT too', (t) => {
  const ops = mustPlan(t, 37191, VARIANT).ops as unknown as Op[];
  const birth = ops.find((o) => o.op === 'clone' && o.child === 't18');
  t.true(birth !== undefined && birth.actor.startsWith('h') && birth.flags!.includes('CLONE_PARENT'));
  const helper = ops.find((o) => o.op === 'clone' && o.child === birth!.actor);
  t.true(helper !== undefined && helper.actor === 't2' && helper.flags!.includes('CLONE_PARENT'));
});

test('seed 76777: the child forked before its parent\'s setsid has its helper forked then; planImage finds the plan', (t) => {
  mustPlan(t, 76777, VARIANT);
  t.is(planImage(generateHistory(76777).image).kind, 'plan');
});

test('seed 13692: 29 keeps 6\'s original namespaces: 6 forks its helper while privileged, the helper forks 29 once pid:1 has its init', (t) => {
  const ops = mustPlan(t, 13692, VARIANT).ops as unknown as Op[];
  const birth = ops.findIndex((o) => o.op === 'clone' && o.child === 't29');
  t.true(birth >= 0 && ops[birth].actor.startsWith('h') && ops[birth].flags!.includes('CLONE_PARENT'));
  const helper = ops.findIndex((o) => o.op === 'clone' && o.child === ops[birth].actor);
  const init = ops.findIndex((o) => o.op === 'clone' && o.child === 't17');
  const sw = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't6' && o.flags!.includes('CLONE_NEWUSER'));
  t.true(helper >= 0 && ops[helper].actor === 't6' && helper < sw && sw < init && init < birth);
});

test('seed 58132 (variant unshareInits): an init that is a dead leader shares its creator\'s fs_struct through its thread; the creator unshares its pid ns before its switch', (t) => {
  const ops = mustPlan(t, 58132, { unshareInits: true }).ops as unknown as Op[];
  const uns = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't3' && o.flags!.includes('CLONE_NEWPID'));
  const birth = ops.findIndex((o) => o.op === 'clone' && o.child === 't4');
  t.true(uns >= 0 && uns < birth && !ops[birth].flags!.includes('CLONE_NEWPID'));
});
