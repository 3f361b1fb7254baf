/**
 * planner/variants/held-owner-alone.ts (re-plan variant heldOwnersAlone with holderOwners; index.ts
 * CYCLE_VARIANTS): a rebuild round handing a user ns to a holder moves no creation after its
 * creator's switch. The seed's first attempt stops on the cycle through "user ns user:3 exists
 * before maker h2 enters it" and set_tid creations before 3's switch; holderOwners alone rolls
 * the holder back (37 would be born below user:3), and both stay undecided.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { HELD_OWNER_AFTER_SET_TID } from '../../planner/variants/held-owner-alone.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 36758: 3 (init of pid:1, finally in user:1 below user:3) forks 37 and 55 into pid:2 (owned
// by user:3) with set_tid; 37 is a member of user:3.
test('seed 36758: a holder makes user:3; 37 and 55 are forked before 3 enters it', (t) => {
  const img = generateHistory(36758).image;
  const first = planWithVariant(img, {});
  t.true(first.kind === 'undecided' && HELD_OWNER_AFTER_SET_TID.test(first.reason), 'the first attempt stops on the cycle');
  t.is(planWithVariant(img, { holderOwners: true }).kind, 'undecided', 'holderOwners alone does not plan it');
  const ops = mustPlan(t, 36758, { holderOwners: true, heldOwnersAlone: true }).ops;
  const hold = at(ops, (o) => o.op === 'unshare' && o.actor.startsWith('h') && o.flags.includes('CLONE_NEWUSER'));
  t.true(hold >= 0, 'a holder makes a user ns');
  const h = ops[hold].actor;
  const enter37 = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user' && o.target === h);
  const enter3 = at(ops, (o) => o.op === 'setns' && o.actor === 't3' && o.file === 'user' && o.target === h);
  t.true(enter37 > hold && enter3 > hold, '37 and 3 enter the holder\'s user ns (user:3)');
  const c37 = at(ops, (o) => o.op === 'clone' && o.child === 't37');
  const c55 = at(ops, (o) => o.op === 'clone' && o.child === 't55');
  t.true(c37 < enter3 && c55 < enter3, '3 forks 37 and 55 (set_tid) before its switch');
});
