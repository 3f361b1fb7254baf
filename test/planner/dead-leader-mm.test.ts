/**
 * A process whose leader is dead holds its threads' mm for clone-time sharing (re-plan variant
 * deadLeaderMm, planner/sharing/sharers.ts): its leader, before it exits, creates a sibling sharing that
 * mm with CLONE_VM|CLONE_PARENT (FORK-2, FORK-3, FORK-4). The image is the mutation fuzz's own
 * (test/planner-fuzz/): a thread of a group with a dead leader made its own process.
 */
import test from 'ava';
import { planImage, planWithVariant } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { fuzzImage } from '../planner-fuzz/fuzz-image.js';

test('a process sharing the mm of a group whose leader is dead is created by that leader with CLONE_VM|CLONE_PARENT', (t) => {
  // 468: thread 24 of 18 (leader dead, thread 21 holds mm:9) made its own process, parent 6
  const { what, image } = fuzzImage(468);
  t.true(what.includes('thread-to-process: thread 24'), what);
  const alone = planWithVariant(image, { deadLeaderMm: true });
  t.is(alone.kind, 'plan', alone.kind === 'undecided' ? alone.reason : '');
  if (alone.kind !== 'plan') return;
  t.true(alone.plan.summary.verified);
  const clone = alone.plan.ops.find((o) => o.op === 'clone' && o.child === 't24');
  t.truthy(clone);
  if (clone?.op !== 'clone') return;
  t.is(clone.actor, 't18');
  t.true(clone.flags.includes('CLONE_VM') && clone.flags.includes('CLONE_PARENT') && !clone.flags.includes('CLONE_THREAD'));
  const r = replayOnSimKernel(image, alone.plan.ops);
  t.is(r.failedAt, -1);
  t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  // planImage reaches it after the first attempt's undecided
  t.is(planImage(image).kind, 'plan');
  // without the variant the first attempt stays undecided on FORK-4
  const plain = planWithVariant(image, {});
  t.is(plain.kind, 'undecided');
  if (plain.kind === 'undecided') t.regex(plain.reason, /share mm .*FORK-4/);
});
