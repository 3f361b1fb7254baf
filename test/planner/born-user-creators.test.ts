/**
 * Members their chosen creator would bear in a user ns they cannot climb back from (SETNS-4):
 * - planner/sharing/zombie-sources.ts (variant `shares`): a zombie whose CLONE_FS children end in a user
 *   ns its own final one is not above forks a source helper that makes their user ns and creates
 *   them with CLONE_FS|CLONE_PARENT (seed 7590: zombie 10 ends in user:1, 50 and 16 in user:4);
 * - planner/creators/user-orphans.ts: an init that moved below its pid ns's owner after its birth was born
 *   at or below that owner, so it cannot fork a child outside it (seed 8538: init 15 of pid:2,
 *   owned by user:10, ends in user:3; its child 26 is in user:0);
 * - planner/graph/thread-creators.ts pfcThread (variant threadPfc): a child the leader and a thread
 *   would create sharing the same is created by the thread whose pid_for_children is the child's
 *   pid ns (seed 9808: thread 22 of 4 unshared pid:2 and forked 44 with CLONE_FS; the leader,
 *   sharing its fs_struct with 44 after its user-ns switch, could not point its own
 *   pid_for_children back at pid:0 afterwards).
 */
import test, { type ExecutionContext } from 'ava';
import type { Image } from '../../model/image.js';
import type { Op } from '../../executor/ops.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { generateHistory } from '../../kernel/generator.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

/** replayed again here, independently of the planner's own check: no failing op, no difference */
function replaysExactly(t: ExecutionContext, image: Image, ops: Op[]): void {
  const r = replayOnSimKernel(image, ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
}

test('a zombie whose CLONE_FS children end outside its user ns forks a source helper for them (seed 7590)', (t) => {
  const image = generateHistory(7590).image;
  const { ops } = mustPlan(t, 7590, { shares: true });
  const c50 = cloneOf(ops, 't50');
  const c16 = cloneOf(ops, 't16');
  if (!c50 || !c16) return t.fail('50 and 16 are created');
  t.is(c50.actor, c16.actor);
  t.regex(c50.actor, /^h\d+$/);
  for (const c of [c50, c16]) t.true(c.flags.includes('CLONE_FS') && c.flags.includes('CLONE_PARENT'));
  t.is(cloneOf(ops, c50.actor)?.actor, 't10');
  replaysExactly(t, image, ops);
  t.is(planImage(image).kind, 'plan');
});

test('an init that ended below its pid ns owner does not fork a child outside that owner (seed 8538)', (t) => {
  const image = generateHistory(8538).image;
  const { ops } = mustPlan(t, 8538);
  const c26 = cloneOf(ops, 't26');
  t.truthy(c26);
  if (c26) t.not(c26.actor, 't15');
  replaysExactly(t, image, ops);
});

test('a child in a thread\'s pid_for_children is created by that thread, not the leader (seed 9808)', (t) => {
  const image = generateHistory(9808).image;
  const { ops } = mustPlan(t, 9808, { moves: false, initStop: false, threadPfc: true });
  const c44 = cloneOf(ops, 't44');
  if (!c44) return t.fail('44 is created');
  t.is(c44.actor, 't22');
  t.true(c44.flags.includes('CLONE_FS'));
  replaysExactly(t, image, ops);
  // without the variant the first attempt stays undecided on the leader's pid_for_children cycle
  const plain = planWithVariant(image, {});
  t.is(plain.kind, 'undecided');
});

test('variant threadPfc also plans seed 3110 (a thread forks a child in its own pid_for_children)', (t) => {
  const image = generateHistory(3110).image;
  const { ops } = mustPlan(t, 3110, { moves: false, initStop: false, threadPfc: true });
  replaysExactly(t, image, ops);
});
