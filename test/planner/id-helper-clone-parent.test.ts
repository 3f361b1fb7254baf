// A creator that still needs its capabilities cannot take the non-root uid owning the user ns it
// makes with a child (OWN-1, CRED-2): a helper takes the uid and forks the child with
// CLONE_PARENT. When the child itself is forked with CLONE_PARENT (its parent is the creator's
// parent), the helper is forked with CLONE_PARENT too and that parent reaps it. Before, these
// states (generated with credential switches) ended undecided: "h1 would have to leave uid 0".
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

test('setids seed 32: h1 forks t54 (CLONE_PARENT|CLONE_NEWUSER, owner uid 1000) through an id helper forked with CLONE_PARENT; t24 reaps it', (t) => {
  const out = planImage(generateHistory(32, { setids: true }).image);
  if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 'h1' && o.child.startsWith('idh') && o.flags.includes('CLONE_PARENT'));
  t.true(fork >= 0, 'h1 forks an id helper with CLONE_PARENT');
  const helper = fork >= 0 && ops[fork].op === 'clone' ? ops[fork].child : '';
  const ids = ops.findIndex((o) => o.op === 'setresuid' && o.actor === helper && o.uid === 1000);
  const child = ops.findIndex((o) => o.op === 'clone' && o.actor === helper && o.child === 't54' && o.flags.includes('CLONE_NEWUSER') && o.flags.includes('CLONE_PARENT'));
  const reap = ops.findIndex((o) => o.op === 'wait' && o.actor === 't24' && /reap idh/.test(o.why ?? ''));
  t.true(fork < ids && ids < child && child < reap, `order fork ${fork} < setresuid ${ids} < clone ${child} < reap ${reap}`);
  t.false(ops.some((o) => o.op === 'setresuid' && o.actor === 'h1'), 'h1 keeps uid 0 and its capabilities');
});

for (const seed of [35, 163, 504]) {
  test(`setids seed ${seed}: verified through a CLONE_PARENT id helper`, (t) => {
    const out = planImage(generateHistory(seed, { setids: true }).image);
    if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
    t.true(out.plan.summary.verified);
    t.true(out.plan.ops.some((o) => o.op === 'clone' && o.child.startsWith('idh') && o.flags.includes('CLONE_PARENT')));
  });
}
