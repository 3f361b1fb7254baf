/**
 * Fuzz case 81 (share-files mutation: 30, an init under 28, shares 27's fd table; 27's parent 8
 * is 28's ancestor, and 28 shares its own table with its creator 22, so no relay chain can pass
 * it down), planned by re-plan variant `subreaperSources` (planner/variants/subreaper-source.ts): 28
 * forks a helper, which forks 30 with CLONE_FILES|CLONE_PARENT and 27 with CLONE_FILES, and
 * exits while 8 is a subreaper, so 27 reparents to 8. The plan verifies and replays exactly.
 */
import test from 'ava';
import { cloneOf, flagsOf, verifiedFuzzOps } from './verified-fuzz-plan.js';
import { fuzzImage } from './fuzz-image.js';
import { planWithVariant } from '../../planner/index.js';


test('fuzz 81: a helper of 28 forks 30 and 27 with CLONE_FILES and exits between 8\'s subreaper set and clear', (t) => {
  const ops = verifiedFuzzOps(t, 81, 'share-files: task 30 files shared with 27');
  const i27 = cloneOf(ops, 't27');
  const i30 = cloneOf(ops, 't30');
  const h = ops[i27].actor;
  t.regex(h, /^h\d+$/);
  t.is(ops[i30].actor, h);
  t.is(ops[cloneOf(ops, h)].actor, 't28');
  t.false(flagsOf(ops, cloneOf(ops, h)).includes('CLONE_FILES'));
  t.true(flagsOf(ops, i27).includes('CLONE_FILES') && !flagsOf(ops, i27).includes('CLONE_PARENT'));
  t.true(flagsOf(ops, i30).includes('CLONE_FILES') && flagsOf(ops, i30).includes('CLONE_PARENT'));
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  const on = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't8' && o.value === true);
  const off = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't8' && o.value === false);
  t.true(Math.max(i27, i30) < on && on === ex - 1 && off === ex + 1);
});

test('without variant subreaperSources it stays undecided on FORK-4', (t) => {
  const { image } = fuzzImage(81);
  const out = planWithVariant(image, { shares: true });
  t.is(out.kind, 'undecided');
  if (out.kind === 'undecided') t.regex(out.reason, /FORK-4/);
  t.is(planWithVariant(image, { shares: true, subreaperSources: true }).kind, 'plan');
});
