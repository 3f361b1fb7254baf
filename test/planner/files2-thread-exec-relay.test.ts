/**
 * planner/sharing/thread-exec-relay.ts (re-plan variant `lateZombies`; FORK-4): a non-leader thread
 * holding an fd table forks an execve'd relay with CLONE_FILES, which forks the thread's other
 * sharer with CLONE_FILES before its execve copies the table (seed 97419: thread 18 of 5 forks 28,
 * 28 forks 48 then execve's; seed 72130: thread 5 of 4 forks 6, 6 forks 46). Pinned with
 * planWithVariant.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

for (const [seed, thread, relay, sharer] of [
  [97419, 't18', 't28', 't48'],
  [72130, 't5', 't6', 't46'],
] as const) {
  test(`thread ${thread} forks ${relay}, which forks ${sharer} before its execve, both with CLONE_FILES (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true, zombieShares: true, lateZombies: true }).ops;
    const r = ops[cloneAt(ops, relay)] as Clone;
    t.is(r.actor, thread);
    t.true(r.flags.includes('CLONE_FILES'));
    const i = cloneAt(ops, sharer);
    const q = ops[i] as Clone;
    t.is(q.actor, relay);
    t.true(q.flags.includes('CLONE_FILES'));
    const ex = ops.findIndex((o) => o.op === 'execve' && o.actor === relay);
    t.true(i < ex);
  });
  test(`seed ${seed} is planned`, (t) => {
    mustPlan(t, seed);
  });
}

// (stand-ins.ts makeExecBorn in the same variant: an execve'd zombie child counts with the table it
// held before its execve, and takes its execve'd creator's table before that creator's execve)
test('10 forks zombie 15 and 33 with CLONE_FILES before its execve, 15 forks 21 with it before its own (seed 45102)', (t) => {
  const ops = mustPlan(t, 45102, { shares: true, zombieShares: true, lateZombies: true }).ops;
  const ex = (a: string) => ops.findIndex((o) => o.op === 'execve' && o.actor === a);
  for (const [actor, child] of [['t10', 't15'], ['t10', 't33'], ['t15', 't21']]) {
    const i = cloneAt(ops, child);
    const c = ops[i] as Clone;
    t.is(c.actor, actor);
    t.true(c.flags.includes('CLONE_FILES'));
    t.true(i < ex(actor));
  }
});
test('seed 45102 is planned', (t) => {
  mustPlan(t, 45102);
});
