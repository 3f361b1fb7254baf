/**
 * Re-plan variant lateKidCaps (planner/variants/late-kid-caps.ts): a child created late that makes a
 * namespace is forked before its creator's execve drops the capabilities it inherits at fork
 * (cap_bprm_creds_from_file, FORK-1, UNSH-4, OWN-3). Pinned on seed 28122 with zombieSwitchMnt,
 * which makes the first attempt reach that child.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, zombieShares: true, zombieSwitchMnt: true, lateKidCaps: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];

test('seed 28122: 13 forks 20, which unshares mnt:1, before its own execve in user:1 (no uid 0 mapped)', (t) => {
  const p = mustPlan(t, 28122, V);
  const c20 = ops(p).findIndex((o) => o.op === 'clone' && o.actor === 't13' && o.child === 't20');
  const ex = ops(p).findIndex((o) => o.op === 'execve' && o.actor === 't13');
  const mk = ops(p).findIndex((o) => o.op === 'unshare' && o.actor === 't20' && (o.flags ?? []).includes('CLONE_NEWNS'));
  t.true(c20 >= 0 && ex > c20, '20 is forked while 13 still has its capabilities');
  t.true(mk > c20);
});

test('without lateKidCaps, 20 is forked after 13 execve and cannot make its mount ns (seed 28122)', (t) => {
  const out = planWithVariant(generateHistory(28122).image, { moves: false, initStop: false, shares: true, zombieShares: true, zombieSwitchMnt: true });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t20 must create mnt ns mnt:1 but lost its capabilities at execve/);
});
