/**
 * planner/variants/maker-refusal.ts (re-plan variant makerRefusals, with emitChoices): a join refused to a
 * pid-ns maker is re-planned without the component choice behind its init, as emit-choices.ts does
 * for a refused task (SETNS-6, SETNS-7, OWN-2, SID-2). Without makerRefusals, emitChoices finds no
 * choice behind a maker and the seeds stay undecided.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { emitChoices: true as const, makerRefusals: true as const };

function answer(seed: number, v: object): string {
  const out = planWithVariant(generateHistory(seed).image, v);
  return out.kind === 'undecided' ? out.reason : out.kind;
}
const initClone = (ops: Op[], init: string) => ops.find((o) => o.op === 'clone' && o.child === init) as Extract<Op, { op: 'clone' }> | undefined;

// Seed 36598: init 4 (user:1, session 2) was handed to init 3 by a reparent helper whose carrier
// 14 sits in user:3: the helper's maker for 4 could not join cgroup:0. Without that choice, 3
// forks 4 itself with CLONE_NEWUSER before its setsid.
test('seed 36598: init 4 is created without the maker forked from user:3', (t) => {
  t.true(answer(36598, {}).startsWith('h7 must enter cgroup ns cgroup:0'), 'the first attempt refuses the maker its join');
  t.not(answer(36598, { emitChoices: true }), 'plan', 'emitChoices alone finds no choice behind the maker');
  const c = initClone(mustPlan(t, 36598, V).ops, 't4');
  t.is(c?.actor, 't3', '3 forks 4');
  t.true(c?.flags.includes('CLONE_NEWUSER') && c.flags.includes('CLONE_NEWPID'), 'with CLONE_NEWUSER and CLONE_NEWPID');
  t.is(planImage(generateHistory(36598).image).kind, 'plan', 'planImage plans it');
});

// Seed 37076: the maker of init 17, forked by zombie 7 from user:1, could not join time:0.
test('seed 37076: init 17 is forked by 4 with CLONE_NEWUSER, no maker needed', (t) => {
  t.true(answer(37076, {}).startsWith('h3 must enter time ns time:0'), 'the first attempt refuses the maker its join');
  t.not(answer(37076, { emitChoices: true }), 'plan', 'emitChoices alone finds no choice behind the maker');
  const c = initClone(mustPlan(t, 37076, V).ops, 't17');
  t.is(c?.actor, 't4', '4 forks 17');
  t.true(c?.flags.includes('CLONE_NEWUSER'), 'with CLONE_NEWUSER');
});
