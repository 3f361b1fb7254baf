/**
 * planner/sharing/share-zombies.ts in re-plan variant `lateZombies` (FORK-4, EXIT-2): a zombie first
 * holder of the fd table a dead leader's thread and a live process share forks both with
 * CLONE_FILES: dead leaders whose thread holds the table count as its sharers, and an execve'd
 * zombie's fresh table may be the one it held before its execve (seed 59131: execve'd zombie 2
 * forks dead leader 3, whose thread 12 keeps files:2, and 6; seed 43135: zombie 3 forks dead
 * leader 17 and 66). share-tree.ts counts such a zombie once. Pinned with planWithVariant.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

for (const [seed, zombie, kids] of [
  [59131, 't2', ['t3', 't6']],
  [43135, 't3', ['t17', 't66']],
] as const) {
  test(`zombie ${zombie} forks ${kids.join(' and ')} with CLONE_FILES (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true, zombieShares: true, lateZombies: true }).ops;
    for (const k of kids) {
      const c = cloneOf(ops, k);
      t.is(c?.actor, zombie);
      t.true(c?.flags.includes('CLONE_FILES'));
    }
  });
  test(`seed ${seed} is planned`, (t) => {
    mustPlan(t, seed);
  });
}
