/**
 * Re-plan variant bornSources (planner/variants/born-source.ts): a share-source helper also for
 * processes that must be born in their parent's session and group, which the helper has when that
 * parent leads both (FORK-3, FORK-4, FORK-6, SID-1, SID-2, PGID-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, sourceShares: true } as const;
const V = { ...BASE, bornSources: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneOf = (p: Plan, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.child === child);
const opAt = (p: Plan, op: string, actor: string) => ops(p).findIndex((o) => o.op === op && o.actor === actor);

test('seed 84495: 3 forks a helper after its setsid, which forks 13 (an init) and 18 with CLONE_FS|CLONE_PARENT; 13 forks 29 in group 3 before its setsid', (t) => {
  const img = generateHistory(84495).image;
  const task = (n: number) => img.tasks.find((x) => x.pid[0] === n)!;
  t.is(task(13).fs, task(18).fs);
  t.true(task(13).ppid === 3 && task(18).ppid === 3 && task(3).fs !== task(13).fs);
  const p = mustPlan(t, 84495, V);
  const c13 = cloneOf(p, 't13');
  const c18 = cloneOf(p, 't18');
  t.true(c13 >= 0 && c18 > c13, 'the init 13 first, then 18 in its pid ns');
  const h = ops(p)[c13].actor!;
  t.regex(h, /^h\d+$/, 'a helper creates 13');
  t.is(ops(p)[c18].actor, h, 'the same helper creates 18');
  for (const c of [c13, c18]) t.true(['CLONE_FS', 'CLONE_PARENT'].every((x) => ops(p)[c].flags?.includes(x)));
  t.true(ops(p)[c13].flags?.includes('CLONE_NEWPID'));
  const ch = cloneOf(p, h);
  t.is(ops(p)[ch].actor, 't3');
  t.true(opAt(p, 'setsid', 't3') < ch, '3 forks the helper after its setsid, so the helper is in session 3 and group 3');
  const c29 = cloneOf(p, 't29');
  t.true(ops(p)[c29].actor === 't13' && c13 < c29 && c29 < opAt(p, 'setsid', 't13'), '13 forks 29 in session 3 and group 3, before its own setsid');
  t.true(opAt(p, 'exit', h) > c18);
});

test('planImage gains seed 84495 (verified plan)', (t) => {
  mustPlan(t, 84495);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 84495)', (t) => {
  const img = generateHistory(84495).image;
  for (const v of [BASE, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
