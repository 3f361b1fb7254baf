/**
 * Re-plan variant ownBornBelow (planner/variants/born-below.ts): the component choices behind every
 * member born below its final user ns are banned at once, the first failure being an init whose
 * creator is outside its pid ns's owner (OWN-1) or several born-below members (SETNS-4).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { ownBornBelow: true } as const;
const opIndex = (ops: readonly { op: string }[], pred: (o: Record<string, unknown>) => boolean): number => ops.findIndex((o) => pred(o as Record<string, unknown>));

test('seed 82604: 5 is forked by its parent 4 in user:0, before 4 unshares user:1, and forks init 7 of pid:2 (owned by user:0) there', (t) => {
  // without the variant, 5 gets a reparent helper carried by zombie 44 of user:1 (OWN-1)
  const plain = planWithVariant(generateHistory(82604).image, {});
  t.is(plain.kind, 'undecided');
  t.regex(plain.kind === 'undecided' ? plain.reason : '', /init 7's creator t5 is in user:1/);
  const plan = mustPlan(t, 82604, V);
  const fork5 = opIndex(plan.ops, (o) => o.op === 'clone' && o.child === 't5');
  const fork7 = opIndex(plan.ops, (o) => o.op === 'clone' && o.child === 't7');
  const user4 = opIndex(plan.ops, (o) => o.op === 'unshare' && o.actor === 't4' && (o.flags as string[]).includes('CLONE_NEWUSER'));
  t.true(fork5 >= 0 && fork7 >= 0 && user4 >= 0);
  t.is((plan.ops[fork5] as { actor: string }).actor, 't4');
  t.true(fork5 < user4, '5 is born before its parent leaves user:0');
  t.is((plan.ops[fork7] as { actor: string }).actor, 't5');
  t.true(((plan.ops[fork7] as { flags: string[] }).flags).includes('CLONE_NEWPID'));
  // no helper stands between 5 and its parent
  t.false(plan.ops.some((o) => o.op === 'clone' && (o as { child: string }).child === 't5' && (o as { actor: string }).actor.startsWith('h')));
});

test('seed 70458: three members born below user:0 through the same carriers are re-planned at once', (t) => {
  const plain = planWithVariant(generateHistory(70458).image, {});
  t.is(plain.kind, 'undecided');
  mustPlan(t, 70458, V);
});

test('seeds 29941, 37359, 56117: planned with the variant', (t) => {
  for (const s of [29941, 37359, 56117]) mustPlan(t, s, V);
});
