/**
 * Fuzz cases (share-files mutations) planned by re-plan variant `chainRelays`
 * (planner/variants/chain-relays.ts): an fd table passed down a creator chain through an execve'd dead
 * leader (its execve makes its copy) or through a pid-ns maker helper (forked with CLONE_FILES,
 * it clones the init with CLONE_FILES). Each plan verifies and replays to the image exactly.
 */
import test from 'ava';
import { cloneOf, flagsOf, verifiedFuzzOps } from './verified-fuzz-plan.js';
import { fuzzImage } from './fuzz-image.js';
import { planWithVariant } from '../../planner/index.js';


test('fuzz 115: a maker forked with CLONE_FILES by 31 clones init 32 with CLONE_FILES, 32 passes the table to 34 and unshares', (t) => {
  const ops = verifiedFuzzOps(t, 115, 'share-files: task 27 files shared with 34');
  const i32 = cloneOf(ops, 't32');
  t.true(i32 >= 0);
  const maker = ops[i32].actor;
  t.regex(maker, /^h\d+$/);
  const forkMaker = cloneOf(ops, maker);
  t.is(ops[forkMaker].actor, 't31');
  t.true(flagsOf(ops, forkMaker).includes('CLONE_FILES'));
  t.true(flagsOf(ops, i32).includes('CLONE_FILES') && flagsOf(ops, i32).includes('CLONE_PARENT'));
  const i34 = cloneOf(ops, 't34');
  t.true(flagsOf(ops, i34).includes('CLONE_FILES'));
  const un = (a: string) => ops.findIndex((o) => o.op === 'unshare' && o.actor === a && o.flags.includes('CLONE_FILES'));
  t.true(i34 < un('t32') && forkMaker < un('t31') && un('t28') > 0);
});

test('fuzz 452: execve\'d dead leader 5 forks 29 with CLONE_FILES before its execve, which copies the table, then its thread 27', (t) => {
  const ops = verifiedFuzzOps(t, 452, 'share-files: task 39 files shared with 16');
  const i29 = cloneOf(ops, 't29');
  t.is(ops[i29].actor, 't5');
  t.true(flagsOf(ops, i29).includes('CLONE_FILES'));
  const ex = ops.findIndex((o) => o.op === 'execve' && o.actor === 't5');
  t.true(i29 < ex && ex < cloneOf(ops, 't27'));
  t.false(ops.some((o) => o.op === 'unshare' && o.actor === 't5'));
  t.true(flagsOf(ops, cloneOf(ops, 't39')).includes('CLONE_FILES'));
});

test('without variant chainRelays both stay undecided on FORK-4', (t) => {
  for (const seed of [115, 452]) {
    const out = planWithVariant(fuzzImage(seed).image, { shares: true });
    t.is(out.kind, 'undecided', `seed ${seed}`);
    t.is(planWithVariant(fuzzImage(seed).image, { shares: true, chainRelays: true }).kind, 'plan', `seed ${seed}`);
  }
});
