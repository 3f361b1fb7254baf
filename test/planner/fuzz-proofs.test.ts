/**
 * Proofs of impossibility for mutated images the mutation fuzz (test/planner-fuzz/) used to leave
 * undecided (planner/checks/kernel-invariants.ts): a process of a pid-ns init's session parented outside
 * that pid ns, and processes that must each be born before the next round a cycle (a parent
 * before its child, a session leader before a member it does not lead).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { birthOrderLimit, initSessionParentLimit } from '../../planner/checks/kernel-invariants.js';
import { fuzzImage } from '../planner-fuzz/fuzz-image.js';

test('a process in a pid-ns init\'s session whose parent is outside that pid ns is impossible (SID-2)', (t) => {
  // 211: thread 11 of init 3 (pid:0) made its own process: its parent is the restorer
  for (const [seed, proc, init] of [[211, 11, 3], [485, 10, 3]] as const) {
    const { what, image, original } = fuzzImage(seed);
    t.true(what.includes('thread-to-process'), `seed ${seed}: ${what}`);
    const out = planImage(image);
    t.is(out.kind, 'impossible', `seed ${seed}`);
    if (out.kind !== 'impossible') continue;
    t.is(out.proof[0].rule, 'SID-2');
    t.deepEqual(out.proof[0].culprits, [proc, init]);
    t.regex(out.proof[0].message, /is in session \d+ of pid-ns init \d+ .* but its parent .* is outside/);
    // the unmutated state (reachable) breaks no such invariant
    t.is(initSessionParentLimit(original), null);
    t.is(birthOrderLimit(original), null);
  }
});

test('processes that must each be born before the next round a cycle are impossible (SID-2, EXIT-2)', (t) => {
  // 471: 5 moved into session 6, whose leader 6 is 5's child: 6 before 5 (session), 5 before 6 (parent)
  const { what, image, original } = fuzzImage(471);
  t.true(what.includes('sid-to-other-pid: task 5 sid -> 6'), what);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'SID-2');
  t.deepEqual(out.proof[0].culprits.slice().sort((a, b) => a - b), [5, 6]);
  t.regex(out.proof[0].chain.join(' '), /5 is the parent of 6, so it was born before it \(EXIT-2\)/);
  t.regex(out.proof[0].chain.join(' '), /5 is in session 6, which it does not lead, so it was born in it, after 6 made it/);
  t.is(birthOrderLimit(original), null);
});

test('generated (reachable) states never break the birth-order or init-session invariants', (t) => {
  for (let seed = 1; seed <= 150; seed++) {
    const img = generateHistory(seed, { ops: 40 + (seed % 5) * 20 }).image;
    t.is(birthOrderLimit(img), null, `seed ${seed}`);
    t.is(initSessionParentLimit(img), null, `seed ${seed}`);
  }
});
