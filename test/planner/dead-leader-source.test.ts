/**
 * Re-plan variant deadFsSources (planner/variants/dead-leader-source.ts, with shares and sourceShares): a
 * share-source helper forks a dead leader with CLONE_FS|CLONE_PARENT, holding the fs_struct its
 * threads keep, next to the live processes sharing it (FORK-3, FORK-4, EXIT-1).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, sourceShares: true, deadFsSources: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneOfChild = (p: Plan, child: string) => ops(p).find((o) => o.op === 'clone' && o.child === child);

test('seed 87590: one helper forks dead leader 5 (init of pid:1) and 71 with CLONE_FS|CLONE_PARENT; 5 then creates thread 11 with CLONE_FS', (t) => {
  const p = mustPlan(t, 87590, V);
  const c5 = cloneOfChild(p, 't5');
  const c71 = cloneOfChild(p, 't71');
  const c11 = cloneOfChild(p, 't11');
  t.truthy(c5 && c71 && c11);
  t.regex(c5!.actor ?? '', /^h\d+$/);
  t.is(c5!.actor, c71!.actor, 'the same source helper forks both');
  for (const c of [c5!, c71!]) t.true(c.flags?.includes('CLONE_FS') && c.flags?.includes('CLONE_PARENT'));
  t.is(c11!.actor, 't5');
  t.true(c11!.flags?.includes('CLONE_THREAD') && c11!.flags?.includes('CLONE_FS'));
});

test('planImage gains seed 87590 (verified plan)', (t) => {
  mustPlan(t, 87590);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 87590)', (t) => {
  const img = generateHistory(87590).image;
  for (const v of [{ moves: false, initStop: false, shares: true, sourceShares: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
