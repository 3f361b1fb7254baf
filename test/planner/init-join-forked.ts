/**
 * The shape the init-join attempt tests share (init-join-new-pidns, init-join-birth-needs): the
 * initJoinHelpers attempt alone stops on a join refused for want of rights, the attempt with
 * `extra` plans, and `child` is forked by an init-join helper that then exits, handing it to the
 * init (EXIT-2). Returns the plan's ops and that clone for the test's own checks.
 */
import type { ExecutionContext } from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant, type Variant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';
import type { Op } from '../../executor/ops.js';

export function initJoinForked(t: ExecutionContext, seed: number, extra: Partial<Variant>, child: string, refused: RegExp): { ops: Op[]; clone: Clone } {
  const out = planWithVariant(generateHistory(seed).image, { initJoinHelpers: true });
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, refused);
  const ops = mustPlan(t, seed, { initJoinHelpers: true, ...extra }).ops;
  const clone = cloneOf(ops, child);
  if (!clone) t.fail(`no clone of ${child}`);
  t.true(clone!.actor.startsWith('ijh'), `${child} is forked by an init-join helper, not ${clone!.actor}`);
  t.true(ops.some((o) => o.op === 'exit' && o.actor === clone!.actor), 'the helper exits, handing the child to the init');
  return { ops, clone: clone! };
}
