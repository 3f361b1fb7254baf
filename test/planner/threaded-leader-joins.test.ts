/**
 * planner/variants/threaded-leader-joins.ts (re-plan variant threadedLeaderJoins): a leader with threads
 * joins its mount and time ns before its user-ns switch, so a thread keeping its older namespace
 * of a per-thread kind comes between its switch and its late joins (SETNS-6, SETNS-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const join = (ops: Op[], actor: string, file: string): number => at(ops, (o) => o.op === 'setns' && o.actor === actor && o.file === file);

// Seed 90371: thread 129 keeps ipc:0 (owned by user:0); its leader 110 ends in user:1 and joins
// ipc:1 from there. 110 joins its time ns before its switch, forks 129 after it, joins ipc:1 last.
test('seed 90371: leader 110 joins its time ns early and forks thread 129 before joining ipc:1', (t) => {
  const out = planWithVariant(generateHistory(90371).image, {});
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t129 must enter ipc ns ipc:0 .* no rights over/);
  const ops = mustPlan(t, 90371, { threadedLeaderJoins: true }).ops;
  const time = join(ops, 't110', 'time');
  const user = join(ops, 't110', 'user');
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't129');
  const ipc = join(ops, 't110', 'ipc');
  t.true(time >= 0 && time < user, '110 joins its time ns before its switch');
  t.true(user < thread && thread < ipc, 'thread 129 is created after the switch and before the ipc join');
  t.is(join(ops, 't129', 'ipc'), -1, '129 keeps ipc:0 from birth');
});
