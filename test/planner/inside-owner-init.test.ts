/**
 * planner/variants/inside-owner-init.ts (re-plan variant insideOwnerInits; index.ts CYCLE_VARIANTS):
 * a pid-ns init not born making its owner user ns is forked by its creator from inside that owner
 * after the creator's switch, its outer pid through ns_last_pid, rather than through a maker forked
 * before the switch. The seed's first attempt stops on a cycle through that maker's fork (FORK-9)
 * and stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { MAKER_FORK_BEFORE_SWITCH } from '../../planner/variants/inside-owner-init.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 47339: 10, the init of pid:1 (owned by user:1), is 3's child in session 3; 3 ends in user:1.
test('seed 47339: 3 forks init 10 with CLONE_NEWPID from user:1 after its switch, 10\'s pid in pid:0 through ns_last_pid', (t) => {
  const img = generateHistory(47339).image;
  const first = planWithVariant(img, {});
  t.true(first.kind === 'undecided' && MAKER_FORK_BEFORE_SWITCH.test(first.reason), 'the first attempt stops on the maker\'s cycle');
  const ops = mustPlan(t, 47339, { insideOwnerInits: true }).ops;
  const c10 = at(ops, (o) => o.op === 'clone' && o.child === 't10');
  const clone = ops[c10] as Clone;
  t.is(clone.actor, 't3', '3 forks 10 itself, no maker');
  t.true(clone.flags.includes('CLONE_NEWPID') && !clone.flags.includes('CLONE_NEWUSER'), 'with CLONE_NEWPID from inside the owner');
  t.deepEqual(clone.setTid, [1], 'set_tid names its own level only');
  const sw = at(ops, (o) => o.actor === 't3' && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'))));
  t.true(sw >= 0 && sw < c10, '3 switches into user:1 first');
  t.true(at(ops, (o) => o.op === 'setsid' && o.actor === 't3') < c10, '3 leads session 3 before creating 10');
  const w = ops[c10 - 1];
  t.true(w.op === 'write-ns-last-pid' && w.value === 9, 'ns_last_pid of pid:0 names 10 right before the clone');
});
