/**
 * Re-plan variant zombieGroupSharers (planner/variants/zombie-group-sharer.ts): a zombie forks a sharer of
 * the fd table it stands for that must be born in a group, when that group is the zombie's own;
 * its dead-leader creator counts by the table its threads keep (FORK-4, PGID-2, EXIT-2, EXIT-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, shares: true, zombieShares: true, lateZombies: true } as const;
const V = { ...BASE, zombieGroupSharers: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);

test('seed 70679: dead leader 11 forks zombie 14 (group 2) with CLONE_FILES; 14 forks 33, born in group 2, with CLONE_FILES and exits', (t) => {
  const img = generateHistory(70679).image;
  const z = img.tasks.find((x) => x.pid[0] === 14)!;
  t.is(z.state, 'zombie');
  t.deepEqual(z.pgid, [2]);
  const p = mustPlan(t, 70679, V);
  const c14 = cloneAt(p, 't11', 't14');
  const c33 = cloneAt(p, 't14', 't33');
  t.true(c14 >= 0 && c33 > c14);
  t.true(ops(p)[c14].flags?.includes('CLONE_FILES') && ops(p)[c33].flags?.includes('CLONE_FILES'));
  t.true(ops(p).findIndex((o) => o.op === 'exit' && o.actor === 't14') > c33, '14 exits after forking 33, which reparents to init 6');
});

test('planImage gains seed 70679 (verified plan)', (t) => {
  mustPlan(t, 70679);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 70679)', (t) => {
  const img = generateHistory(70679).image;
  for (const v of [BASE, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
