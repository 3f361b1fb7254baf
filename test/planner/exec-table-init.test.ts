/**
 * Re-plan variant groupJoiners with unshareInits, gated by planner/variants/exec-table-init.ts:
 * a pid-ns init sharing its creator's fd table from after the creator's execve, born into a pid
 * ns the creator unshared before that execve (UNSH-5, SETNS-5, FORK-4). Seed 108908: 64 (init of
 * pid:10, execve'd) and 315, init of pid:11, sharing 64's table; 37 needs a group joiner.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { anyExecTableInit } from '../../planner/variants/exec-table-init.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, groupJoiners: true } as const;
const V = { ...BASE, unshareInits: true } as const;
const image = () => generateHistory(108908).image;

test('seed 108908: 64 unshares pid:11 before its execve and forks its init 315 with CLONE_FILES after it', (t) => {
  const img = image();
  t.true(anyExecTableInit(img));
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const unshare = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't64' && o.flags.includes('CLONE_NEWPID'));
  const exec = ops.findIndex((o) => o.op === 'execve' && o.actor === 't64');
  const fork = ops.findIndex((o) => o.op === 'clone' && o.child === 't315');
  t.true(unshare >= 0 && unshare < exec && exec < fork);
  const o = ops[fork];
  t.true(o.op === 'clone' && o.actor === 't64' && o.flags.includes('CLONE_FILES') && !o.flags.includes('CLONE_NEWPID'));
});

test('without unshareInits the group joiners close a cycle through 64 execve (SETNS-5); planImage gains seed 108908', (t) => {
  const img = image();
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /"64 points pid_for_children at pid:11 while privileged" must happen before "64 execve"/);
  t.false(anyExecTableInit(generateHistory(109079).image));
  mustPlanImage(t, img);
});
