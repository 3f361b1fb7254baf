/**
 * Processes sharing an address space (CLONE_VM without CLONE_THREAD), from the generator's
 * vmForks histories (npm run soak -- planner --vm-forks): planned where the planner knows the
 * order, a named limit where it does not, never a plan the simulated kernel refuses ("planner bug").
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { mustPlanImage } from './seeded.js';

const vmImage = (seed: number, ops: number) => generateHistory(seed, { ops, vmForks: true }).image;

test('a CLONE_VM child of an execve\'d process is forked after that execve, which gives the mm they share (vm seed 121, 60 ops)', (t) => {
  const image = vmImage(121, 60);
  const p7 = image.tasks.find((x) => x.pid[0] === 7)!;
  const p20 = image.tasks.find((x) => x.pid[0] === 20)!;
  t.true(p7.execed);
  t.is(p20.mm, p7.mm);
  const out = planImage(image);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const exec = ops.findIndex((o) => o.op === 'execve' && o.actor === 't7');
  const fork = ops.findIndex((o) => o === cloneOf(ops, 't20'));
  t.true(exec >= 0 && fork > exec, `execve of 7 at ${exec}, fork of 20 at ${fork}`);
  t.true(cloneOf(ops, 't20')!.flags.includes('CLONE_VM'));
});

test('a CLONE_VM sharer whose time_for_children the restore creates: the first attempt\'s EUSERS is the named limit, not a planner bug, and the vmTimeBirths attempt plans it (vm seed 5, 60 ops)', (t) => {
  const image = vmImage(5, 60);
  const np = new Map(image.nsproxies.map((p) => [p.id, p]));
  const p4 = image.tasks.find((x) => x.pid[0] === 4)!;
  const p13 = image.tasks.find((x) => x.pid[0] === 13)!;
  t.is(p13.mm, p4.mm);
  t.not(np.get(p4.nsproxy!)!.time, np.get(p4.nsproxy!)!.timeForChildren);
  const first = planWithVariant(image, {});
  t.is(first.kind, 'undecided');
  if (first.kind === 'undecided') {
    t.regex(first.reason, /processes 4 and 13 share address space .* time_for_children/);
    t.notRegex(first.reason, /planner bug/);
  }
  mustPlanImage(t, image);
});

test('a variant whose plan replay refuses a sharer\'s time join (EUSERS) answers the named limit, not a planner bug (vm seed 222, the extended constructions; planImage plans it with vmTimeBirths, vm-time-follow-up.test.ts)', (t) => {
  const out = planWithVariant(generateHistory(222, { vmForks: true }).image, { extended: true });
  t.is(out.kind, 'undecided');
  if (out.kind !== 'undecided') return;
  t.regex(out.reason, /share address space .* did not find here/);
});

test('attempt vmTimeBirths: a CLONE_VM child is forked once its creator entered their time ns and made their time_for_children (vm seed 15)', (t) => {
  const image = generateHistory(15, { vmForks: true }).image;
  const np = new Map(image.nsproxies.map((p) => [p.id, p]));
  const [p5, p26] = [5, 26].map((pid) => image.tasks.find((x) => x.pid[0] === pid)!);
  t.is(p26.mm, p5.mm);
  t.deepEqual([np.get(p26.nsproxy!)!.time, np.get(p26.nsproxy!)!.timeForChildren], [np.get(p5.nsproxy!)!.time, np.get(p5.nsproxy!)!.timeForChildren]);
  // the first attempt alone forks 26 before 5 settles its time namespaces
  t.is(planWithVariant(image, {}).kind, 'undecided');
  const out = planImage(image);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const fork = ops.findIndex((o) => o === cloneOf(ops, 't26'));
  t.true(cloneOf(ops, 't26')!.flags.includes('CLONE_VM'));
  const newTime = ops.flatMap((o, i) => (o.op === 'unshare' && o.actor === 't5' && o.flags.includes('CLONE_NEWTIME') ? [i] : []));
  t.is(newTime.length, 2);
  const enter = ops.findIndex((o) => o.op === 'setns' && o.actor === 't5' && o.file === 'time_for_children');
  t.true(newTime[0] < enter && enter < newTime[1] && newTime[1] < fork, `unshares ${newTime}, enter ${enter}, fork ${fork}`);
});

test('CLONE_VM histories: no plan the simulated kernel refuses', (t) => {
  const counts = { plan: 0, undecided: 0, impossible: 0 };
  for (let seed = 1; seed <= 60; seed++) {
    const out = planImage(vmImage(seed, 60));
    if (out.kind === 'undecided') t.notRegex(out.reason, /planner bug/, `seed ${seed}`);
    if (out.kind === 'plan') t.true(out.plan.summary.verified, `seed ${seed}`);
    counts[out.kind as keyof typeof counts]++;
  }
  t.log(JSON.stringify(counts));
  t.true(counts.plan > 50, JSON.stringify(counts));
});
