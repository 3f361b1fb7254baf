/**
 * planner/creators/leader-under-subreaper.ts (re-plan variant leaderUnderSubreaper): a session's leader
 * born below a member's parent, which is a subreaper only around the exit of the session's
 * helper that forked the member.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { planWithVariant } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { fuzzImage } from '../planner-fuzz/fuzz-image.js';
import { mustPlan } from './seeded.js';

const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

function planned(t: import('ava').ExecutionContext, seed: number): Op[] {
  const { image } = fuzzImage(seed);
  const out = planWithVariant(image, { leaderUnderSubreaper: true });
  t.is(out.kind, 'plan', JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return [];
  t.true(out.plan.summary.verified);
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  return out.plan.ops;
}

// Fuzz case 179: 54 is in session 33 and the child of 41, whose session is 5046; 33's leader is
// the restorer's child, and no task of session 33 descends from 41. 41 forks a helper that forks
// 33, which calls setsid and forks a helper that forks 54; 41 is a subreaper only around that
// helper's exit, so 54 reparents to 41; the first helper exits later, handing 33 to the restorer.
test('fuzz 179: session 33\'s leader is born below 41, a subreaper only while 33\'s helper exits', (t) => {
  const ops = planned(t, 179);
  const c33 = cloneAt(ops, 't33');
  const h0 = ops[c33]?.actor ?? '';
  t.is(ops[cloneAt(ops, h0)]?.actor, 't41', '41 forks the helper that forks 33');
  const c54 = cloneAt(ops, 't54');
  const h = ops[c54]?.actor ?? '';
  t.is(ops[cloneAt(ops, h)]?.actor, 't33', '33 forks the helper that forks 54');
  const set = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't41' && o.value);
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  const clear = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't41' && !o.value);
  t.true(c54 < set && set < exit && exit < clear, '41 is a subreaper only around the exit of 54\'s helper');
  t.true(exit < ops.findIndex((o) => o.op === 'exit' && o.actor === h0), '33 stays below 41 until then');
});

// Fuzz cases 296 (member 29 in a pid ns below its parent's; the nearest subreaper above the
// parent sets its flag after the first helper's exit) and 448 (the member's parent is lifted
// first where it can be): the same construction.
test('fuzz 296 and 448: planned with a leader born below a temporary subreaper', (t) => {
  for (const seed of [296, 448]) t.true(planned(t, seed).some((o) => o.op === 'subreaper' && !o.value), `fuzz ${seed}`);
});

// Seed 19672 (the simpler form, carrierUnderSubreaper): 68 (session 40) is the child of dead
// leader 10, the grandparent of session 40's leader 40, with which 68 shares its fs_struct. 40
// forks a helper with CLONE_FS, which forks 68 with CLONE_FS and exits while 10 is a subreaper.
test('seed 19672: a helper of 40 hands 68 to dead leader 10, a subreaper only around its exit', (t) => {
  const plan = mustPlan(t, 19672, { leaderUnderSubreaper: true });
  const ops = plan.ops;
  const c68 = cloneAt(ops, 't68');
  const h = ops[c68]?.actor ?? '';
  const born = cloneAt(ops, h);
  t.is(ops[born]?.actor, 't40', '40 forks the helper that forks 68');
  t.true((ops[born] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FS'), 'sharing its fs_struct');
  const set = ops.findIndex((o) => o.op === 'subreaper' && o.value && (o.why ?? "").includes(`while ${h} exits`));
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  t.true(set >= 0 && set < exit && ops[exit + 1]?.op === 'subreaper', '10\'s flag is set right before the helper\'s exit and cleared right after');
});
