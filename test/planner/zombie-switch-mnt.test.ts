/**
 * Re-plan variant zombieSwitchMnt (planner/variants/zombie-switch-mnt.ts), with shares, zombieShares and
 * lateKidCaps: a zombie first holder of an fs_struct makes its CLONE_FS children's mount ns after
 * its switch into the user ns that owns it, then forks them (OWN-1, UNSH-3, UNSH-1, SETNS-3).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, zombieShares: true, zombieSwitchMnt: true, lateKidCaps: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const unshareAt = (p: Plan, actor: string, flag: string) => ops(p).findIndex((o) => o.op === 'unshare' && o.actor === actor && (o.flags ?? []).includes(flag));

test('seed 28122: zombie 3 makes user:1, then mnt:0 inside it, then forks 8 and 12 with CLONE_FS', (t) => {
  const p = mustPlan(t, 28122, V);
  const user = unshareAt(p, 't3', 'CLONE_NEWUSER');
  const mnt = unshareAt(p, 't3', 'CLONE_NEWNS');
  const c8 = cloneAt(p, 't3', 't8');
  const c12 = cloneAt(p, 't3', 't12');
  t.true(user >= 0 && mnt > user, '3 makes mnt:0 after its switch into user:1, which owns it');
  t.true(c8 > mnt && c12 > mnt);
  t.true(ops(p)[c8].flags?.includes('CLONE_FS') && ops(p)[c12].flags?.includes('CLONE_FS'));
  t.is(ops(p).filter((o) => o.op === 'unshare' && (o.actor === 't8' || o.actor === 't12') && (o.flags ?? []).includes('CLONE_NEWNS')).length, 0, 'no sharer makes it');
});

test('planImage gains seed 28122 (verified plan)', (t) => {
  mustPlan(t, 28122);
});

test('without zombieSwitchMnt the same attempt and the first attempt stay undecided on SETNS-3 (seed 28122)', (t) => {
  const img = generateHistory(28122).image;
  for (const v of [{ moves: false, initStop: false, shares: true, zombieShares: true, lateKidCaps: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /t8 must join mount ns mnt:0 but shares its fs_struct with other threads \(SETNS-3\)/);
  }
});
