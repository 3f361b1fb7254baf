/**
 * Re-plan variant deadLeaderMntRelays (planner/variants/dead-leader-mnt-relay.ts): a dead leader
 * that makes its mount ns relays the fs_struct its creator passed on: it forks its CLONE_FS child
 * ending in the creator's mount ns before its unshare(CLONE_NEWNS) (FORK-4, UNSH-1, SETNS-3).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, deadLeaderMntRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];

test('seed 73120: dead leader 19, born sharing fs:0, forks 82 with CLONE_FS before it unshares mnt:5', (t) => {
  const p = mustPlan(t, 73120, V);
  const born = ops(p).findIndex((o) => o.op === 'clone' && o.child === 't19');
  const c82 = ops(p).findIndex((o) => o.op === 'clone' && o.actor === 't19' && o.child === 't82');
  const mnt = ops(p).findIndex((o) => o.op === 'unshare' && o.actor === 't19' && (o.flags ?? []).includes('CLONE_NEWNS'));
  t.true(ops(p)[born].flags?.includes('CLONE_FS'), '19 is born sharing its creator\'s fs_struct');
  t.true(c82 >= 0 && mnt > c82, '82 is forked before the unshare copies 19\'s fs_struct');
  t.true(ops(p)[c82].flags?.includes('CLONE_FS'));
  t.false(ops(p).some((o) => o.op === 'setns' && o.actor === 't82' && (o as { file?: string }).file === 'mnt'), '82 is born in mnt:0');
});

test('planImage gains seed 73120 (verified plan)', (t) => {
  mustPlan(t, 73120);
});

test('without deadLeaderMntRelays seed 73120 stays undecided on SETNS-3', (t) => {
  const out = planWithVariant(generateHistory(73120).image, { moves: false, initStop: false });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t82 must join mount ns mnt:0 but shares its fs_struct with other threads \(SETNS-3\)/);
});
