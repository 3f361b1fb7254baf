/**
 * Generated seeds (12001-24000 and 1-12000) that were undecided on an ordering cycle or a
 * namespace-rights reason, each now planned and verified on the simulated kernel; each test
 * asserts the construction that breaks its cycle.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const isUserSwitch = (o: Op, actor: string): boolean =>
  o.actor === actor && ((o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')) || (o.op === 'setns' && o.file === 'user'));

// An init forked after its creator's user-ns switch because it shares the fd table its creator's
// execve gave (not its fs_struct): the creator unshares the pid ns while still in the pid ns's
// owner, and the init is born into it without CLONE_NEWPID (unshare-init.ts, variant unshareInits).
for (const [seed, by, init] of [[18354, 't23', 't72'], [18389, 't11', 't33']] as const) {
  test(`seed ${seed} (variant unshareInits): ${by} unshares the pid ns of ${init}, which shares its post-execve fd table`, (t) => {
    const plan = mustPlan(t, seed, { unshareInits: true });
    const un = at(plan.ops, (o) => o.op === 'unshare' && o.actor === by && (o as { flags: string[] }).flags.includes('CLONE_NEWPID'));
    const sw = at(plan.ops, (o) => isUserSwitch(o, by));
    const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === by);
    const c = cloneOf(plan.ops, init);
    t.true(un >= 0 && sw > un, 'unshare(CLONE_NEWPID) before the user-ns switch');
    t.truthy(c);
    t.false(c!.flags.includes('CLONE_NEWPID'), 'the init is born into the unshared pid ns');
    t.true(c!.flags.includes('CLONE_FILES') && plan.ops.indexOf(c!) > ex, 'forked after execve, sharing its fd table');
  });
}

// A creator whose joins one child must follow (it inherits the final namespaces, forked before
// the creator's setsid) and another must precede (born after the setsid in a user ns without
// rights, keeping the creator's older mount ns): the creator joins that mount ns in a step of its
// own after the second child (split-joins.ts, variant splitJoins).
test('seed 5296 (variant splitJoins): 17 joins mnt:1 after forking 80, which keeps its older mount ns, and after 64', (t) => {
  const plan = mustPlan(t, 5296, { splitJoins: true });
  const mnt = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't17' && o.file === 'mnt');
  const c80 = cloneOf(plan.ops, 't80');
  const c64 = cloneOf(plan.ops, 't64');
  const sid = at(plan.ops, (o) => o.op === 'setsid' && o.actor === 't17');
  t.truthy(c80 && c64);
  t.true(plan.ops.indexOf(c64!) < sid && sid < plan.ops.indexOf(c80!), '64 before the setsid, 80 after it');
  t.true(mnt > plan.ops.indexOf(c80!), '17 joins mnt:1 after 80 is born');
});

// The same with a pid-ns maker keeping the creator's older cgroup ns, which the creator then
// makes itself: the maker's fork waits only for the creator's setsid, not for its other joins,
// and comes before its unshare(CLONE_NEWCGROUP) (split-joins.ts, maker-steps.ts).
test('seed 18491 (variant splitJoins): 34 forks 35 before its setsid, then the maker of 86 before it makes cgroup:4', (t) => {
  const plan = mustPlan(t, 18491, { splitJoins: true });
  const c35 = cloneOf(plan.ops, 't35');
  const sid = at(plan.ops, (o) => o.op === 'setsid' && o.actor === 't34');
  const maker = plan.ops.findIndex((o) => o.op === 'clone' && o.actor === 't34' && o.child.startsWith('h') && /maker for 86/.test(o.why ?? ''));
  const cg = at(plan.ops, (o) => o.op === 'unshare' && o.actor === 't34' && o.flags.includes('CLONE_NEWCGROUP'));
  t.truthy(c35);
  t.true(plan.ops.indexOf(c35!) < sid && sid < maker, '35 before the setsid, the maker after it');
  t.true(maker >= 0 && maker < cg, 'the maker keeps cgroup:0: forked before 34 makes cgroup:4');
});

// A pid_for_children only the born user ns may set (pfc-early.ts) or a pending pid ns owned by it
// (build.ts pfcnew), after forking a child that shares the fd table execve gave: execve run in
// the born user ns, whose uid 0 is the restorer's, keeps every capability, so the step needs
// only to precede the user-ns switch (born-exec-caps.ts, variant execCaps).
const lastAt = (ops: Op[], pred: (o: Op) => boolean): number => { for (let i = ops.length - 1; i >= 0; i--) if (pred(ops[i])) return i; return -1; };
for (const [seed, by, child, how] of [[17424, 't2', 't26', 'setns'], [20513, 't25', 't36', 'unshare']] as const) {
  test(`seed ${seed} (variant execCaps): ${by} execs, forks ${child} on its new fd table, then sets its pid_for_children (${how}) before its switch`, (t) => {
    const plan = mustPlan(t, seed, { execCaps: true });
    const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === by);
    const c = cloneOf(plan.ops, child);
    const pfc = lastAt(plan.ops, (o) => o.actor === by && (how === 'setns' ? o.op === 'setns' && o.file === 'pid' : o.op === 'unshare' && o.flags.includes('CLONE_NEWPID')));
    const sw = at(plan.ops, (o) => isUserSwitch(o, by));
    t.truthy(c);
    t.true(c!.flags.includes('CLONE_FILES') && ex >= 0 && ex < plan.ops.indexOf(c!), 'the child shares the fd table execve gave');
    t.true(plan.ops.indexOf(c!) < pfc && pfc < sw, 'pid_for_children set after the child, still before the switch');
  });
}

// A pid-ns init whose maker joins the time ns its creator makes on the way to its user ns
// (time-on-the-way.ts): the init is no longer held before that step as a privileged creation
// (a further build creates it after, time-on-the-way.ts onTheWayCreationsOnCycle); the maker,
// forked earlier, makes it once time:1 exists.
test('seed 18406 (variant splitJoins with timeMakers): the maker of 28 creates it after 14 makes time:1 on its way to user:1', (t) => {
  const plan = mustPlan(t, 18406, { timeMakers: true, splitJoins: true });
  const tm = at(plan.ops, (o) => o.op === 'unshare' && o.actor === 't14' && o.flags.includes('CLONE_NEWTIME'));
  const c28 = cloneOf(plan.ops, 't28');
  t.truthy(c28);
  t.true(c28!.actor.startsWith('h') && c28!.flags.includes('CLONE_NEWPID'), 'created by its maker');
  const mk = at(plan.ops, (o) => o.op === 'clone' && o.actor === 't14' && o.child === c28!.actor);
  t.true(mk >= 0 && mk < tm && tm < plan.ops.indexOf(c28!), 'maker forked first, time:1 made, then 28');
});

// One pass-through child (t5) carrying its creator's namespaces both for 12 (after 4 settles
// them) and for 26 (before 4 changes them): the slot where 26 keeps 4's older namespace is net,
// which 4 makes itself, so t5 need only come before that unshare (split-joins.ts, variant splitJoins).
test('seed 14602 (variant splitJoins): 4 forks 5 before it makes net:0', (t) => {
  const plan = mustPlan(t, 14602, { splitJoins: true });
  const c5 = cloneOf(plan.ops, 't5');
  const net = at(plan.ops, (o) => o.op === 'unshare' && o.actor === 't4' && o.flags.includes('CLONE_NEWNET'));
  t.truthy(c5);
  t.true(c5!.actor === 't4' && plan.ops.indexOf(c5!) < net, '5 keeps the net ns 4 had before making net:0');
});
