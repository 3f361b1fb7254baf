/**
 * planner/variants/own-joins.ts (re-plan variant ownJoins): a thread or child that joins its own
 * namespace in a slot, owned within the user ns it is born in, keeps nothing of its creator's
 * there, so the creator's joins in that slot need not wait for it (SETNS-3, SETNS-4, SETNS-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 71315: leader 7 joins uts:1 (owned by the environment's user ns) while privileged, then
// enters user:2 (a single thread, SETNS-4); its threads end in uts:2 and mnt:1, made in user:2 by
// thread 16. Without the variant: "thread 34 before 7's joins", "joins before the switch",
// "switch before threads" close a cycle.
for (const variant of [undefined, { ownJoins: true as const }]) {
  test(`seed 71315: threads created after their leader's switch join their own namespaces (${variant ? 'the variant alone' : 'planImage'})`, (t) => {
    const ops = mustPlan(t, 71315, variant).ops;
    const user = at(ops, (o) => o.op === 'setns' && o.actor === 't7' && o.file === 'user');
    const uts1 = at(ops, (o) => o.op === 'setns' && o.actor === 't7' && o.file === 'uts');
    const th34 = at(ops, (o) => o.op === 'clone' && o.child === 't34');
    t.true(uts1 >= 0 && uts1 < user && user < th34, '7 joins uts:1, enters user:2, then creates thread 34');
    t.true(ops.some((o, i) => i > th34 && o.op === 'setns' && o.actor === 't34' && o.file === 'uts'), 'thread 34 joins uts:2 itself');
  });
}

// Seed 37170: 6 forks zombie session leader 8, which forks 44 and 47 with CLONE_PARENT; 44 must
// inherit what 6 settles in its joins, 47 must keep 6's original net:0 (owned outside its user ns),
// and 47's uts:5 and mnt:3 are owned by its own user:7, which it makes or joins itself: 6 joins
// before forking 8 and makes net:1 after.
test('seed 37170: 6 joins before forking 8 except the net ns 47 must keep', (t) => {
  const ops = mustPlan(t, 37170).ops;
  const fork8 = at(ops, (o) => o.op === 'clone' && o.child === 't8');
  const ipc = at(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'ipc');
  const net = at(ops, (o) => o.op === 'unshare' && o.actor === 't6' && o.flags.includes('CLONE_NEWNET'));
  t.true(ipc >= 0 && ipc < fork8 && fork8 < net, '6 joins ipc:1, forks 8, then makes net:1');
});

test('seed 37170: planned by the variant alone', (t) => {
  mustPlan(t, 37170, { ownJoins: true });
});
