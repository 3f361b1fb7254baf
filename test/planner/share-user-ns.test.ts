/**
 * Clone-time fs_struct sharing across a user-ns switch or through a relay: generated seeds that were "undecided"
 * ("tasks N, N share fs ...", FORK-4) at 02c3774, now planned and verified on the simulated
 * kernel. Each test asserts the verified plan and the order that makes the sharing legal: a
 * shared fs_struct forbids setns into a user ns (SETNS-4), and unshare(CLONE_NEWUSER) copies it
 * (UNSH-1).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';


type Clone = Extract<Op, { op: 'clone' }>;
const cloneOf = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const userStep = (ops: Op[], actor: string): number =>
  ops.findIndex((o) => o.actor === actor && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWUSER'))));

// 33 and 47 share fs:4 in user ns user:1; 33 is not 47's parent nor its sibling. A carrier that
// switches user ns (33) can pass its fs_struct on only after its switch: it enters user:1, then
// forks a reparent helper with CLONE_FS, which forks 47 with CLONE_FS and exits.
test('seed 2339: 33 enters its user ns, then passes its fs_struct to 47 through a reparent helper', (t) => {
  const plan = mustPlan(t, 2339);
  const i47 = cloneOf(plan.ops, 't47');
  t.true(i47 >= 0, '47 is created');
  const mk = plan.ops[i47] as Clone;
  t.true(mk.flags.includes('CLONE_FS'), '47 is forked with CLONE_FS');
  const h = plan.helpers.find((x) => x.name === mk.actor);
  t.is(h?.role, 'reparent-helper', '47 is forked by a reparent helper');
  const ih = cloneOf(plan.ops, mk.actor);
  t.is(plan.ops[ih].actor, 't33', 'the helper is forked by 33, the other holder');
  t.true((plan.ops[ih] as Clone).flags.includes('CLONE_FS'), 'with CLONE_FS');
  const sw = userStep(plan.ops, 't33');
  t.true(sw >= 0 && sw < ih, '33 enters its user ns before it shares its fs_struct (SETNS-4)');
});

// 46 was forked by 12 with CLONE_FS and forked 80 with it (80 keeps fs:22, shared with 12), then
// its unshare(CLONE_NEWUSER) gave it a copy (fs:27), which it shared with 82, forked after.
test('seed 776: relay 46 forks 80 before its unshare(CLONE_NEWUSER) and 82 after, both with CLONE_FS', (t) => {
  const plan = mustPlan(t, 776);
  const sw = userStep(plan.ops, 't46');
  t.true(sw >= 0, '46 makes its user ns');
  t.true(plan.ops[sw].op === 'unshare', 'by unshare(CLONE_NEWUSER), which copies its fs_struct (UNSH-1)');
  const i46 = cloneOf(plan.ops, 't46');
  t.is(plan.ops[i46].actor, 't12', '46 is forked by 12, which holds fs:22');
  t.true((plan.ops[i46] as Clone).flags.includes('CLONE_FS'), 'with CLONE_FS');
  for (const [child, before] of [['t80', true], ['t82', false]] as const) {
    const i = cloneOf(plan.ops, child);
    t.is(plan.ops[i].actor, 't46', `${child} is forked by 46`);
    t.true((plan.ops[i] as Clone).flags.includes('CLONE_FS'), `${child} is forked with CLONE_FS`);
    t.is(i < sw, before, `${child} is forked ${before ? 'before' : 'after'} 46's unshare(CLONE_NEWUSER)`);
  }
});

// 43 was forked by 28 with CLONE_FS, forked 67 with it (67 keeps fs:2, shared with 28), then made
// its mount ns (a private fs_struct copy). The session phase had given 43 to its sibling 13
// (CLONE_PARENT, for session 5), which holds no fs:2: 43 goes back to 28, before 28's setsid.
test('seed 707: relay 43 is forked by its parent 28 with CLONE_FS and forks 67 before its unshare(CLONE_NEWNS)', (t) => {
  const plan = mustPlan(t, 707);
  const i43 = cloneOf(plan.ops, 't43');
  t.is(plan.ops[i43].actor, 't28', '43 is forked by 28, the holder of fs:2');
  t.true((plan.ops[i43] as Clone).flags.includes('CLONE_FS'), 'with CLONE_FS');
  const setsid = plan.ops.findIndex((o) => o.actor === 't28' && o.op === 'setsid');
  t.true(setsid < 0 || setsid > i43, 'before 28 leaves session 5');
  const i67 = cloneOf(plan.ops, 't67');
  t.is(plan.ops[i67].actor, 't43', '67 is forked by 43');
  t.true((plan.ops[i67] as Clone).flags.includes('CLONE_FS'), 'with CLONE_FS');
  const mnt = plan.ops.findIndex((o) => o.actor === 't43' && o.op === 'unshare' && (o.flags as string[]).includes('CLONE_NEWNS'));
  t.true(mnt > i67, '43 makes its own mount ns (a private copy) after forking 67 (UNSH-1)');
});
