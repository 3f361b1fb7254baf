/**
 * planner/ordering/setsid-makers.ts: a pid-ns init that keeps its creator's old session, made by a maker
 * that can only enter the pid ns's owner user ns after its creator's setsid: the creator forks the
 * maker before its setsid (the maker's session and group go to the init, SID-2), and the maker
 * clones the init later, once that user ns exists (SETNS-4, OWN-1).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

function checkEarlyMaker(t: import('ava').ExecutionContext, seed: number, creator: string, init: string): void {
  const ops = mustPlan(t, seed).ops;
  const ci = cloneAt(ops, init);
  t.true(ci >= 0, `${init} is created`);
  const maker = ops[ci]?.actor ?? '';
  t.regex(maker, /^h\d+$/, `${init} is cloned by a maker helper`);
  const cm = cloneAt(ops, maker);
  t.is(ops[cm]?.actor, creator, `${creator} forks the maker`);
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === creator);
  t.true(cm < setsid, `the maker is forked before ${creator}'s setsid, so it keeps the old session`);
  t.true(setsid < ci, `the maker clones ${init} only after ${creator}'s setsid`);
}

// Seed 12665: t5 forks 54 (an init in a pid ns owned by user:7) before its setsid, and 41 after
// it while still privileged (41 ends in user:3, above t5's final user:1, so it cannot be created
// after t5's switch); user:7 exists only after t5's switch. t5 forks 54's maker before its setsid.
test('seed 12665: the maker of 54 is forked before t5\'s setsid and creates 54 after it', (t) => {
  checkEarlyMaker(t, 12665, 't5', 't54');
});

// Seeds 64856 and 52243: the maker enters a user ns that a child forked after the setsid makes.
test('seeds 64856 and 52243: the same construction when a child of the new session makes the owner user ns', (t) => {
  checkEarlyMaker(t, 64856, 't5', 't6');
  checkEarlyMaker(t, 52243, 't32', 't36');
});
