/**
 * planner/variants/own-fs-thread-keeps.ts (re-plan variant ownFsThreadKeeps): a thread with an
 * fs_struct of its own keeping its leader's older mount ns is created before the leader's mount
 * join from inside its user ns (SETNS-3, SETNS-4, FORK-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 61302: thread 45 (own fs_struct) keeps mnt:1 (owned by user:0); its leader 37 ends in
// user:1 and mnt:0. 37 enters user:1, forks 45 without CLONE_FS, then joins mnt:0.
test('seed 61302: thread 45 comes between 37 entering user:1 and joining mnt:0', (t) => {
  const out = planWithVariant(generateHistory(61302).image, {});
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t45 must enter mnt ns mnt:1 .* no rights over/);
  const ops = mustPlan(t, 61302, { ownFsThreadKeeps: true }).ops;
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user');
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't45');
  const mnt = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'mnt');
  const clone = ops[thread];
  t.true(user < thread && thread < mnt, 'switch, thread, mount join');
  t.false(clone.op === 'clone' && clone.flags.includes('CLONE_FS'), 'the thread has its own fs_struct');
  t.is(at(ops, (o) => o.op === 'setns' && o.actor === 't45' && o.file === 'mnt'), -1, '45 keeps mnt:1 from its clone');
});
