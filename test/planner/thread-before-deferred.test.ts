/**
 * planner/variants/thread-before-deferred.ts (re-plan variant keptDeferred, with splitJoins): a thread
 * that must keep its leader's namespace from before a deferred join of a per-thread kind is
 * created before that join, not after every join of its leader (SETNS-7, FORK-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 40206: init 6 joins time:2 before its threads, forks 412 while still in group 2, makes
// group 6, forks the maker of 450 (which keeps 6's birth uts:0), and joins uts:1 in a deferred
// step; its thread 418 shares its fs_struct and ends in uts:0 too. Without the variant: the
// cycle "6's joins -> 412 -> group 6 -> maker of 450 -> 6's joins", or, with split joins alone,
// thread 418 created after the deferred uts:1 join and unable to go back (SETNS-7).
for (const variant of [undefined, { splitJoins: true as const, keptDeferred: true as const }]) {
  test(`seed 40206: thread 418 is created before 6's deferred join of uts:1 (${variant ? 'the variant alone' : 'planImage'})`, (t) => {
    const ops = mustPlan(t, 40206, variant).ops;
    const time = at(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'time');
    const th = at(ops, (o) => o.op === 'clone' && o.child === 't418');
    const grp = at(ops, (o) => o.op === 'setpgid' && o.actor === 't6' && o.pgid === 0);
    const uts = at(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'uts');
    t.true(time >= 0 && time < th && th < uts, '6 joins time:2, creates thread 418, and joins uts:1 later');
    t.true(grp < uts, '6 makes group 6 before its join of uts:1 (the maker of 450 keeps uts:0)');
  });
}
