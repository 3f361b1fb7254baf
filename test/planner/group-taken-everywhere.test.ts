/**
 * planner/variants/group-taken-everywhere.ts (re-plan variant takenEverywhere, with bornCreators): a dead
 * leader's group whose number is taken (or has no place) in every member pid ns below level 0 is
 * inherited by those members at birth, its ghost placed elsewhere (PID-3, PID-4, PGID-2).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { takenEverywhere: true as const, bornCreators: true as const };

// Seed 40539: group 297 ([297, 2]) was led from a pid ns no member lives in; 51, the init of
// pid:7 where 2 is task 320's pid, cannot see it and is created with CLONE_PARENT by 31, a
// sibling in the group (through its maker), instead of joining it.
test('seed 40539: 51 inherits group 297 from its creator and never joins it', (t) => {
  const ops = mustPlan(t, 40539, VARIANT).ops;
  t.true(ops.some((o) => o.op === 'clone' && o.child === 't51' && o.flags.includes('CLONE_PARENT')), '51 is created with CLONE_PARENT');
  t.false(ops.some((o) => o.op === 'setpgid' && o.actor === 't51'), '51 does not join group 297 itself');
});

// Seed 51362: group 15 ([15, 38, 3]) was led from level 2, where no member lives; 67 (level 1)
// is created by 27, in the group, with CLONE_PARENT and CLONE_NEWPID.
test('seed 51362: 27 joins group 15, then creates 67 in it with CLONE_PARENT', (t) => {
  const ops = mustPlan(t, 51362, VARIANT).ops;
  const join = ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't27' && o.pgid === 15);
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't27' && o.child === 't67' && o.flags.includes('CLONE_PARENT'));
  t.true(join >= 0 && join < fork, '27 is in group 15 when it creates 67');
});

for (const seed of [40539, 51362, 91699]) {
  test(`seed ${seed}: planned by planImage, undecided without the variant`, (t) => {
    mustPlan(t, seed);
    t.is(planWithVariant(generateHistory(seed).image, { bornCreators: true }).kind, 'undecided');
  });
}
