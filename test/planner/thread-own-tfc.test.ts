/**
 * Re-plan variant threadOwnTfcs (planner/variants/thread-own-tfc.ts): a thread making its own
 * time_for_children in its leader's time ns is not ordered before the leader's time ns making
 * (UNSH-2, UNSH-6, SETNS-6). Seed 102838: leader 5 enters time:1 and makes time:2 as its
 * time_for_children; thread 30 (time:1/time:2) creates thread 33, which unshares time:3 itself.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false } as const;
const V = { ...BASE, threadOwnTfcs: true } as const;
const image = () => generateHistory(102838).image;

test('seed 102838: 5 makes time:2 before thread 30 creates thread 33, which makes time:3 itself', (t) => {
  const img = image();
  const np = new Map(img.nsproxies.map((p) => [p.id, p]));
  const slots = (pid: number) => { const n = np.get(img.tasks.find((y) => y.pid[0] === pid)!.nsproxy!)!; return [n.time, n.timeForChildren]; };
  t.deepEqual(slots(5), ['time:1', 'time:2']);
  t.deepEqual(slots(30), ['time:1', 'time:2']);
  t.deepEqual(slots(33), ['time:1', 'time:3']);
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const times = ops.flatMap((o, i) => (o.op === 'unshare' && o.flags.includes('CLONE_NEWTIME') ? [[o.actor, i] as const] : []));
  const by5 = times.filter(([a]) => a === 't5').map(([, i]) => i);
  const by33 = times.filter(([a]) => a === 't33').map(([, i]) => i);
  t.is(by5.length, 2, '5 makes time:1 and time:2');
  t.is(by33.length, 1, '33 makes time:3');
  const fork30 = ops.findIndex((o) => o.op === 'clone' && o.child === 't30');
  const fork33 = ops.findIndex((o) => o.op === 'clone' && o.child === 't33');
  t.true(ops[fork33].op === 'clone' && ops[fork33].actor === 't30', 'thread 30 creates thread 33');
  t.true(by5[1] < fork30 && fork30 < fork33 && fork33 < by33[0], '5 makes time:2, then 30, then 33, which unshares its own');
});

test('without the flag the first attempt stops on UNSH-6 (thread 30 made time:2); planImage gains seed 102838', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t5 needs time_for_children time:2 different from its time ns.*\(UNSH-6\)/);
  mustPlanImage(t, img);
});
