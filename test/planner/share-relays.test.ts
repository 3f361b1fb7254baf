/**
 * Clone-time sharing passed on by a task that later dropped out (FORK-4), re-plan variant
 * `shares`, each construction pinned with planWithVariant on a generated reachable seed it fixed:
 * - share-carriers.ts: a carrier helper whose exit comes before the flags of the two nearest
 *   subreapers above it (lateSubreaperPair, seed 9575), and a process born in a session it then
 *   leaves, moved to a carrier in that session (seed 9841);
 * - dead-leader-creator.ts: a dead leader forked by the thread of its creator that holds its
 *   threads' fd table (seeds 9594, 6756), and an execve'd creator giving its final fd table to a
 *   child that passes it on before its own execve (seeds 7065, 9890);
 * - share-zombies.ts: a zombie that was a subreaper forks the sharers (seeds 2218, 5669);
 * - born-where-created.ts: a carrier leading its own session is born in its creator's session and
 *   forks the helper there before its setsid (seed 8282).
 */
import test, { type ExecutionContext } from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const SHARES = { shares: true } as const;
const cloneOf = (ops: Op[], child: string): Clone => {
  const c = ops.find((o) => o.op === 'clone' && o.child === child);
  if (!c) throw new Error(`no clone of ${child}`);
  return c as Clone;
};
const indexOf = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
/** child is forked with CLONE_FILES by a helper that `by` forked with CLONE_FILES (a carrier, share-carriers.ts); the child's clone */
function carriedBy(t: ExecutionContext, ops: Op[], child: string, by: string): Clone {
  const c = cloneOf(ops, child);
  t.regex(c.actor, /^h\d+$/);
  t.true(c.flags.includes('CLONE_FILES'));
  const h = cloneOf(ops, c.actor);
  t.is(h.actor, by);
  t.true(h.flags.includes('CLONE_FILES'));
  return c;
}

test('a carrier helper exits before both subreapers above it set their flags, so its child goes to the init (seed 9575)', (t) => {
  const ops = mustPlan(t, 9575, SHARES).ops;
  const c = carriedBy(t, ops, 't11', 't7');
  const exit = indexOf(ops, (o) => o.op === 'exit' && o.actor === c.actor);
  for (const s of ['t6', 't7']) {
    const flag = indexOf(ops, (o) => o.op === 'subreaper' && o.actor === s);
    t.true(exit >= 0 && exit < flag, `${c.actor} exits before ${s} becomes a subreaper`);
  }
});

test('a process born in a session it leaves is forked by a carrier helper in that session (seed 9841)', (t) => {
  const ops = mustPlan(t, 9841, SHARES).ops;
  carriedBy(t, ops, 't36', 't31');
  t.true(indexOf(ops, (o) => o.op === 'clone' && o.child === 't36') < indexOf(ops, (o) => o.op === 'setsid' && o.actor === 't36'));
});

for (const [seed, child, thread] of [[9594, 't50', 't29'], [6756, 't6', 't4']] as const) {
  test(`a dead leader is forked by its creator's thread holding the table its threads share (seed ${seed})`, (t) => {
    const c = cloneOf(mustPlan(t, seed, SHARES).ops, child);
    t.is(c.actor, thread);
    t.true(c.flags.includes('CLONE_FILES'));
  });
}

for (const [seed, mid, last] of [[7065, 't26', 't64'], [9890, 't14', 't30']] as const) {
  test(`an execve'd creator gives its final table to a child that passes it on before its own execve (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, SHARES).ops;
    const born = indexOf(ops, (o) => o.op === 'clone' && o.child === mid);
    const c = ops[born] as Clone;
    t.true(c.flags.includes('CLONE_FILES'));
    t.true(indexOf(ops, (o) => o.op === 'execve' && o.actor === c.actor) < born, 'after the creator\'s execve');
    const g = indexOf(ops, (o) => o.op === 'clone' && o.child === last);
    t.is((ops[g] as Clone).actor, mid);
    t.true((ops[g] as Clone).flags.includes('CLONE_FILES'));
    t.true(g < indexOf(ops, (o) => o.op === 'execve' && o.actor === mid), 'before the child\'s own execve');
  });
}

test('a zombie subreaper forks one sharer before its setsid and one after (seed 2218)', (t) => {
  const ops = mustPlan(t, 2218, SHARES).ops;
  const sid = indexOf(ops, (o) => o.op === 'setsid' && o.actor === 't21');
  const a = indexOf(ops, (o) => o.op === 'clone' && o.child === 't50');
  const b = indexOf(ops, (o) => o.op === 'clone' && o.child === 't80');
  for (const i of [a, b]) {
    t.is((ops[i] as Clone).actor, 't21');
    t.true((ops[i] as Clone).flags.includes('CLONE_FILES'));
  }
  t.true(a < sid && sid < b);
});

test('a zombie subreaper forks the process sharing its creator\'s table (seed 5669)', (t) => {
  const c = cloneOf(mustPlan(t, 5669, SHARES).ops, 't66');
  t.is(c.actor, 't26');
  t.true(c.flags.includes('CLONE_FILES'));
});

test('a session leader is born in its creator\'s session and forks a carrier there before its setsid (born-where-created.ts, seed 8282)', (t) => {
  const ops = mustPlan(t, 8282, SHARES).ops;
  const c = cloneOf(ops, 't67');
  t.regex(c.actor, /^h\d+$/);
  t.true(c.flags.includes('CLONE_FILES'));
  const hi = indexOf(ops, (o) => o.op === 'clone' && o.child === c.actor);
  t.is((ops[hi] as Clone).actor, 't58');
  t.true((ops[hi] as Clone).flags.includes('CLONE_FILES'));
  t.true(hi < indexOf(ops, (o) => o.op === 'setsid' && o.actor === 't58'), 'before 58 leads its own session');
});
