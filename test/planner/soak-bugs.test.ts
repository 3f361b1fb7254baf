/**
 * Regression seeds from the planner soak (`npm run soak -- planner`): generated reachable states
 * on which the planner once emitted a plan that failed its own verification ("planner bug").
 * Each test replans the seed (default generator size) and asserts the verified plan, plus the
 * construction the fix introduced, so a regression shows which construction broke.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const opsOf = (plan: Plan, actor: string): Op[] => plan.ops.filter((o) => o.actor === actor);

// A namespace the environment's user ns owns, none of whose members is born there: an ns-holder
// forked by the restorer unshares it where it is born. It once created a new user ns first
// (as for an image user ns without members), so the namespace got a new owner.
for (const seed of [12685, 17275, 23260, 33224]) {
  test(`seed ${seed}: an environment-owned namespace is made by a holder that stays in the restorer's user ns`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const holders = plan.helpers.filter((h) => h.role === 'ns-holder');
    t.true(holders.length > 0, 'a holder makes the namespace');
    const envHolders = holders.filter((h) => !opsOf(plan, h.name).some((o) => (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')) || (o.op === 'setns' && o.file === 'user')));
    t.true(envHolders.length > 0, 'some holder neither creates nor enters a user ns');
    for (const h of envHolders) t.true(opsOf(plan, h.name).some((o) => o.op === 'unshare'), `${h.name} unshares the namespace`);
  });
}
