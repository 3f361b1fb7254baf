/**
 * planner/variants/threads-before-away-pfc.ts (re-plan variant threadsBeforeAwayPfc): a leader's
 * thread is created before the child it forks into another pid ns after its switch, whose
 * pid_for_children it cannot point back (SETNS-5, SETNS-4).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 15454: 4 enters user:0 (its pid ns pid:0 owned by the environment's user:8), forks thread
// 6, then points pid_for_children at pid:1 and forks 39 there.
test('seed 15454: thread 6 comes between 4 entering user:0 and its setns into pid:1', (t) => {
  const out = planWithVariant(generateHistory(15454).image, {});
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t4 needs pid_for_children pid:0 but has no CAP_SYS_ADMIN/);
  const ops = mustPlan(t, 15454, { threadsBeforeAwayPfc: true }).ops;
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't4' && o.file === 'user');
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't6');
  const pid = at(ops, (o) => o.op === 'setns' && o.actor === 't4' && o.file === 'pid');
  const child = at(ops, (o) => o.op === 'clone' && o.child === 't39');
  t.true(user < thread && thread < pid && pid < child, 'switch, thread, pid_for_children away, child');
});
