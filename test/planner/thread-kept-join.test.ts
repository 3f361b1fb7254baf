/**
 * Re-plan variant threadKeptJoins (planner/variants/thread-kept-join.ts): a leader joins a uts,
 * ipc, net or cgroup ns owned within its final user ns after its switch, once its thread keeping
 * the older one exists (SETNS-4, SETNS-7, FORK-2, FORK-7, OWN-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: true, initStop: false } as const;
const V = { ...BASE, threadKeptJoins: true } as const;

type Op = Plan['ops'][number] & { actor?: string; file?: string };
const ops = (p: Plan) => p.ops as Op[];

test('seed 76678: 57 switches into user:1, creates its thread 64 (which keeps ipc:0), then joins ipc:1', (t) => {
  const img = generateHistory(76678).image;
  const task = (pid: number) => img.tasks.find((x) => x.pid[0] === pid)!;
  t.is(task(64).tgid, 57, '64 is a thread of 57');
  t.not(task(57).nsproxy, task(64).nsproxy, 'the thread keeps other namespaces than its leader');
  const p = mustPlan(t, 76678, V);
  const user = ops(p).findIndex((o) => o.op === 'setns' && o.actor === 't57' && o.file === 'user');
  const thread = p.ops.indexOf(cloneOf(p.ops, 't64')!);
  const ipc = ops(p).findIndex((o) => o.op === 'setns' && o.actor === 't57' && o.file === 'ipc');
  t.true(user >= 0 && thread > user && ipc > thread, 'switch, then the thread, then the ipc join');
  t.true(cloneOf(p.ops, 't64')!.flags.includes('CLONE_THREAD'));
});

test('planImage gains seed 76678 (verified plan)', (t) => {
  mustPlan(t, 76678);
});

test('without the flag the same attempt stops on SETNS-7 for thread 64 and the first attempt on SID-2 (seed 76678)', (t) => {
  const img = generateHistory(76678).image;
  const same = planWithVariant(img, BASE);
  t.is(same.kind, 'undecided');
  t.regex(same.kind === 'undecided' ? same.reason : '', /t64 must enter ipc ns ipc:0.*\(SETNS-7\)/);
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /task 57 must be born in session 3 with parent 46.*\(SID-2\)/);
});
