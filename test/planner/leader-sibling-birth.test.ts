/**
 * planner/variants/leader-sibling-birth.ts (re-plan variant leaderSiblingBirths): a member of session N
 * whose parent is never in N and which no sibling in N can create is forked with CLONE_PARENT by
 * a sibling leading another session, born in N and in the member's group, before its own setsid
 * (FORK-3, FORK-6, SID-2, PGID-2, PID-4).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { NO_SESSION_CREATOR } from '../../planner/variants/one-step-lift.js';
import { mustPlan } from './seeded.js';

const V = { leaderSiblingBirths: true } as const;
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const flagsOf = (o: Op | undefined): string[] => (o && o.op === 'clone' ? o.flags : []);

// Seed 76344: 29 (a zombie, leader of session 29, a child of the restorer in pid:2) was forked in
// session 4 and group 4 by a sibling, forked 31 (init of pid:4, which cannot see group 4) with
// CLONE_PARENT, then called setsid. No other task of session 4 lives in pid:2.
test('seed 76344: 4 forks 29 into session 4 and group 4; 29 (through its maker) forks 31 before its setsid', (t) => {
  const ops = mustPlan(t, 76344, V).ops;
  const c29 = at(ops, (o) => o.op === 'clone' && o.child === 't29');
  t.true(c29 >= 0 && ops[c29].actor === 't4' && flagsOf(ops[c29]).includes('CLONE_PARENT'), 'its sibling 4, leader of session 4 and group 4, forks 29 with CLONE_PARENT');
  const c31 = at(ops, (o) => o.op === 'clone' && o.child === 't31');
  t.true(c31 >= 0 && flagsOf(ops[c31]).includes('CLONE_PARENT') && flagsOf(ops[c31]).includes('CLONE_NEWPID'), '31 is forked with CLONE_PARENT into its new pid ns');
  const by = c31 >= 0 ? ops[c31].actor : '';
  t.true(by === 't29' || at(ops, (o) => o.op === 'clone' && o.actor === 't29' && o.child === by) >= 0, 'by 29 or a maker 29 forks');
  const setsid29 = at(ops, (o) => o.op === 'setsid' && o.actor === 't29');
  t.true(c29 < c31 && c31 < setsid29, '29 forks it while still in session 4, then calls setsid');
  t.is(planImage(generateHistory(76344).image).kind, 'plan', 'planImage plans it');
});

test('without the variant seed 76344 is undecided on a member no task of its session can create', (t) => {
  const out = planWithVariant(generateHistory(76344).image, {});
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', NO_SESSION_CREATOR);
});
