/**
 * planner/variants/one-step-lift.ts (re-plan variant oneStepLifts with looseZombies and
 * ghostOptionsAgain): a member lifted when its parent alone is free to be born in its session
 * (SID-2, born_sid), and the session's zombies whose exit hands a member to its parent offered
 * even when their creator chains are still open (EXIT-2).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { ghostOptionsAgain: true as const, oneStepLifts: true as const, looseZombies: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 92459: 262, 271, 281 and 305 (session 4, parent 7, an init's subreaper) were forked by
// zombie 17 of session 4, whose exit handed them to 7. 17's own creator chain is still open when
// they are decided, so the first attempt did not offer it.
test('seed 92459: zombie 17 forks 262, 271, 281, 305 and exits, handing them to 7', (t) => {
  const ops = mustPlan(t, 92459, VARIANT).ops;
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === 't17');
  for (const c of ['t262', 't271', 't281', 't305']) {
    const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't17' && o.child === c);
    t.true(fork >= 0 && fork < exit, `17 forks ${c} before its exit`);
  }
});

// Seed 79264: 52 (session 30, parent 46) was forked by 46 before 46's setsid; 46 was forked with
// CLONE_PARENT by 30 (session 30's leader) and 46's parent 17 was born in session 2. The first
// attempt lifted 52 only if every ancestor up its path (46, 17, 4) could be born in session 30.
test('seed 79264: 30 forks 46 with CLONE_PARENT, 46 forks 52 before its own setsid', (t) => {
  const ops = mustPlan(t, 79264, VARIANT).ops;
  const f46 = at(ops, (o) => o.op === 'clone' && o.actor === 't30' && o.child === 't46' && o.flags.includes('CLONE_PARENT'));
  const f52 = at(ops, (o) => o.op === 'clone' && o.actor === 't46' && o.child === 't52');
  const sid46 = at(ops, (o) => o.op === 'setsid' && o.actor === 't46');
  t.true(f46 >= 0 && f46 < f52 && f52 < sid46, '30 forks 46, 46 forks 52, then 46 makes its session');
});

for (const seed of [92459, 79264]) {
  test(`seed ${seed}: planned by planImage, undecided without the variant`, (t) => {
    mustPlan(t, seed);
    t.is(planWithVariant(generateHistory(seed).image, {}).kind, 'undecided');
  });
}
