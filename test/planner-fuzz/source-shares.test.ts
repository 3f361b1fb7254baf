/**
 * Fuzz cases (thread-to-process mutations) planned by re-plan variant `sourceShares`
 * (planner/variants/source-shares.ts): processes sharing an address space with a pid-ns init (which
 * cannot CLONE_PARENT, FORK-3) forked by a share-source helper of their parent with
 * CLONE_VM|CLONE_SIGHAND|CLONE_PARENT, in a group their pid ns cannot see (inherited through the
 * helper), and that helper making their pending time_for_children first. Each plan verifies and
 * replays to the image exactly.
 */
import test from 'ava';
import { cloneOf, flagsOf, verifiedFuzzOps } from './verified-fuzz-plan.js';
import { fuzzImage } from './fuzz-image.js';
import { planWithVariant } from '../../planner/index.js';


test('fuzz 597: 6 forks a helper before its setsid, which forks dead-leader init 9 and 11 with CLONE_VM|CLONE_SIGHAND|CLONE_PARENT', (t) => {
  const ops = verifiedFuzzOps(t, 597, 'thread-to-process: thread 11 -> own process');
  const i9 = cloneOf(ops, 't9');
  const i11 = cloneOf(ops, 't11');
  const h = ops[i9].actor;
  t.regex(h, /^h\d+$/);
  t.is(ops[i11].actor, h);
  for (const i of [i9, i11]) for (const fl of ['CLONE_VM', 'CLONE_SIGHAND', 'CLONE_PARENT']) t.true(flagsOf(ops, i).includes(fl), `${i} ${fl}`);
  const fh = cloneOf(ops, h);
  t.is(ops[fh].actor, 't6');
  // (in session 2 and group 2, which 9 and 11 inherit through it: before 6's setsid)
  const setsid6 = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't6');
  t.true(fh < setsid6);
  t.true(ops.some((o) => o.op === 'exit' && o.actor === h));
});

test('fuzz 138: the helper unshares time:2 before forking 9 and 31 with CLONE_VM, so both keep time:0 with time_for_children time:2', (t) => {
  const ops = verifiedFuzzOps(t, 138, 'thread-to-process: thread 31 -> own process');
  const i9 = cloneOf(ops, 't9');
  const h = ops[i9].actor;
  t.regex(h, /^h\d+$/);
  t.is(ops[cloneOf(ops, 't31')].actor, h);
  const ut = ops.findIndex((o) => o.op === 'unshare' && o.actor === h && o.flags.includes('CLONE_NEWTIME'));
  t.true(ut >= 0 && ut < i9);
  t.true(flagsOf(ops, i9).includes('CLONE_VM') && flagsOf(ops, cloneOf(ops, 't31')).includes('CLONE_VM'));
  t.false(ops.some((o) => (o.op === 'unshare' || o.op === 'setns') && (o.actor === 't9' || o.actor === 't31') && ('flags' in o ? o.flags.includes('CLONE_NEWTIME') : o.file === 'time')));
});

test('without variant sourceShares both stay undecided', (t) => {
  for (const seed of [597, 138]) {
    const { image } = fuzzImage(seed);
    t.is(planWithVariant(image, { shares: true }).kind, 'undecided', `seed ${seed}`);
    t.is(planWithVariant(image, { shares: true, sourceShares: true }).kind, 'plan', `seed ${seed}`);
  }
});
