/**
 * Fuzz case 88 (share-files mutation: 32, in session 7, shares files:23 with 36 in session 2),
 * planned by re-plan variant `threadHolders` (planner/variants/thread-holder.ts): 7 keeps files:2
 * shared with 8, forked before its setsid, so 7 itself cannot hold files:23 for 9 (before its
 * setsid) and 32 (after it); a helper thread of 7, created without CLONE_FILES, forks both with
 * CLONE_FILES and exits alone. The plan verifies and replays to the image exactly.
 */
import test from 'ava';
import { cloneOf, flagsOf, verifiedFuzzOps } from './verified-fuzz-plan.js';
import { fuzzImage } from './fuzz-image.js';
import { planWithVariant } from '../../planner/index.js';


test('fuzz 88: a thread of 7 forks 9 before 7\'s setsid and 32 after it, both with CLONE_FILES, then exits alone', (t) => {
  const ops = verifiedFuzzOps(t, 88, 'share-files: task 32 files shared with 36');
  const i9 = cloneOf(ops, 't9');
  const i32 = cloneOf(ops, 't32');
  const th = ops[i9].actor;
  t.regex(th, /^h\d+$/);
  t.is(ops[i32].actor, th);
  const ith = cloneOf(ops, th);
  t.is(ops[ith].actor, 't7');
  t.true(flagsOf(ops, ith).includes('CLONE_THREAD') && !flagsOf(ops, ith).includes('CLONE_FILES'));
  t.true(flagsOf(ops, i9).includes('CLONE_FILES') && flagsOf(ops, i32).includes('CLONE_FILES'));
  const setsid7 = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't7');
  t.true(ith < i9 && i9 < setsid7 && setsid7 < i32);
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === th);
  t.true(ex > i32);
  const e = ops[ex];
  t.true(e.op === 'exit' && e.group !== true);
});

test('without variant threadHolders it stays undecided on FORK-4', (t) => {
  const { image } = fuzzImage(88);
  const out = planWithVariant(image, { shares: true });
  t.is(out.kind, 'undecided');
  if (out.kind === 'undecided') t.regex(out.reason, /FORK-4/);
  t.is(planWithVariant(image, { shares: true, threadHolders: true }).kind, 'plan');
});
