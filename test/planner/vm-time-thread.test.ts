/**
 * Re-plan variant vmTimeThreads (planner/variants/vm-time-thread.ts), with vmTimeBirths: a CLONE_VM
 * child forked by the thread of its creator's process holding its time ns and time_for_children
 * (FORK-8, SETNS-6, UNSH-6). vm seed 245: thread 14 of dead leader 4 unshared time:1, then forked
 * 21 and 62 with CLONE_VM, which keep time:0 with time_for_children time:1.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, vmTimeBirths: true } as const;
const V = { ...BASE, vmTimeThreads: true } as const;
const image = () => generateHistory(245, { vmForks: true }).image;

test('vm seed 245: thread 14 forks 21 and 62 with CLONE_VM after its unshare(CLONE_NEWTIME)', (t) => {
  const img = image();
  const np = new Map(img.nsproxies.map((p) => [p.id, p]));
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(14).tgid, 4);
  for (const x of [21, 62]) {
    t.is(task(x).mm, task(14).mm);
    t.deepEqual([np.get(task(x).nsproxy!)!.time, np.get(task(x).nsproxy!)!.timeForChildren], ['time:0', 'time:1']);
  }
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const unshare = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't14' && o.flags.includes('CLONE_NEWTIME'));
  t.true(unshare >= 0);
  for (const x of [21, 62]) {
    const fork = ops.findIndex((o) => o.op === 'clone' && o.child === `t${x}`);
    const o = ops[fork];
    t.true(o.op === 'clone' && o.actor === 't14' && o.flags.includes('CLONE_VM'), `thread 14 forks ${x} with CLONE_VM`);
    t.true(fork > unshare, `${x} after 14's unshare`);
  }
});

test('without the flag vmTimeBirths alone stays undecided on UNSH-6 (the leader forks 21); planImage gains vm seed 245', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t21 needs time_for_children time:1 .*\(UNSH-6\)/);
  mustPlanImage(t, img);
});
