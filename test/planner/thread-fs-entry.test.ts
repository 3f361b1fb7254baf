/**
 * Re-plan variant threadFsEntries (planner/variants/thread-fs-entry.ts): a zombie first holder of the
 * fs_struct that a process's thread keeps after the process's leader took its own copy.
 * Generated state 26 of 40 ops (test/planner/generated.test.ts): zombie 3 forked 5 (through a
 * thread since gone) and 30 with CLONE_FS; 5's thread 6 keeps that fs_struct (fs:1), and 5
 * copied its own (fs:0). The first attempt has the restorer fork 5 and stops on FORK-4.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';

const img = () => generateHistory(26, { ops: 40 }).image;
const V = { moves: false, initStop: false, shares: true, zombieShares: true, threadFsEntries: true } as const;

test('seed 26 (40 ops): zombie 3 forks 5 and 30 with CLONE_FS; 5 creates thread 6, then copies its own fs_struct', (t) => {
  const out = planWithVariant(img(), V);
  t.is(out.kind, 'plan');
  if (out.kind !== 'plan') return;
  const plan: Plan = out.plan;
  t.true(plan.summary.verified);
  const ops = plan.ops;
  const c5 = cloneOf(ops, 't5');
  const c30 = cloneOf(ops, 't30');
  t.is(c5?.actor, 't3');
  t.is(c30?.actor, 't3');
  t.true(c5?.flags.includes('CLONE_FS') && c30?.flags.includes('CLONE_FS'), 'both share the zombie\'s fs_struct');
  const th6 = ops.findIndex((o) => o.op === 'clone' && o.child === 't6');
  const copy = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't5' && o.flags.includes('CLONE_FS'));
  t.true(th6 >= 0 && copy > th6, 'thread 6 is created before 5 copies its own fs_struct');
});

test('planImage gains seed 26 (40 ops) through the SHR_VARIANTS', (t) => {
  const out = planImage(img());
  t.is(out.kind, 'plan');
  if (out.kind === 'plan') t.true(out.plan.summary.verified);
});

test('without the flag the same attempt stops on FORK-4', (t) => {
  const { threadFsEntries: _, ...without } = V;
  const out = planWithVariant(img(), without);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /share fs fs:1.*\(FORK-4\)/);
});
