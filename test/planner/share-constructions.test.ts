/**
 * Clone-time sharing that no creator of the session phase gives (FORK-4): the constructions of
 * planner/sharing/sharers.ts (parent or sibling creating an init or a group heir), share-carriers.ts (a
 * thread carrier), share-sources.ts (a helper creating the sharers with CLONE_PARENT),
 * share-zombies.ts (a zombie creating them) and build.ts's stand-ins for dead leaders, each
 * pinned on a generated reachable seed it fixed.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const clones = (ops: Op[]): Clone[] => ops.filter((o): o is Clone => o.op === 'clone');
const cloneOf = (ops: Op[], child: string): Clone | undefined => clones(ops).find((o) => o.child === child);

test('a sibling creates a pid-ns init sharing its fd table (sharers.ts, seed 1276)', (t) => {
  const c = cloneOf(mustPlan(t, 1276).ops, 't55');
  t.is(c?.actor, 't40');
  t.true(c!.flags.includes('CLONE_FILES') && c!.flags.includes('CLONE_PARENT') && c!.flags.includes('CLONE_NEWPID'));
});

test('a sibling in an invisible group creates its sharer with CLONE_PARENT (sharers.ts, seed 1422)', (t) => {
  const ops = mustPlan(t, 1422).ops;
  const a = cloneOf(ops, 't24');
  const b = cloneOf(ops, 't31');
  t.true([a?.actor, b?.actor].includes('t31') || [a?.actor, b?.actor].includes('t24'));
});

test('the parent\'s thread creates an init sharing the thread\'s fd table (sharers.ts, seed 4050)', (t) => {
  const c = cloneOf(mustPlan(t, 4050).ops, 't84');
  t.is(c?.actor, 't29');
  t.true(c!.flags.includes('CLONE_FILES'));
});

test('a dead leader that execve\'d shares its creator\'s fd table before its execve (build.ts, seed 1534)', (t) => {
  const ops = mustPlan(t, 1534).ops;
  t.true(cloneOf(ops, 't176')!.flags.includes('CLONE_FILES'));
  t.true(cloneOf(ops, 't180')!.flags.includes('CLONE_FILES'));
});

test('a helper creates an init and a member of its pid ns with CLONE_FILES|CLONE_PARENT (share-sources.ts, seed 4882)', (t) => {
  const ops = mustPlan(t, 4882).ops;
  const a = cloneOf(ops, 't21')!;
  const b = cloneOf(ops, 't44')!;
  t.is(a.actor, b.actor);
  t.true(a.actor.startsWith('h'));
  for (const c of [a, b]) t.true(c.flags.includes('CLONE_FILES') && c.flags.includes('CLONE_PARENT'));
});

test('a dead leader passes its creator\'s fs_struct on (build.ts, seed 4871)', (t) => {
  const ops = mustPlan(t, 4871).ops;
  t.true(cloneOf(ops, 't31')!.flags.includes('CLONE_FS'));
  t.true(cloneOf(ops, 't69')!.flags.includes('CLONE_FS'));
});

test('a thread forks the carrier helper (share-carriers.ts, seed 4862)', (t) => {
  const ops = mustPlan(t, 4862).ops;
  const c = cloneOf(ops, 't62')!;
  t.true(c.actor.startsWith('h') && c.flags.includes('CLONE_FS'));
  const h = cloneOf(ops, c.actor)!;
  t.is(h.actor, 't31');
  t.true(h.flags.includes('CLONE_FS'));
});

test('a zombie forks a process sharing the fs_struct it has from its creator (share-zombies.ts, seed 6738)', (t) => {
  const ops = mustPlan(t, 6738).ops;
  t.true(cloneOf(ops, 't30')!.flags.includes('CLONE_FS'));
  const c = cloneOf(ops, 't32')!;
  t.is(c.actor, 't30');
  t.true(c.flags.includes('CLONE_FS'));
});

test('a process that hands on a group it leaves keeps its creator (seed 6308)', (t) => {
  mustPlan(t, 6308);
});
