/** Plans of generated reachable states (kernel/generator.ts seeds), shared by the planner tests. */
import type { ExecutionContext } from 'ava';
import type { Plan } from '../../planner/plan.js';
import type { Image } from '../../model/image.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';

/**
 * The verified plan of generated seed `seed`; fails the test (with the planner's answer)
 * otherwise. With `variant`: the plan of that re-plan variant alone (planner/index.ts).
 */
export function mustPlan(t: ExecutionContext, seed: number, variant?: Partial<Variant>): Plan {
  return mustPlanImage(t, generateHistory(seed).image, variant, `seed ${seed}`);
}

/**
 * The verified plan of image `img` (a seed of another generator option, a mutated image): what
 * mustPlan checks for a seed, named `what` in the failure.
 */
export function mustPlanImage(t: ExecutionContext, img: Image, variant?: Partial<Variant>, what = 'image'): Plan {
  const out = variant ? planWithVariant(img, variant) : planImage(img);
  if (out.kind !== 'plan') t.fail(`${what}: expected a plan, got ${out.kind}: ${JSON.stringify(out).slice(0, 300)}`);
  const plan = (out as Extract<typeof out, { kind: 'plan' }>).plan;
  t.true(plan.summary.verified, 'the plan must be verified on the simulated kernel');
  return plan;
}
