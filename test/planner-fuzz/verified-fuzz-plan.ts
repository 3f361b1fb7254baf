/**
 * A fuzz case that must now plan: the mutated image's plan verifies and, replayed again here on
 * the simulated kernel, reproduces the image exactly. Shared by the tests that pin the fuzz
 * test's former "undecided" answers (fuzz-files, fuzz-fs, fuzz-sessions).
 */
import type { ExecutionContext } from 'ava';
import type { Op } from '../../executor/ops.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { fuzzImage } from './fuzz-image.js';

/** fuzz case seed's plan ops ([] after a failed assertion); `mutation` must be among its mutations */
export function verifiedFuzzOps(t: ExecutionContext, seed: number, mutation: string): Op[] {
  const { what, image } = fuzzImage(seed);
  t.true(what.includes(mutation), `seed ${seed}: ${what}`);
  const out = planImage(image);
  t.is(out.kind, 'plan', `seed ${seed}: ${out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300)}`);
  if (out.kind !== 'plan') return [];
  t.true(out.plan.summary.verified, `seed ${seed}`);
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1, `seed ${seed}`);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), [], `seed ${seed}`);
  return out.plan.ops;
}

/** index of the clone creating `child` in ops (-1 if none) */
export const cloneOf = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

/** the clone flags of ops[i] ([] if it is no clone) */
export const flagsOf = (ops: Op[], i: number): string[] => { const o = ops[i]; return o && o.op === 'clone' ? o.flags : []; };
