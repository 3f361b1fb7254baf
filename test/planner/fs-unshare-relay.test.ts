/**
 * fs relays that make their private copy by unshare(CLONE_FS) (planner/sharing/fs-unshare-relay.ts,
 * re-plan variant `shares`): R is born sharing its creator's fs_struct (CLONE_FS), creates the
 * sharer (a child process, or one of its own threads) with CLONE_FS, then unshare(CLONE_FS) gives
 * it its own, before it changes mount or user ns (FORK-4, UNSH-1, SETNS-3, SETNS-4). And a
 * carrier helper for a member born in a session before its setsid (planner/sharing/share-carriers.ts).
 * Each pinned with planWithVariant on a generated reachable seed it fixed; mustPlan verifies the
 * plan on the simulated kernel.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const SHARES = { shares: true } as const;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const unshareFsIndex = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'unshare' && o.actor === actor && o.flags.length === 1 && o.flags[0] === 'CLONE_FS');

for (const [seed, g, r, p, what] of [
  // R joins no mount ns of its own and makes no user ns (its copy came from an exec'ing thread)
  [1095, 't6', 't7', 't9', 'a relay that makes neither its mount nor its user ns'],
  // R enters user:3, which another task makes: setns(user) needs the copy first (SETNS-4)
  [2243, 't12', 't16', 't37', 'a relay that joins its user ns'],
  // R makes its user and mount ns together after its fork of P
  [1621, 't58', 't335', 't350', 'a relay that makes its user and mount ns'],
  // R has a thread sharing its own fs_struct, created after the copy
  [8056, 't7', 't18', 't25', 'a multithreaded relay'],
] as const) {
  test(`${what}: ${g} forks ${r} with CLONE_FS, ${r} forks ${p} with it, then unshare(CLONE_FS) (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, SHARES).ops;
    const rc = ops[cloneIndex(ops, r)] as Clone;
    const pc = ops[cloneIndex(ops, p)] as Clone;
    t.true(rc.flags.includes('CLONE_FS'));
    t.is(pc.actor, r);
    t.true(pc.flags.includes('CLONE_FS'));
    const u = unshareFsIndex(ops, r);
    t.true(u > cloneIndex(ops, p));
    // every later mount or user-ns change of R comes after its copy
    for (let i = 0; i < u; i++) {
      const o = ops[i];
      t.false(o.op === 'setns' && o.actor === r && (o.file === 'mnt' || o.file === 'user'));
    }
  });
}

for (const [seed, leader, thread] of [
  // the leader's own fs_struct differs (it unshared a mount ns in the history); the thread keeps the creator's
  [3935, 't31', 't39'],
  [7860, 't73', 't75'],
  // a dead leader: it created the thread, then its copy, then its other thread, then exited
  [5301, 't19', 't52'],
] as const) {
  test(`leader ${leader} creates thread ${thread} with CLONE_FS before its unshare(CLONE_FS) (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, SHARES).ops;
    const lc = ops[cloneIndex(ops, leader)] as Clone;
    t.true(lc.flags.includes('CLONE_FS'));
    const th = ops[cloneIndex(ops, thread)] as Clone;
    t.is(th.actor, leader);
    t.true(th.flags.includes('CLONE_THREAD') && th.flags.includes('CLONE_FS'));
    t.true(unshareFsIndex(ops, leader) > cloneIndex(ops, thread));
  });
}

test('a carrier helper forks a member born in session 18 before its setsid (share-carriers.ts, seed 6127)', (t) => {
  const ops = mustPlan(t, 6127, SHARES).ops;
  const m = ops[cloneIndex(ops, 't53')] as Clone;
  t.true(m.actor.startsWith('h'));
  t.true(m.flags.includes('CLONE_FS'));
  const h = ops[cloneIndex(ops, m.actor)] as Clone;
  t.is(h.actor, 't18');
  t.true(h.flags.includes('CLONE_FS'));
});
