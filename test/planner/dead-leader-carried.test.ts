/**
 * Re-plan variant deadCarried (planner/variants/dead-leader-carried.ts, SHR_VARIANTS with shares and
 * keptStandIns): a dead leader that passed an fs_struct on to a child is carried to it by a
 * reparent helper of a live holder (share-carriers.ts; FORK-4, EXIT-1, EXIT-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, keptStandIns: true, deadCarried: true } as const;

test('seed 61452: 3 forks a helper with CLONE_FS, which forks dead leader 9 with it; 9 forks 349 with CLONE_FS, thread 28 without', (t) => {
  const p = mustPlan(t, 61452, V);
  const c9 = cloneOf(p.ops, 't9');
  t.truthy(c9);
  const h = c9!.actor;
  t.true(h.startsWith('h') && c9!.flags.includes('CLONE_FS'));
  const ch = cloneOf(p.ops, h);
  t.is(ch?.actor, 't3');
  t.true(ch!.flags.includes('CLONE_FS'));
  t.is(p.helpers.find((x) => x.name === h)?.role, 'reparent-helper');
  const c349 = cloneOf(p.ops, 't349');
  t.is(c349?.actor, 't9');
  t.true(c349!.flags.includes('CLONE_FS'));
  t.false(cloneOf(p.ops, 't28')!.flags.includes('CLONE_FS'), 'thread 28 takes its own copy');
  const exit9 = p.ops.findIndex((o) => o.op === 'exit' && o.actor === 't9');
  t.true(exit9 > p.ops.indexOf(c349!), 'the leader exits after forking 349');
});

test('planImage gains seed 61452 (a verified plan)', (t) => {
  mustPlan(t, 61452);
});

test('without the flag seed 61452 stays undecided on FORK-4', (t) => {
  const img = generateHistory(61452).image;
  for (const v of [{ moves: false, initStop: false, shares: true, keptStandIns: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
