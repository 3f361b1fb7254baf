/**
 * Members their chosen creator would bear in a user ns they cannot climb back from (SETNS-4):
 * - planner/zombie-sources.ts (variant `shares`): a zombie whose CLONE_FS children end in a user
 *   ns its own final one is not above forks a source helper that makes their user ns and creates
 *   them with CLONE_FS|CLONE_PARENT (seed 7590: zombie 10 ends in user:1, 50 and 16 in user:4);
 * - planner/user-orphans.ts: an init that moved below its pid ns's owner after its birth was born
 *   at or below that owner, so it cannot fork a child outside it (seed 8538: init 15 of pid:2,
 *   owned by user:10, ends in user:3; its child 26 is in user:0);
 * - planner/thread-creators.ts pfcThread (variant threadPfc): a child the leader and a thread
 *   would create sharing the same is created by the thread whose pid_for_children is the child's
 *   pid ns (seed 9808: thread 22 of 4 unshared pid:2 and forked 44 with CLONE_FS; the leader,
 *   sharing its fs_struct with 44 after its user-ns switch, could not point its own
 *   pid_for_children back at pid:0 afterwards).
 */
import test from 'ava';
import { planImage, planWithVariant } from '../../planner/index.js';
import { generateHistory } from '../../kernel/generator.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';

test('a zombie whose CLONE_FS children end outside its user ns forks a source helper for them (seed 7590)', (t) => {
  const image = generateHistory(7590).image;
  const out = planWithVariant(image, { shares: true });
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const c50 = out.plan.ops.find((o) => o.op === 'clone' && o.child === 't50');
  const c16 = out.plan.ops.find((o) => o.op === 'clone' && o.child === 't16');
  if (c50?.op !== 'clone' || c16?.op !== 'clone') return t.fail('50 and 16 are created');
  t.is(c50.actor, c16.actor);
  t.regex(c50.actor, /^h\d+$/);
  for (const c of [c50, c16]) t.true(c.flags.includes('CLONE_FS') && c.flags.includes('CLONE_PARENT'));
  const hc = out.plan.ops.find((o) => o.op === 'clone' && o.child === c50.actor);
  t.is(hc?.op === 'clone' ? hc.actor : undefined, 't10');
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  t.is(planImage(image).kind, 'plan');
});

test('an init that ended below its pid ns owner does not fork a child outside that owner (seed 8538)', (t) => {
  const image = generateHistory(8538).image;
  const out = planImage(image);
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const c26 = out.plan.ops.find((o) => o.op === 'clone' && o.child === 't26');
  t.truthy(c26);
  if (c26?.op === 'clone') t.not(c26.actor, 't15');
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
});

test('a child in a thread\'s pid_for_children is created by that thread, not the leader (seed 9808)', (t) => {
  const image = generateHistory(9808).image;
  const out = planWithVariant(image, { moves: false, initStop: false, threadPfc: true });
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const c44 = out.plan.ops.find((o) => o.op === 'clone' && o.child === 't44');
  if (c44?.op !== 'clone') return t.fail('44 is created');
  t.is(c44.actor, 't22');
  t.true(c44.flags.includes('CLONE_FS'));
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  // without the variant the first attempt stays undecided on the leader's pid_for_children cycle
  const plain = planWithVariant(image, {});
  t.is(plain.kind, 'undecided');
});

test('variant threadPfc also plans seed 3110 (a thread forks a child in its own pid_for_children)', (t) => {
  const image = generateHistory(3110).image;
  const out = planWithVariant(image, { moves: false, initStop: false, threadPfc: true });
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const r = replayOnSimKernel(image, out.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
});
