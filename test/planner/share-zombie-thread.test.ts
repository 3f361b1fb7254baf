/**
 * Re-plan variant `shares` (planner/graph/stand-ins.ts, dead-leader-creator.ts): a zombie forked by a
 * non-leader thread of its creator with CLONE_FILES held that thread's fd table, and passed it on
 * to its one child sharing it (FORK-4). Its stand-in holds that table, and creatorThread picks
 * that thread for the zombie's birth; an execve'd zombie passes its creator's fd table to what it
 * forks before its execve (stand-ins.ts execBorn, share-zombies.ts). Pinned with planWithVariant
 * on generated reachable seeds.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

const SHARES = { shares: true } as const;

test('zombie 51 is forked by thread 44 of 42 with CLONE_FILES and forks 62 sharing that table (seed 11601)', (t) => {
  const ops = mustPlan(t, 11601, SHARES).ops;
  const z = cloneOf(ops, 't51');
  t.is(z?.actor, 't44');
  t.true(z!.flags.includes('CLONE_FILES'));
  const c = cloneOf(ops, 't62');
  t.is(c?.actor, 't51');
  t.true(c!.flags.includes('CLONE_FILES'));
});

test('execve\'d zombie 13 forks 41 with CLONE_FILES before its execve, sharing its creator 2\'s table (seed 2659)', (t) => {
  const ops = mustPlan(t, 2659, SHARES).ops;
  const z = cloneOf(ops, 't13');
  t.is(z?.actor, 't2');
  t.true(z!.flags.includes('CLONE_FILES'));
  const i = ops.findIndex((o) => o.op === 'clone' && o.child === 't41');
  t.is((ops[i] as Clone).actor, 't13');
  t.true((ops[i] as Clone).flags.includes('CLONE_FILES'));
  // execve unshares the fd table (unshare_files): 41 is forked before 13's execve
  const ex = ops.findIndex((o) => o.op === 'execve' && o.actor === 't13');
  t.true(ex > i);
});
