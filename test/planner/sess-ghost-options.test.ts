/**
 * planner/variants/sess-ghost-options.ts (re-plan variant ghostOptionsAgain): a session's members listed
 * again once a lift added the ghost placement that serves them all.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

// Setids seed 505: session 45's leader is dead. Init 53 of pid:3 (parent 44) is lifted into
// session 45; 56 (parent 40, a subreaper, in pid:3) was listed before that with the ghost under
// 40 only. Listed again, the ghost under 44 serves both: it creates 53 with CLONE_PARENT and
// forks 56, whose reaper at the ghost's exit is 40.
test('setids seed 505: session 45\'s ghost under 44 creates 53 with CLONE_PARENT and forks 56', (t) => {
  const img = generateHistory(505, { setids: true }).image;
  const out = planWithVariant(img, { ghostOptionsAgain: true });
  if (out.kind !== 'plan') return t.fail(JSON.stringify(out).slice(0, 300));
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const g = out.plan.helpers.find((h) => h.role === 'session-ghost' && h.why.includes('a ghost with pid 45 '));
  t.truthy(g, 'session 45 has a ghost');
  const born = ops.find((o) => o.op === 'clone' && o.child === g!.name);
  t.is(born?.actor, 't44', 'the ghost is 44\'s child');
  const c53 = ops.find((o) => o.op === 'clone' && o.child === 't53');
  const c56 = ops.find((o) => o.op === 'clone' && o.child === 't56');
  t.is(c53?.actor, g!.name);
  t.true(c53?.op === 'clone' && c53.flags.includes('CLONE_PARENT') && c53.flags.includes('CLONE_NEWPID'), '53: CLONE_PARENT, a new pid ns');
  t.is(c56?.actor, g!.name);
  t.true(c56?.op === 'clone' && !c56.flags.includes('CLONE_PARENT'), '56 is forked, it reaches 40 at the ghost\'s exit');
});

test('setids seed 505: planImage verifies it', (t) => {
  const out = planImage(generateHistory(505, { setids: true }).image);
  t.is(out.kind, 'plan');
  t.true(out.kind === 'plan' && out.plan.summary.verified);
});
