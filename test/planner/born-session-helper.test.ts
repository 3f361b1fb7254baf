/**
 * planner/variants/born-session-helper.ts (re-plan variant bornSessionHelpers; index.ts CYCLE_VARIANTS): a
 * child kept in its creator's session from before the creator's setsid, born in a pid ns whose
 * init the creator forks only after that setsid, is forked by a helper the creator forks before
 * its setsid (in the old session for good, SID-2), once the init exists, with CLONE_PARENT
 * (FORK-3, SETNS-5, FORK-9). The seed's first attempt stopped on the cycle "create X -> T creates
 * session T -> create init -> create X" and stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { bornSessionHelpers: true as const };
const CYCLE = 'the ordering constraints form a cycle';
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 69056: 6 (init of pid:2) forks 69 into pid:3 in session 4, its session before its setsid,
// and init 11 of pid:3 in its new session 6. Its helper, forked before the setsid, forks 69.
test('seed 69056: 69 is forked in session 4 by a helper 6 forked before its setsid, after init 11', (t) => {
  const first = planWithVariant(generateHistory(69056).image, {});
  t.true(first.kind === 'undecided' && first.reason.startsWith(CYCLE) && first.reason.includes('keeps the old session (SID-2)'), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 69056, V).ops;
  const helper = at(ops, (o) => o.op === 'clone' && o.actor === 't6' && o.child.startsWith('h'));
  const h = helper >= 0 ? (ops[helper] as Extract<Op, { op: 'clone' }>).child : '';
  const setsid = at(ops, (o) => o.op === 'setsid' && o.actor === 't6');
  const init = at(ops, (o) => o.op === 'clone' && o.child === 't11');
  const pfc = at(ops, (o) => o.op === 'setns' && o.actor === h && o.file === 'pid');
  const x = at(ops, (o) => o.op === 'clone' && o.child === 't69');
  t.true(helper >= 0 && helper < setsid, '6 forks the helper before its setsid');
  t.true(setsid < init && init < pfc && pfc < x, 'the helper points pid_for_children at pid:3 once 11 exists, then forks 69');
  const c = ops[x] as Extract<Op, { op: 'clone' }>;
  t.is(c.actor, h, 'the helper forks 69');
  t.true(c.flags.includes('CLONE_PARENT'), 'with CLONE_PARENT: 69 is 6\'s child');
  t.true(at(ops, (o) => o.op === 'exit' && o.actor === h) > x, 'the helper exits after');
  t.is(planImage(generateHistory(69056).image).kind, 'plan', 'planImage plans it');
});
