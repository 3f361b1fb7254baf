/**
 * A generated state with credential switches (kernel/generator.ts `setids`) that a re-plan variant
 * must plan: undecided without any variant, a verified plan with `variant`. Shared by the tests
 * that pin the setids constructions (exec-root, setidsns-creators).
 */
import type { ExecutionContext } from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant, type Variant } from '../../planner/index.js';

/** setids seed's plan ops with `variant` (fails the test, and never returns, when there is none) */
export function mustPlanSetids(t: ExecutionContext, seed: number, variant: Partial<Variant>): Op[] {
  const img = generateHistory(seed, { setids: true }).image;
  t.is(planWithVariant(img, {}).kind, 'undecided', 'undecided without the variant');
  const out = planWithVariant(img, variant);
  if (out.kind !== 'plan') return t.fail(`seed ${seed}: expected a plan, got ${out.kind}: ${JSON.stringify(out).slice(0, 300)}`) as never;
  t.true(out.plan.summary.verified, 'the plan must be verified on the simulated kernel');
  return out.plan.ops;
}
