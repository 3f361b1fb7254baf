/**
 * planner/sharing/zombie-late-subreaper.ts (re-plan variant `lateZombies`, with share-zombies.ts; FORK-4,
 * EXIT-2, EXIT-3): a zombie forks the processes sharing the fd table it stands in for, and exits
 * before the subreaper above it sets its flag, so they go past that subreaper to its own reaper
 * (seed 3321: zombie 3 forks 6 and 55, its parent 2 becomes a subreaper after its exit; seed
 * 11253: zombie 5 forks 10, 14 and 18, its parent 4 likewise). Pinned with planWithVariant.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

for (const [seed, zombie, late, kids] of [
  [3321, 't3', 't2', ['t6', 't55']],
  [11253, 't5', 't4', ['t10', 't14']],
] as const) {
  test(`zombie ${zombie} forks ${kids.join(', ')} with CLONE_FILES and exits before ${late}'s subreaper flag (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true, zombieShares: true, lateZombies: true }).ops;
    for (const k of kids) {
      const c = cloneOf(ops, k);
      t.is(c?.actor, zombie);
      t.true(c?.flags.includes('CLONE_FILES'));
    }
    const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === zombie);
    const flag = ops.findIndex((o) => o.op === 'subreaper' && o.actor === late && o.value);
    t.true(exit >= 0 && flag > exit);
  });
  test(`seed ${seed} is planned`, (t) => {
    mustPlan(t, seed);
  });
}

// (zombie-late-subreaper.ts lateFlags: a flag waiting for a helper's exit may follow the execve,
// which keeps it, EXIT-3; seed 64860: 13 execve's, forks the carrier h2 of its table to 54, and
// sets its flag after h2's exit)
test('13 sets its subreaper flag after its execve and the exit of the helper carrying its table (seed 64860)', (t) => {
  const ops = mustPlan(t, 64860, { shares: true, zombieShares: true, lateZombies: true }).ops;
  const ex = ops.findIndex((o) => o.op === 'execve' && o.actor === 't13');
  const h = cloneOf(ops, 't54')!;
  const hi = ops.findIndex((o) => o.op === 'clone' && o.child === h.actor);
  t.is((ops[hi] as Clone).actor, 't13');
  t.true((ops[hi] as Clone).flags.includes('CLONE_FILES'));
  const flag = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't13' && o.value);
  const hx = ops.findIndex((o) => o.op === 'exit' && o.actor === h.actor);
  t.true(ex < hi && hx < flag);
});
test('seed 64860 is planned', (t) => {
  mustPlan(t, 64860);
});

// (share-carriers.ts in the same variant: a thread carrier's helper exits before the nearest
// subreaper's flag; seed 43649: thread 33 of 28 forks the helper that forks 39, which goes past
// subreaper 25 to the restorer)
test('thread 33 forks the carrier of its table to 39, which exits before 25 becomes a subreaper (seed 43649)', (t) => {
  const ops = mustPlan(t, 43649, { shares: true, zombieShares: true, lateZombies: true }).ops;
  const c = cloneOf(ops, 't39')!;
  t.true(c.flags.includes('CLONE_FILES'));
  const h = cloneOf(ops, c.actor)!;
  t.is(h.actor, 't33');
  t.true(h.flags.includes('CLONE_FILES'));
  const hx = ops.findIndex((o) => o.op === 'exit' && o.actor === c.actor);
  const flag = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't25' && o.value);
  t.true(hx >= 0 && hx < flag);
});
test('seed 43649 is planned', (t) => {
  mustPlan(t, 43649);
});
