/**
 * Attempt initJoinOwnTfcs (planner/variants/init-join-own-tfc.ts), with initJoinHelpers: the
 * init-join helper also for a child making its own time_for_children (SETNS-6, UNSH-6, FORK-8,
 * EXIT-2). Seed 100111: 43 ends in time:0 with time_for_children time:2 (owned by its user ns
 * user:2) under 12, the init of pid:2, born in user:2 and in time:1.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, initJoinHelpers: true } as const;
const V = { ...BASE, initJoinOwnTfcs: true } as const;
const image = () => generateHistory(100111).image;

test('seed 100111: a helper in time:0 forks 43 for init 12 and exits; 43 unshares its own time_for_children', (t) => {
  const img = image();
  const np = new Map(img.nsproxies.map((p) => [p.id, p]));
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(43).ppid, 12);
  t.deepEqual([np.get(task(43).nsproxy!)!.time, np.get(task(43).nsproxy!)!.timeForChildren], ['time:0', 'time:2']);
  t.is(np.get(task(12).nsproxy!)!.time, 'time:1');
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const fork = ops.findIndex((o) => o.op === 'clone' && o.child === 't43');
  const h = ops[fork].actor;
  t.true(h.startsWith('ijh'), `an init-join helper forks 43 (${h})`);
  const born = ops.findIndex((o) => o.op === 'clone' && o.child === h);
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  const unshare = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't43' && o.flags.includes('CLONE_NEWTIME'));
  t.true(born >= 0 && born < fork && ops[born].actor !== 't12', 'the helper is forked by a task in time:0, not by init 12');
  t.true(exit > fork, 'the helper exits after it, handing 43 to 12');
  t.true(unshare > fork, '43 makes time:2 itself');
});

test('without the flag the init-join helpers stay undecided on the time join (SETNS-6); planImage gains seed 100111', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t43 must enter time ns time:0 .*\(SETNS-6\)/);
  mustPlanImage(t, img);
});
