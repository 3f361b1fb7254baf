/** Plans of generated reachable states (kernel/generator.ts seeds), shared by the planner tests. */
import type { ExecutionContext } from 'ava';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';

/**
 * The verified plan of generated seed `seed`; fails the test (with the planner's answer)
 * otherwise. With `variant`: the plan of that re-plan variant alone (planner/index.ts).
 */
export function mustPlan(t: ExecutionContext, seed: number, variant?: Partial<Variant>): Plan {
  const img = generateHistory(seed).image;
  const out = variant ? planWithVariant(img, variant) : planImage(img);
  if (out.kind !== 'plan') t.fail(`seed ${seed}: expected a plan, got ${out.kind}: ${JSON.stringify(out).slice(0, 300)}`);
  const plan = (out as Extract<typeof out, { kind: 'plan' }>).plan;
  t.true(plan.summary.verified, 'the plan must be verified on the simulated kernel');
  return plan;
}
