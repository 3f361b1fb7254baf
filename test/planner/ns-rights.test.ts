/**
 * Generated seeds that were "undecided" at cf76578 on namespace shapes (a pending
 * time_for_children, a member born below its final user ns, a pid-ns init no maker can stand in
 * front of, a thread keeping a namespace its leader leaves): reachable states, so planner
 * incompleteness. Each is now planned and verified on the simulated kernel; each test asserts the
 * construction, so a regression names the construction that broke.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { childTimeOrder } from '../../planner/ordering/time-birth.js';
import { mustPlan } from './seeded.js';

const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const lastIndex = (ops: Op[], pred: (o: Op) => boolean): number => {
  for (let i = ops.length - 1; i >= 0; i--) if (pred(ops[i])) return i;
  return -1;
};

// time-birth.ts: a child is born after its creator makes the time ns it needs, before a later
// one; a child that joins its own time ns is not ordered against them at all.
test('childTimeOrder: inherited, later, earlier and free time namespaces', (t) => {
  const base = { need: 'time:1', childMakes: false, childJoins: false, crTime: 'time:0', crTfc: 'time:1', crMakes: (id: string) => id === 'time:0' || id === 'time:1' };
  const o = childTimeOrder(base);
  t.is(o('time:1'), 'after', 'born once the creator made its pending time_for_children');
  t.is(o('time:0'), undefined, 'the creator makes its own time ns before that one anyway');
  t.is(childTimeOrder({ ...base, need: 'time:0' })('time:1'), 'before', 'a child of the older time ns comes before the newer one');
  t.is(childTimeOrder({ ...base, need: 'time:0' })('time:0'), 'after');
  t.is(childTimeOrder({ ...base, childJoins: true })('time:1'), undefined, 'a child that joins its own time ns needs no order');
  t.is(childTimeOrder({ ...base, need: 'time:9' })('time:0'), 'before', 'one the creator does not make: born before the creator changes it');
});

// Init 5 makes its own time ns and then its pending time_for_children (UNSH-6), forks 32 in
// the latter before its setsid and 52 after it: before, every time ns of 5 was ordered after 52,
// born in a user ns without rights over 5's original ipc ns, which closed a cycle through 5's
// session. Planned by the first attempt.
test('seed 49: 5 forks 32 and 52 after making its pending time_for_children, around its setsid', (t) => {
  const plan = mustPlan(t, 49, {});
  const tfc = lastIndex(plan.ops, (o) => o.actor === 't5' && o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWTIME'));
  const setsid = plan.ops.findIndex((o) => o.actor === 't5' && o.op === 'setsid');
  const c32 = cloneIndex(plan.ops, 't32');
  const c52 = cloneIndex(plan.ops, 't52');
  t.true(tfc >= 0 && tfc < c32 && c32 < setsid && setsid < c52, `unshare ${tfc} < clone 32 ${c32} < setsid ${setsid} < clone 52 ${c52}`);
});

test('seed 1689: init 4 makes its pending time_for_children and its children of both sessions are planned', (t) => {
  const plan = mustPlan(t, 1689, {});
  t.true(plan.ops.some((o) => o.actor === 't4' && o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWTIME')), '4 unshares its own time_for_children');
});

// born-user-choices.ts: 9's reparent helper was carried by 19, which ends in a user ns below 9's;
// the re-plan offers 9 another carrier.
test('seed 4174: 9 is created by a helper no task of a user ns below 9\'s carries', (t) => {
  const plan = mustPlan(t, 4174);
  const c9 = plan.ops[cloneIndex(plan.ops, 't9')];
  t.truthy(c9);
  const carrier = c9.actor.startsWith('h') ? plan.ops[cloneIndex(plan.ops, c9.actor)]?.actor : c9.actor;
  t.not(carrier, 't19', '19 ends in user:4, below 9\'s user:2 (SETNS-4)');
});

// owner-inits.ts: init 64 ends in user:1, which 4 makes (with ipc:2 and time:1 inside it, that
// 64's creator 32 joins first): a maker enters user:1 and creates 64 there.
test('seed 9991: init 64 is made by a pid-ns maker, not born making user:1', (t) => {
  const plan = mustPlan(t, 9991, {});
  const c64 = plan.ops[cloneIndex(plan.ops, 't64')];
  t.true(plan.helpers.some((h) => h.name === c64.actor && h.role === 'pidns-maker'), `64 is cloned by ${c64.actor}`);
  t.false(c64.op === 'clone' && (c64.flags as string[]).includes('CLONE_NEWUSER'));
});

// Init 58 shares its creator 13's fs_struct (no maker can stand between them) and 13 has a
// thread: 13 enters pid:1's owner user:1 first, then forks 58 with CLONE_FS|CLONE_NEWPID.
test('seed 4360: 13 enters user:1, then creates init 58 sharing its fs_struct', (t) => {
  const plan = mustPlan(t, 4360, {});
  const sw = plan.ops.findIndex((o) => o.actor === 't13' && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWUSER'))));
  const c58 = cloneIndex(plan.ops, 't58');
  t.true(sw >= 0 && sw < c58, `switch ${sw} before clone ${c58}`);
  const op = plan.ops[c58];
  t.true(op.op === 'clone' && op.actor === 't13' && (op.flags as string[]).includes('CLONE_FS') && (op.flags as string[]).includes('CLONE_NEWPID'));
});

// Thread 34 shares leader 19's fs_struct and keeps uts:0, owned outside its user ns: 19 joins
// its mount and time namespaces, forks 34, and only then joins uts:1 (per thread, SETNS-7).
test('seed 8788: 19 forks thread 34 between its mount join and its uts join', (t) => {
  const plan = mustPlan(t, 8788, {});
  const mnt = plan.ops.findIndex((o) => o.actor === 't19' && o.op === 'setns' && o.file === 'mnt');
  const uts = plan.ops.findIndex((o) => o.actor === 't19' && o.op === 'setns' && o.file === 'uts');
  const c34 = cloneIndex(plan.ops, 't34');
  t.true(mnt >= 0 && mnt < c34 && c34 < uts, `setns mnt ${mnt} < clone 34 ${c34} < setns uts ${uts}`);
});
