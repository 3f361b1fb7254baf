/**
 * Re-plan variant filesMakers (planner/variants/files-maker.ts): a pid-ns maker forked with CLONE_FILES
 * carries its creator's fd table to an init sharing only that: it enters the pid ns's owner and
 * clones the init with CLONE_PARENT|CLONE_NEWPID|CLONE_FILES (OWN-1, FORK-4, SETNS-4, FORK-3).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, filesMakers: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];

test('seed 56231: 13 forks a maker with CLONE_FILES, which enters user:3 and clones the init 35 sharing files:2', (t) => {
  const p = mustPlan(t, 56231, V);
  const c35 = ops(p).findIndex((o) => o.op === 'clone' && o.child === 't35');
  t.true(c35 >= 0);
  const mk = ops(p)[c35].actor!;
  t.regex(mk, /^h\d+$/, 'a helper clones the init');
  const fork = ops(p).findIndex((o) => o.op === 'clone' && o.child === mk);
  t.is(ops(p)[fork].actor, 't13');
  t.true(ops(p)[fork].flags?.includes('CLONE_FILES'), 'the maker shares 13\'s fd table');
  const enter = ops(p).findIndex((o) => o.op === 'setns' && o.actor === mk && o.file === 'user');
  t.true(enter > fork && c35 > enter, 'the maker enters the owner before cloning the init');
  for (const fl of ['CLONE_PARENT', 'CLONE_NEWPID', 'CLONE_FILES']) t.true(ops(p)[c35].flags?.includes(fl), fl);
});

test('planImage gains seed 56231 (verified plan)', (t) => {
  mustPlan(t, 56231);
});

test('without filesMakers the first attempt stays undecided on OWN-1 (seed 56231), and so does wayDownOrder', (t) => {
  const img = generateHistory(56231).image;
  for (const v of [{ moves: false, initStop: false }, { moves: false, initStop: false, initsOnTheWay: true, wayDownOrder: true }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /\(OWN-1\)$/);
  }
});
