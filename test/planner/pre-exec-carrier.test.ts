/**
 * Re-plan variant preExecCarriers (planner/variants/pre-exec-carrier.ts), with shares: a reparent
 * helper forked by an execve'd process before its execve carries, with CLONE_FILES, the fd table
 * that process was born sharing with its creator (FORK-4, EXIT-2).
 * Seed 108802: 27 forks 28 with CLONE_FILES; 28 leads session 28, forks 52's helper h1 with
 * CLONE_FILES before its execve; h1 forks 52 (a child of the restorer in session 28) with it and
 * exits; 52 shares files:1 with 27.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, shares: true } as const;
const V = { ...BASE, preExecCarriers: true } as const;
const image = () => generateHistory(108802).image;

test('seed 108802: 28, born with 27\'s fd table, forks 52\'s helper with CLONE_FILES before its execve', (t) => {
  const img = image();
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(52).files, task(27).files);
  t.is(task(52).ppid, 0);
  t.is(task(52).sid[0], 28);
  t.true(task(28).execed);
  t.not(task(28).files, task(27).files);
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const born = ops.findIndex((o) => o.op === 'clone' && o.actor === 't27' && o.child === 't28');
  const fork = ops.findIndex((o) => o.op === 'clone' && o.child === 't52');
  const helper = fork >= 0 && ops[fork].op === 'clone' ? ops[fork].actor : '';
  const hFork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't28' && o.child === helper);
  const exec = ops.findIndex((o) => o.op === 'execve' && o.actor === 't28');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't28');
  t.true(helper.startsWith('h'), helper);
  for (const i of [born, hFork, fork]) t.true(i >= 0 && ops[i].op === 'clone' && ops[i].flags.includes('CLONE_FILES'), `op ${i}`);
  t.true(born < setsid && setsid < hFork && hFork < fork && hFork < exec, `born ${born}, setsid ${setsid}, helper ${hFork}, fork ${fork}, execve ${exec}`);
});

test('seed 108802: without the flag shares stays undecided on files:1 (FORK-4); planImage gains it', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /tasks 27, 52 share files files:1, .*\(FORK-4\)/);
  mustPlanImage(t, img);
});
