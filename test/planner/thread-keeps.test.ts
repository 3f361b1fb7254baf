/**
 * Generated (reachable) images whose threads or children keep a leader's older namespaces while
 * the leader joins its final ones around its execve (planner/ordering/thread-keeps.ts, re-plan variant
 * `threadKeeps` with `execCaps`): formerly undecided on an ordering cycle between the leader's
 * execve, its joins and the creation of its threads.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { execCaps: true, threadKeeps: true } as const;
const indexOf = (ops: ReadonlyArray<{ op: string; actor: string; child?: string; file?: string }>, pred: (o: { op: string; actor: string; child?: string; file?: string }) => boolean): number => ops.findIndex(pred);

test('seed 7014: threads keeping ipc:0 are created after the execve, before the leader joins ipc:1 (setns of a multi-threaded caller)', (t) => {
  // execCaps alone still stops: thread 249 shares the leader's fs_struct and the joins were split
  t.is(planWithVariant(generateHistory(7014).image, { execCaps: true }).kind, 'undecided');
  const ops = mustPlan(t, 7014, VARIANT).ops as unknown as Array<{ op: string; actor: string; child?: string; file?: string }>;
  const exec = indexOf(ops, (o) => o.op === 'execve' && o.actor === 't235');
  const th249 = indexOf(ops, (o) => o.op === 'clone' && o.child === 't249');
  const th37 = indexOf(ops, (o) => o.op === 'clone' && o.child === 't37');
  const joinIpc = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't235' && o.file === 'ipc');
  t.true(exec >= 0 && exec < th249 && exec < th37);
  t.true(joinIpc > th249 && joinIpc > th37);
});

test('seed 13106: a thread created by another thread copies that thread\'s namespaces, not its dead leader\'s older ones', (t) => {
  const ops = mustPlan(t, 13106, VARIANT).ops as unknown as Array<{ op: string; actor: string; child?: string }>;
  t.true(ops.some((o) => o.op === 'clone' && o.actor === 't10' && o.child === 't41'));
  // 41 makes its own mount and ipc namespaces once created (its fs_struct is its own)
  t.true(ops.some((o) => o.op === 'unshare' && o.actor === 't41'));
});

test('seed 18753: the leader joins inside its user ns after its execve and its thread; its child keeping uts:0 is forked first', (t) => {
  const ops = mustPlan(t, 18753, VARIANT).ops as unknown as Array<{ op: string; actor: string; child?: string; file?: string }>;
  const exec = indexOf(ops, (o) => o.op === 'execve' && o.actor === 't39');
  const th58 = indexOf(ops, (o) => o.op === 'clone' && o.child === 't58');
  const child17 = indexOf(ops, (o) => o.op === 'clone' && o.child === 't17');
  const joinUts = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't39' && o.file === 'uts');
  t.true(exec < th58 && th58 < joinUts && child17 < joinUts);
});

test('the three seeds verify through planImage', (t) => {
  for (const seed of [7014, 13106, 18753]) mustPlan(t, seed);
});
