/**
 * Re-plan variant lateSettledBirths (planner/variants/late-settled-birth.ts), with vmTimeBirths: a
 * child born in a user ns without rights over the namespaces it inherits is born after its
 * creator's joins of them inside the creator's own user ns (SETNS-3, SETNS-7). vm seed 224: 33
 * (user:1) forks 323 with CLONE_VM|CLONE_NEWUSER into user:5, below user:1; 323 ends in 33's mnt:2
 * and net:2, owned by user:1, which it cannot join.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, vmTimeBirths: true } as const;
const V = { ...BASE, lateSettledBirths: true } as const;
const image = () => generateHistory(224, { vmForks: true }).image;

test('vm seed 224: 33 forks 323 once it joined mnt:2 and net:2 inside user:1', (t) => {
  const img = image();
  const np = new Map(img.nsproxies.map((p) => [p.id, p]));
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(323).ppid, 33);
  t.is(task(323).mm, task(33).mm);
  t.is(np.get(task(323).nsproxy!)!.mnt, 'mnt:2');
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const at = (file: string) => ops.findIndex((o) => o.op === 'setns' && o.actor === 't33' && o.file === file);
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't33' && o.child === 't323');
  t.true(fork >= 0 && ops[fork].op === 'clone' && ops[fork].flags.includes('CLONE_NEWUSER'));
  t.true(at('user') < at('mnt') && at('mnt') < fork && at('net') < fork, `user ${at('user')}, mnt ${at('mnt')}, net ${at('net')}, fork ${fork}`);
});

test('without the flag vmTimeBirths stays undecided: 323 forked before 33\'s joins cannot enter mnt:2 (SETNS-3); planImage gains vm seed 224', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /t323 must enter mnt ns mnt:2 .*\(SETNS-3\)/);
  mustPlanImage(t, img);
});
