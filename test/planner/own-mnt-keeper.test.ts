/**
 * planner/variants/own-mnt-keeper.ts (re-plan variant ownMntKeepers, with execCaps and threadKeeps):
 * a thread sharing the fs_struct of a leader that makes its own mount ns, keeping an older net
 * ns, is created before the leader's join, which follows its execve (SETNS-3, SETNS-7, EXIT-1).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 84256: leader 4 (born in user:0, its own mnt:0) has thread 32 keeping the host's net:1
// (owned by user:9); 4 ends in net:0. Unshare mnt:0, execve, thread 32, then join net:0.
test('seed 84256: thread 32 comes after 4 made its mount ns and execve, before 4 joins net:0', (t) => {
  const out = planWithVariant(generateHistory(84256).image, { execCaps: true, threadKeeps: true });
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t32 must enter net ns net:1 .* no rights over/);
  const ops = mustPlan(t, 84256, { execCaps: true, threadKeeps: true, ownMntKeepers: true }).ops;
  const mnt = at(ops, (o) => o.op === 'unshare' && o.actor === 't4' && o.flags.includes('CLONE_NEWNS'));
  const exec = at(ops, (o) => o.op === 'execve' && o.actor === 't4');
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't32');
  const net = at(ops, (o) => o.op === 'setns' && o.actor === 't4' && o.file === 'net');
  t.true(mnt >= 0 && mnt < thread, 'the leader makes its mount ns before the thread sharing its fs_struct');
  t.true(exec < thread, 'execve before threads exist');
  t.true(thread < net, 'the thread keeps net:1 from before the leader joins net:0');
});
