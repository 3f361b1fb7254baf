/**
 * planner/sharing/share-ghosts.ts in re-plan variant `lateZombies` (FORK-4, EXIT-2): a session ghost
 * forked with CLONE_FILES by the holder of its members' fd table forks a member plainly, not with
 * CLONE_PARENT, when the holder as the ghost's parent would not keep it: the member reparents to
 * its image parent at the ghost's exit, as it did at the dead session leader's (seed 29130: 19
 * forks session 21's ghost, which forks 33; seed 32785: 26 forks session 41's ghost, which forks
 * 84). Pinned with planWithVariant.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

for (const [seed, holder, member] of [
  [29130, 't19', 't33'],
  [32785, 't26', 't84'],
] as const) {
  test(`${holder} forks the ghost that forks ${member} with CLONE_FILES, not CLONE_PARENT (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true, zombieShares: true, lateZombies: true }).ops;
    const c = cloneOf(ops, member)!;
    t.true(c.flags.includes('CLONE_FILES'));
    t.false(c.flags.includes('CLONE_PARENT'));
    const g = cloneOf(ops, c.actor)!;
    t.is(g.actor, holder);
    t.true(g.flags.includes('CLONE_FILES'));
  });
  test(`seed ${seed} is planned`, (t) => {
    mustPlan(t, seed);
  });
}
