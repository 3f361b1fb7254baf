/**
 * Re-plan variant `shares` (planner/sharing/sharers.ts): a process whose leader is dead took its
 * fs_struct or fd table at clone time (FORK-4, CLONE_FS / CLONE_FILES) from a sibling or its
 * parent sharing it; the dead leader held its first live thread's before it exited, so that sharer
 * forks it with the flag (and CLONE_PARENT for a sibling). Pinned with planWithVariant on generated reachable
 * seeds it fixed.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const SHARES = { shares: true } as const;

test('dead leader 14 (its thread 41 holds fs:9) is forked by its sibling 20 with CLONE_PARENT|CLONE_FS (seed 10127)', (t) => {
  const ops = mustPlan(t, 10127, SHARES).ops;
  const c = ops.find((o) => o.op === 'clone' && o.child === 't14') as Clone | undefined;
  t.truthy(c);
  t.is(c!.actor, 't20');
  t.true(c!.flags.includes('CLONE_FS'));
  t.true(c!.flags.includes('CLONE_PARENT'));
});

for (const seed of [6754, 5931]) {
  test(`a dead leader's fs_struct given by a sharer at clone time: seed ${seed} verifies under shares`, (t) => {
    mustPlan(t, seed, SHARES);
  });
}

test('dead leader 38 (its thread 73 holds files:13) is forked by its sibling 46 with CLONE_PARENT|CLONE_FILES, then leads its own session (seed 7709)', (t) => {
  const ops = mustPlan(t, 7709, SHARES).ops;
  const c = ops.find((o) => o.op === 'clone' && o.child === 't38') as Clone | undefined;
  t.is(c?.actor, 't46');
  t.true(c!.flags.includes('CLONE_FILES'));
  t.true(c!.flags.includes('CLONE_PARENT'));
});
