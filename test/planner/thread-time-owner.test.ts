/**
 * planner/variants/thread-time-owner.ts (re-plan variant threadTimeOwner, with splitJoins): a time ns
 * only threads hold as their pending time_for_children, owned by the user ns their leader is
 * born in and leaves, is made by the leader before its switch; the threads are created after the
 * switch and before the leader's own next time ns (UNSH-6, OWN-1, SETNS-4, FORK-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 64398: 26 forks 30 before its setsid and 69 after it, 30 inheriting 26's settled
// namespaces and 69 keeping 26's original uts:0 (a cycle through 26's joins, split by splitJoins);
// then thread 65 of 15 needs time_for_children time:5, owned by user:1, where 15 is born before it
// enters user:2: a holder's time:5 could never reach the thread.
for (const variant of [undefined, { splitJoins: true as const, threadTimeOwner: true as const }]) {
  test(`seed 64398: 15 makes time:5 before its switch, then creates thread 65 (${variant ? 'the variant alone' : 'planImage'})`, (t) => {
    const ops = mustPlan(t, 64398, variant).ops;
    const times = ops.flatMap((o, i) => (o.op === 'unshare' && o.actor === 't15' && o.flags.includes('CLONE_NEWTIME') ? [i] : []));
    const user = at(ops, (o) => o.op === 'setns' && o.actor === 't15' && o.file === 'user');
    const th = at(ops, (o) => o.op === 'clone' && o.child === 't65');
    t.is(times.length, 2, '15 unshares two time namespaces');
    t.true(times[0] < user && user < th && th < times[1], 'time:5 before the switch, thread 65 after it, then time:1');
  });
}
