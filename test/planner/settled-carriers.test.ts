/**
 * planner/variants/settled-carriers.ts (re-plan variant settledCarriers; index.ts CYCLE_VARIANTS): a
 * session's own reparent-helper carriers are offered only with a creator chain decided and free
 * of the component's open members, like the carriers found in a member's group. The seeds' first
 * attempts stop on a cycle where a helper inherits a group its pid ns cannot see (PGID-2) from a
 * carrier that descends from the orphan the helper forks; without the flag they stay undecided.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { HELPER_INHERITS_GROUP } from '../../planner/variants/settled-carriers.js';
import { mustPlan } from './seeded.js';

const V = { settledCarriers: true as const };

/** The op creating `child`, or undefined. */
const creation = (ops: Op[], child: string): Extract<Op, { op: 'clone' }> | undefined =>
  ops.find((o): o is Extract<Op, { op: 'clone' }> => o.op === 'clone' && o.child === child);

// Per seed: the carriers of the first attempt's cycle (descendants of the orphans their helpers
// fork) and orphans of the cycle that must inherit the group.
const CASES: { seed: number; carriers: string[]; orphans: string[]; group: number }[] = [
  { seed: 61205, carriers: ['t45', 't28'], orphans: ['t15', 't36'], group: 2 },
  { seed: 85781, carriers: ['t62'], orphans: ['t21'], group: 6 },
  { seed: 99718, carriers: ['t30'], orphans: ['t17'], group: 5 },
];

for (const { seed, carriers, orphans, group } of CASES) {
  test(`seed ${seed}: no helper of a carrier below the orphans it would fork; the orphans inherit group ${group} from a settled creator`, (t) => {
    const first = planWithVariant(generateHistory(seed).image, {});
    t.true(first.kind === 'undecided' && HELPER_INHERITS_GROUP.test(first.reason), 'the first attempt stops on the helper-inherits-group cycle');
    for (const c of carriers) t.true(first.kind === 'undecided' && first.reason.includes(`created by ${c}"`), `${c} carries a helper on that cycle`);
    const ops = mustPlan(t, seed, V).ops;
    for (const c of carriers) t.false(ops.some((o) => o.op === 'clone' && o.actor === c && o.child.startsWith('h')), `${c} forks no helper`);
    for (const x of orphans) {
      const op = creation(ops, x);
      t.truthy(op, `${x} is created`);
      // its creator is none of the carriers' helpers and is created before it (FORK-1)
      const by = op!.actor;
      t.false(carriers.includes(by), `${x} is not forked by a carrier below it`);
      if (by !== 'root') t.true(ops.findIndex((o) => o.op === 'clone' && o.child === by) < ops.indexOf(op!), `${by} exists before it forks ${x}`);
    }
  });
}

test('seed 99718: planImage plans it (the variant runs after a first answer naming that cycle)', (t) => {
  const out = planImage(generateHistory(99718).image);
  t.is(out.kind, 'plan');
  t.true(out.kind === 'plan' && out.plan.summary.verified);
});
