// A process whose time_for_children is a time ns other than its active one made that ns by its
// own unshare(CLONE_NEWTIME) (UNSH-6): no one else can give it a pending time_for_children. The
// creator choice (ns-creator-choice.ts) now keeps it the creator even when an init made by a
// maker it follows, or a ban after an ordering cycle, would have ruled it out; before, another
// creator was chosen and the emitter stopped ("t36 needs time_for_children time:1 different
// from its time ns", seed 16261).
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

test('seed 16261: 36 (time ns time:0, time_for_children time:1) unshares time:1 itself; verified plan', (t) => {
  const image = generateHistory(16261).image;
  const np = image.nsproxies.find((n) => n.id === image.tasks.find((x) => x.pid[0] === 36)!.nsproxy)!;
  t.true(np.time !== np.timeForChildren, '36 has a pending time_for_children in the image');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
  t.true(out.plan.summary.verified);
  t.true(out.plan.ops.some((o) => o.op === 'unshare' && o.actor === 't36' && o.flags.includes('CLONE_NEWTIME')), 't36 makes time:1');
});
