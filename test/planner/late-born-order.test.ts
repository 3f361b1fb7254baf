/**
 * planner/variants/late-born-order.ts (re-plan variant lateBornAnyOrder): a leader's interim joins
 * also for a child it forks with CLONE_PARENT that the process walk meets before it (SETNS-7, UNSH-4).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 34846: 40 forks its sibling 32 with CLONE_PARENT|CLONE_FS after entering user:7; 32 needs
// ipc:1 (owned by user:0), 40 makes ipc:2. 40 joins ipc:1 before its switch, unshares ipc:2 after 32.
test('seed 34846: 40 joins ipc:1 for 32 before its switch and makes ipc:2 after forking it', (t) => {
  const out = planWithVariant(generateHistory(34846).image, {});
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t32 must enter ipc ns ipc:1 .* no rights over/);
  const ops = mustPlan(t, 34846, { lateBornAnyOrder: true }).ops;
  const ipc = at(ops, (o) => o.op === 'setns' && o.actor === 't40' && o.file === 'ipc');
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't40' && o.file === 'user');
  const child = at(ops, (o) => o.op === 'clone' && o.child === 't32');
  const own = at(ops, (o) => o.op === 'unshare' && o.actor === 't40' && o.flags.includes('CLONE_NEWIPC'));
  t.true(ipc >= 0 && ipc < user && user < child && child < own, 'interim join, switch, child, own ipc ns');
  t.is(at(ops, (o) => o.op === 'setns' && o.actor === 't32' && o.file === 'ipc'), -1, '32 inherits ipc:1');
});
