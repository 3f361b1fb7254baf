/**
 * Generated seeds that were undecided at 5bf29ab on time namespaces (reachable states), each now
 * planned and verified on the simulated kernel, with the construction that plans it:
 * - a dead leader keeps its thread's pending time_for_children (planner/facts/dead-leaders.ts);
 * - an init does not create its pid ns's owner user ns at birth when a shallower member made a
 *   time ns (or a mount ns) inside it, and a user ns is made by the shallower leader that made a
 *   time ns inside it (build.ts shallowerMaker, holdsTimeOwnedBy; these two and the dead
 *   leader's pending time_for_children only in planner/index.ts's second plan);
 * - a time ns is made by the member highest up its creator's creation chain (build.ts topCreatorInNs);
 * - a child that makes and enters its own time ns need not be born before its creator's new one.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const opIndex = (ops: Op[], actor: string, pred: (o: Op) => boolean): number => ops.findIndex((o) => o.actor === actor && pred(o));
const unshares = (flag: string) => (o: Op): boolean => o.op === 'unshare' && (o.flags as string[]).includes(flag);

// Leader 29 unshared a time ns, wrote its offsets and created thread 74, then exited: the leader
// makes it and writes them (its /proc/self/timens_offsets) before the thread, which inherits it.
test('seed 2503: dead leader t29 makes its thread\'s time_for_children and writes its offsets before creating t74', (t) => {
  const plan = mustPlan(t, 2503);
  const un = opIndex(plan.ops, 't29', unshares('CLONE_NEWTIME'));
  const wr = opIndex(plan.ops, 't29', (o) => o.op === 'write-timens-offsets');
  const th = cloneIndex(plan.ops, 't74');
  t.true(un >= 0 && wr > un, 't29 unshares the time ns, then writes its offsets');
  t.true(th > wr, 'thread t74 is created after, inheriting it');
  t.is(plan.ops[th].actor, 't29');
});

for (const seed of [9305, 10925]) {
  test(`seed ${seed}: a dead leader's thread keeps a time_for_children with the leader's offsets`, (t) => {
    const plan = mustPlan(t, seed);
    t.true(plan.ops.some((o) => o.op === 'write-timens-offsets'), 'the offsets are written');
  });
}

// Dead leaders whose thread holds a pending time_for_children its children were born in.
for (const seed of [910, 2004, 2718, 4059, 4435, 5822]) {
  test(`seed ${seed}: a dead leader's thread with a pending time_for_children is planned`, (t) => {
    mustPlan(t, seed);
  });
}

// 9 made user:2 and time:2 inside it; init 33, deeper down, was taken as user:2's creator at its
// birth (CLONE_NEWUSER|CLONE_NEWPID), which 9 then had to wait for.
test('seed 1172: t9 creates its user ns and time ns; init t33 is made inside by a maker', (t) => {
  const plan = mustPlan(t, 1172);
  const u = opIndex(plan.ops, 't9', unshares('CLONE_NEWUSER'));
  const tm = opIndex(plan.ops, 't9', unshares('CLONE_NEWTIME'));
  t.true(u >= 0 && tm > u, 't9 unshares its user ns, then its time ns');
  const c = plan.ops[cloneIndex(plan.ops, 't33')] as Extract<Op, { op: 'clone' }>;
  t.false(c.flags.includes('CLONE_NEWUSER'), 't33 is not born creating a user ns');
  t.is(plan.helpers.find((h) => h.name === c.actor)?.role, 'pidns-maker');
});

for (const seed of [921, 1304, 3162, 3502, 5064]) {
  test(`seed ${seed}: a pid-ns init does not create the user ns a shallower member made a time ns in`, (t) => {
    mustPlan(t, seed);
  });
}

// time:2's first candidate was 24, created (through zombie 13) by 11, which is in time:2 too.
test('seed 1448: time:2 is made by t11, which creates (through t13) t24', (t) => {
  const plan = mustPlan(t, 1448);
  t.true(opIndex(plan.ops, 't11', unshares('CLONE_NEWTIME')) >= 0, 't11 unshares the time ns');
  t.is(opIndex(plan.ops, 't24', unshares('CLONE_NEWTIME')), -1, 't24 does not');
});

for (const seed of [5099, 9996]) {
  test(`seed ${seed}: a time ns is made by the member highest up its creator's chain`, (t) => {
    mustPlan(t, seed);
  });
}

// 121 was born with clone(CLONE_NEWTIME) in the history: it makes its own time ns, whatever
// its creator's time_for_children was at its birth.
test('seed 3602: t121 makes its own time ns, created after t110 made time:1', (t) => {
  const plan = mustPlan(t, 3602);
  const mk = opIndex(plan.ops, 't110', unshares('CLONE_NEWTIME'));
  const c = cloneIndex(plan.ops, 't121');
  t.true(mk >= 0 && c > mk, 't121 is created after t110 unshares time:1');
  t.true(opIndex(plan.ops, 't121', unshares('CLONE_NEWTIME')) > c, 't121 unshares its own time ns');
});

// Leader 4 (with threads) unshared time:2 inside user:1 before creating its threads and child
// 366; 366, single-threaded, was taken as user:1's creator, which 4 then had to wait for.
for (const seed of [4329, 5740]) {
  test(`seed ${seed}: the shallower leader making a time ns inside a user ns creates that user ns`, (t) => {
    mustPlan(t, seed);
  });
}
test('seed 4329: t4 unshares user:1, then its time_for_children, before its threads', (t) => {
  const plan = mustPlan(t, 4329);
  const u = opIndex(plan.ops, 't4', unshares('CLONE_NEWUSER'));
  const tm = opIndex(plan.ops, 't4', unshares('CLONE_NEWTIME'));
  t.true(u >= 0 && tm > u, 't4 creates user:1 and then time:2 inside it');
  t.true(cloneIndex(plan.ops, 't350') > tm, 'its thread t350 comes after');
});

// The same with a mount ns: 5 made mnt:0 inside user:0, which init 19 (deeper) created at its birth.
test('seed 7210: a pid-ns init does not create the user ns a shallower member made a mount ns in', (t) => {
  mustPlan(t, 7210);
});
