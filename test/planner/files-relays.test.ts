/**
 * Generated (reachable) images whose fd tables reach two processes only through creators that
 * later left them (planner/sharing/files-relays.ts, re-plan variant `shares`): formerly FORK-4 undecided.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';

const filesUnsharers = (seed: number, t: import('ava').ExecutionContext): string[] =>
  mustPlan(t, seed).ops.filter((o) => o.op === 'unshare' && o.flags.includes('CLONE_FILES')).map((o) => o.actor);

test('seed 3363: an execve\'d top and a zombie pass files:19 down two chains (the execve makes the top\'s copy)', (t) => {
  // (its history: 42 forked 58 and 248 sharing its table and execve'd; 58 forked 61 and exited)
  t.deepEqual(filesUnsharers(3363, t), []);
});

test('seed 10193: fd-table relays that copy by their execve or exit (no unshare) verify', (t) => {
  t.deepEqual(filesUnsharers(10193, t), []);
});
