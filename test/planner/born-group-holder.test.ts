/**
 * Re-plan variant bornGroupHolders (planner/variants/born-group-holder.ts): a zombie first holder
 * that must be born in a session and group is forked by a session leader born in that group,
 * before that leader's setsid (FORK-4, FORK-6, SID-2, PGID-2, PID-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, bornCreators: true, shares: true } as const;
const V = { ...BASE, bornGroupHolders: true } as const;

type Op = Plan['ops'][number] & { actor?: string };
const ops = (p: Plan) => p.ops as Op[];
const setsidAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'setsid' && o.actor === actor);

test('seed 57340: 10, born in session 2 and group 2, forks zombie 16 before its setsid; 16 forks 21 with CLONE_FILES, calls setsid, forks 46 with CLONE_FILES', (t) => {
  const img = generateHistory(57340).image;
  const z = img.tasks.find((x) => x.pid[0] === 16)!;
  t.is(z.state, 'zombie');
  t.is(img.tasks.find((x) => x.pid[0] === 21)!.files, img.tasks.find((x) => x.pid[0] === 46)!.files);
  const p = mustPlan(t, 57340, V);
  const c16 = cloneOf(p.ops, 't16')!;
  const c21 = cloneOf(p.ops, 't21')!;
  const c46 = cloneOf(p.ops, 't46')!;
  t.is(c16.actor, 't10');
  t.true(p.ops.indexOf(c16) < setsidAt(p, 't10'), '10 forks 16 while still in session 2 and group 2');
  t.is(c21.actor, 't16');
  t.is(c46.actor, 't16');
  t.true(c21.flags.includes('CLONE_FILES') && c46.flags.includes('CLONE_FILES'));
  t.true(p.ops.indexOf(c21) < setsidAt(p, 't16') && setsidAt(p, 't16') < p.ops.indexOf(c46), '21 before 16\'s setsid, 46 after it');
});

test('planImage gains seed 57340 (verified plan)', (t) => {
  mustPlan(t, 57340);
});

test('without the flag the same attempt stops on FORK-4 and the first attempt on PID-3 (seed 57340)', (t) => {
  const img = generateHistory(57340).image;
  const same = planWithVariant(img, BASE);
  t.is(same.kind, 'undecided');
  t.regex(same.kind === 'undecided' ? same.reason : '', /tasks 21, 46 share files files:11.*\(FORK-4\)/);
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /group 9's leader is dead.*\(PID-3\)/);
});
