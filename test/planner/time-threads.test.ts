/**
 * Re-plan variant ownTimeThreads (planner/variants/time-threads.ts): threads of one process sharing a
 * pending time_for_children; the holder forked by another task of its process (sharing its fd
 * table) makes the time ns and forks the other holder, whose tid is lower (pid reuse).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { ownTimeThreads: true } as const;
type Op = { op: string; actor?: string; child?: string; flags?: string[] };

test('seed 30111: thread 65 unshares CLONE_NEWTIME, then forks thread 24 (lower tid), which keeps its pending time_for_children', (t) => {
  const plain = planWithVariant(generateHistory(30111).image, {});
  t.is(plain.kind, 'undecided');
  t.regex(plain.kind === 'undecided' ? plain.reason : '', /t65 needs time_for_children time:1/);
  const plan = mustPlan(t, 30111, V);
  const ops = plan.ops as Op[];
  const fork65 = ops.findIndex((o) => o.op === 'clone' && o.child === 't65');
  const time65 = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't65' && (o.flags ?? []).includes('CLONE_NEWTIME'));
  const fork24 = ops.findIndex((o) => o.op === 'clone' && o.child === 't24');
  t.true(fork65 >= 0 && time65 > fork65 && fork24 > time65, 'forked, unshares its time ns, then forks 24');
  t.is(ops[fork65].actor, 't36', '65 shares the leader\'s fd table: the leader forks it');
  t.true((ops[fork65].flags ?? []).includes('CLONE_FILES'));
  t.is(ops[fork24].actor, 't65');
  t.true((ops[fork24].flags ?? []).includes('CLONE_THREAD'));
  t.false(ops.some((o) => o.op === 'unshare' && o.actor === 't24' && (o.flags ?? []).includes('CLONE_NEWTIME')));
});

test('seeds 72694, 89151: planned with the variant', (t) => {
  for (const s of [72694, 89151]) mustPlan(t, s, V);
});
