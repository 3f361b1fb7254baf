// A pid-ns init whose parent is in another pid ns than its pid ns's parent cannot be forked by
// that parent (CLONE_NEWPID makes a child of the creator's own pid ns, FORK-7). A sibling living
// in that parent pid ns forks it with CLONE_PARENT (creators.ts initSibling). Before, the
// restorer was given the fork and the emitter stopped: "root cannot create pid ns pid:4".
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

test('seed 13875: init 58 of pid:4 (child of pid:2), a child of the restorer, is forked by its sibling 42 of pid:2 with CLONE_PARENT', (t) => {
  const image = generateHistory(13875).image;
  const p = image.tasks.find((x) => x.pid[0] === 58)!;
  t.is(p.ppid, 0, '58 is a child of the restorer');
  t.is(image.namespaces.find((n) => n.id === p.pidns)!.parent, 'pid:2');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
  t.true(out.plan.summary.verified);
  const fork = out.plan.ops.find((o) => o.op === 'clone' && o.child === 't58');
  t.truthy(fork && fork.op === 'clone' && fork.actor === 't42' && fork.flags.includes('CLONE_PARENT') && fork.flags.includes('CLONE_NEWPID'), JSON.stringify(fork));
});

for (const seed of [30922, 85230, 90286]) {
  test(`seed ${seed}: an init forked by a sibling in its pid ns's parent; verified`, (t) => {
    const out = planImage(generateHistory(seed).image);
    if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
    t.true(out.plan.summary.verified);
    t.true(out.plan.ops.some((o) => o.op === 'clone' && o.flags.includes('CLONE_PARENT') && o.flags.includes('CLONE_NEWPID') && /its sibling \d+, in that parent pid ns/.test(o.why ?? '')));
  });
}
