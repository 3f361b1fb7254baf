/**
 * Re-plan variant zombiePreSwitchNs (planner/variants/zombie-pre-switch-ns.ts), with shares,
 * zombieShares, unshareInits and zombieJoins: the zombie ending in its CLONE_FS children's user ns
 * stands for their fs_struct, and makes or enters their pid and time namespaces before its user-ns
 * switch (OWN-1, SETNS-4, SETNS-6, UNSH-5, PID-8, FORK-4, FORK-8).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, shares: true, zombieShares: true, unshareInits: true, zombieJoins: true } as const;
const V = { ...BASE, zombiePreSwitchNs: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, f: (o: Op) => boolean) => ops(p).findIndex(f);

test('seed 15949: zombie 4 enters time:2 and unshares pid:3 in user:0, then unshares user:1 and forks 44, 47 with CLONE_FS', (t) => {
  const p = mustPlan(t, 15949, V);
  const time = at(p, (o) => o.op === 'setns' && o.actor === 't4' && (o.file === 'time' || o.file === 'time_for_children'));
  const pid = at(p, (o) => o.op === 'unshare' && o.actor === 't4' && (o.flags ?? []).includes('CLONE_NEWPID'));
  const user = at(p, (o) => o.op === 'unshare' && o.actor === 't4' && (o.flags ?? []).includes('CLONE_NEWUSER'));
  const c44 = at(p, (o) => o.op === 'clone' && o.actor === 't4' && o.child === 't44');
  const c47 = at(p, (o) => o.op === 'clone' && o.actor === 't4' && o.child === 't47');
  t.true(time >= 0 && pid >= 0 && time < user && pid < user, 'pid:3 and time:2 (owned by user:0) before the switch');
  t.true(c44 > user && c47 > user, 'the CLONE_FS children after the switch, born in user:1');
  t.true(ops(p)[c44].flags?.includes('CLONE_FS') && !ops(p)[c44].flags?.includes('CLONE_NEWPID'), '44 is born init of the unshared pid:3');
  t.true(ops(p)[c47].flags?.includes('CLONE_FS'));
});

test('planImage gains seed 15949 (verified plan)', (t) => {
  mustPlan(t, 15949);
});

test('without zombiePreSwitchNs the same attempt and the first attempt stay undecided (seed 15949)', (t) => {
  const img = generateHistory(15949).image;
  const same = planWithVariant(img, BASE);
  t.is(same.kind, 'undecided');
  t.regex(same.kind === 'undecided' ? same.reason : '', /t44 must enter user ns user:1 but shares its fs_struct/);
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /shares its fs_struct with other threads \(SETNS-3\)/);
});
