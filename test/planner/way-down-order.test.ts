/**
 * Re-plan variant wayDownOrder (planner/variants/way-down-order.ts), with initsOnTheWay: a pid-ns init
 * forked by its creator on its way down through the pid ns's owner U, with U made before the
 * creator enters it and the creator's privileged creations done before it leaves its born user
 * ns (OWN-1, SETNS-4, FORK-9, UNSH-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, initsOnTheWay: true, wayDownOrder: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const userJoinsOf = (p: Plan, actor: string) => ops(p).flatMap((o, i) => (o.op === 'setns' && o.actor === actor && o.file === 'user' ? [i] : []));

test('seed 16719: 24 enters user:1 once it exists, forks its init 60 there with CLONE_NEWPID|CLONE_FILES, then makes user:2', (t) => {
  const p = mustPlan(t, 16719, V);
  const c60 = cloneAt(p, 't24', 't60');
  t.true(c60 >= 0);
  t.true(ops(p)[c60].flags?.includes('CLONE_NEWPID') && ops(p)[c60].flags?.includes('CLONE_FILES'));
  const enter = userJoinsOf(p, 't24');
  t.true(enter.length > 0 && enter[0] < c60, '24 enters the pid ns owner before forking the init');
  const mk = ops(p).findIndex((o) => o.op === 'unshare' && o.actor === 't24' && (o.flags ?? []).includes('CLONE_NEWUSER'));
  t.true(mk > c60, '24 makes its own user ns after forking the init');
});

test('seed 73163: 6 forks 377 while still in its born user ns, then enters user:3 and forks its init 354', (t) => {
  const p = mustPlan(t, 73163, V);
  const c377 = cloneAt(p, 't6', 't377');
  const c354 = cloneAt(p, 't6', 't354');
  const enter = userJoinsOf(p, 't6');
  t.true(c377 >= 0 && enter.length > 0 && c354 > enter[0]);
  t.true(c377 < enter[0], '377 (which must join mnt:3, owned by user:0) is forked before 6 leaves user:0');
  t.true(ops(p)[c354].flags?.includes('CLONE_NEWPID') && ops(p)[c354].flags?.includes('CLONE_FILES'));
});

test('planImage gains seeds 16719, 60776, 73163, 98240 (verified plans)', (t) => {
  for (const s of [16719, 60776, 73163, 98240]) {
    mustPlan(t, s);
  }
});

test('without wayDownOrder, initsOnTheWay alone and the first attempt stay undecided (seeds 16719, 73163)', (t) => {
  for (const s of [16719, 73163]) {
    const img = generateHistory(s).image;
    t.is(planWithVariant(img, { moves: false, initStop: false, initsOnTheWay: true }).kind, 'undecided', `seed ${s} initsOnTheWay`);
    const first = planWithVariant(img, { moves: false, initStop: false });
    t.is(first.kind, 'undecided', `seed ${s} first`);
    t.regex(first.kind === 'undecided' ? first.reason : '', /\(OWN-1\)$/);
  }
});
