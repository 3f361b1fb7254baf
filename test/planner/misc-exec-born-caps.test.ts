/**
 * planner/variants/misc-exec-born-caps.ts (variant execBornFirst): an execve run in the born user ns,
 * before the user-ns switch, keeps every capability there, so the joins may follow it.
 * Seed 61556: 21 ends in user:3 (no uid map: its execve there would drop every capability), was
 * born in user:1 (uid 0 is the restorer's), and forks 47 with CLONE_FILES after its execve, 47
 * staying in 21's born namespaces; the first attempts ordered 21's joins before its execve and
 * 47's birth before the joins (a cycle).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

test('seed 61556: 21 execs in its born user ns, forks 47 sharing its fd table, then switches', (t) => {
  const { ops } = mustPlan(t, 61556, { execBornFirst: true });
  const ex = at(ops, (o) => o.op === 'execve' && o.actor === 't21');
  const fork47 = at(ops, (o) => o.op === 'clone' && o.child === 't47');
  const sw = at(ops, (o) => o.actor === 't21' && ((o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWUSER')) || (o.op === 'setns' && o.file === 'user')));
  t.true(ex >= 0 && fork47 >= 0 && sw >= 0);
  t.true(ex < fork47, '47 shares the fd table 21 has after its execve');
  t.true(ex < sw, 'the execve comes before the user-ns switch');
  const c = ops[fork47] as Extract<Op, { op: 'clone' }>;
  t.true(c.flags.includes('CLONE_FILES'));
});

test('seed 61556 plans through planImage', (t) => {
  mustPlan(t, 61556);
  t.pass();
});
