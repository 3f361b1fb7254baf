/**
 * planner/variants/own-tfc.ts (re-plan variant ownTfc): a creator's main join step that touches no
 * time slot (its time ns from birth and its time_for_children its own, or both joined inside its
 * user ns), or a child that joins its own time ns itself, no longer orders the child before the
 * creator's privileged joins (SETNS-6, UNSH-6, FORK-8). Each seed closed the cycle "T joins its
 * namespaces -> T enters its user ns -> create C (CLONE_FS, or after T's execve) -> T joins".
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const V = { ownTfc: true as const };

// Seed 87194: 7, forked by zombie 3 in the environment's time:0, makes ipc:1, net:1 and its
// time_for_children time:1 in user:3; 15 (CLONE_FS) keeps net:0 and joins ipc:2 and time:2.
test('seed 87194: 7 enters user:3, forks 15 with CLONE_FS, then makes net:1', (t) => {
  const ops = mustPlan(t, 87194, V).ops;
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't7' && o.file === 'user');
  const fork = at(ops, (o) => o.op === 'clone' && o.child === 't15');
  const net = at(ops, (o) => o.op === 'unshare' && o.actor === 't7' && o.flags.includes('CLONE_NEWNET'));
  t.true(user >= 0 && user < fork && fork < net, 'switch, CLONE_FS fork, then net:1');
  t.true((ops[fork] as { flags: string[] }).flags.includes('CLONE_FS'));
  t.true(ops.some((o, i) => i > fork && o.op === 'setns' && o.actor === 't15' && o.file === 'time'), '15 joins its time ns itself');
});

// Seed 79172: 30 (init of pid:4) makes net:3 while privileged, enters user:4, forks 52 with
// CLONE_FS; 52 makes its own time:5 (owned by user:4) rather than inheriting one from 30.
test('seed 79172: 30 forks 52 with CLONE_FS after its switch; 52 makes its time ns', (t) => {
  const ops = mustPlan(t, 79172, V).ops;
  const user = at(ops, (o) => o.op === 'unshare' && o.actor === 't30' && o.flags.includes('CLONE_NEWUSER'));
  const fork = at(ops, (o) => o.op === 'clone' && o.child === 't52');
  const time = at(ops, (o) => o.op === 'unshare' && o.actor === 't52' && o.flags.includes('CLONE_NEWTIME'));
  t.true(user >= 0 && user < fork && fork < time, 'switch, CLONE_FS fork, 52 makes time:5');
  t.true((ops[fork] as { flags: string[] }).flags.includes('CLONE_FS'));
});

// Seed 78016: 37 forks 32 with CLONE_FS after entering user:1; 32, born in time:0, makes time:1;
// 37 then joins time:1 from inside user:1.
test('seed 78016: 37 joins time:1, made by its CLONE_FS child 32, inside user:1', (t) => {
  const ops = mustPlan(t, 78016, V).ops;
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user');
  const fork = at(ops, (o) => o.op === 'clone' && o.child === 't32');
  const made = at(ops, (o) => o.op === 'unshare' && o.actor === 't32' && o.flags.includes('CLONE_NEWTIME'));
  const join = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && (o.file ?? '').startsWith('time'));
  t.true(user >= 0 && user < fork && fork < made && made < join, 'switch, fork 32, 32 makes time:1, 37 joins it');
});

// Seed 81896: 23 joins time:4 and mnt:2, execve's, forks 39 with CLONE_FILES (after the execve,
// FORK-4), and makes its ipc, cgroup and time_for_children in user:3 later; 39 makes its own time:6.
test('seed 81896: 23 forks 39 after its execve and makes its own namespaces after', (t) => {
  const ops = mustPlan(t, 81896, V).ops;
  const exec = at(ops, (o) => o.op === 'execve' && o.actor === 't23');
  const fork = at(ops, (o) => o.op === 'clone' && o.child === 't39');
  const ipc = at(ops, (o) => o.op === 'unshare' && o.actor === 't23' && o.flags.includes('CLONE_NEWIPC'));
  t.true(exec >= 0 && exec < fork && fork < ipc, 'execve, fork 39, then ipc:3');
});
