/**
 * planner/variants/thread-interim-joins.ts (re-plan variant threadInterimJoins, with
 * threadedLeaderJoins): a leader joins, before its user-ns switch, the namespace a thread it forks
 * before its joins inside its user ns keeps, so the thread inherits it (SETNS-4, SETNS-7, FORK-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const joins = (ops: Op[], actor: string, file: string): number[] => ops.flatMap((o, i) => (o.op === 'setns' && o.actor === actor && o.file === file ? [i] : []));

// Seed 79013: thread 35 keeps ipc:0 (owned by user:0); its leader 21, born in ipc:1 (its creator
// 6's), ends in user:1 and ipc:2. 21 joins ipc:0 before entering user:1, forks 35, joins ipc:2 last.
test('seed 79013: leader 21 joins ipc:0 before its switch, forks thread 35, then joins ipc:2', (t) => {
  const out = planWithVariant(generateHistory(79013).image, { threadedLeaderJoins: true });
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t35 must enter ipc ns ipc:0 .* no rights over/);
  const ops = mustPlan(t, 79013, { threadedLeaderJoins: true, threadInterimJoins: true }).ops;
  const ipc = joins(ops, 't21', 'ipc');
  const user = joins(ops, 't21', 'user')[0];
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't35');
  t.is(ipc.length, 2, '21 joins ipc twice: the interim ipc:0, then its own ipc:2');
  t.true(ipc[0] < user && user < thread && thread < ipc[1], 'interim join, switch, thread, final join');
  t.is(joins(ops, 't35', 'ipc').length, 0, '35 keeps ipc:0 from its clone');
});
