/**
 * planner/variants/last-thread-leader.ts (re-plan variant lastThreadLeaders; index.ts CYCLE_VARIANTS):
 * a dead leader planned as its last live thread rather than its first (its namespaces and its
 * fd table, fs_struct and mm). The seed's first attempt stops on the cycle "37 joins its
 * namespaces -> 37 enters user:2 (SETNS-4) -> create thread 62 -> 37 joins its namespaces" and
 * stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { THREAD_KEEPS_BEFORE_SWITCH } from '../../planner/variants/last-thread-leader.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
type Clone = Extract<Op, { op: 'clone' }>;

// Seed 75255: dead leader 37 with threads 57 (mnt:4, net:6, owned by user:2) and 62 (mnt:1, net:4).
test('seed 75255: 37 planned as thread 62 joins its mount ns before its switch, creates 62 sharing its fs_struct, and 57 joins its own', (t) => {
  const first = planWithVariant(generateHistory(75255).image, {});
  t.true(first.kind === 'undecided' && THREAD_KEEPS_BEFORE_SWITCH.test(first.reason), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 75255, { lastThreadLeaders: true }).ops;
  const mnt = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'mnt');
  const sw = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user');
  const t62 = at(ops, (o) => o.op === 'clone' && o.child === 't62');
  const t57 = at(ops, (o) => o.op === 'clone' && o.child === 't57');
  const own = at(ops, (o) => o.op === 'setns' && o.actor === 't57' && o.file === 'mnt');
  t.true(mnt >= 0 && mnt < sw, '37 joins its (62\'s) mount ns while still privileged');
  t.true(sw < t62 && sw < t57, 'both threads come after the single-threaded switch');
  t.true((ops[t62] as Clone).flags.includes('CLONE_FS'), '62 shares the leader\'s fs_struct');
  t.false((ops[t57] as Clone).flags.includes('CLONE_FS'), '57 has its own fs_struct');
  t.true(own > t57, '57 joins its own mount ns itself');
});
