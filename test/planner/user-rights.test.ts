/**
 * Generated states where a task (or a helper) must have a namespace whose owner its credentials'
 * user ns has no rights over (SETNS-3..7 need CAP_SYS_ADMIN over the owner). Each was
 * "undecided" ("... has no rights over ...; no order of this plan lets it join earlier", or a user
 * ns with nobody to open its ns files) and is now a verified plan that uses the construction the
 * real history used: the namespace is inherited from a creator that still holds it.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const at = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);
const cloneOf = (child: string) => (o: Op) => o.op === 'clone' && o.child === child;
const setnsBy = (actor: string, file: string) => (o: Op) => o.op === 'setns' && o.actor === actor && o.file === file;
const unshareBy = (actor: string, flag: string) => (o: Op) => o.op === 'unshare' && o.actor === actor && o.flags.includes(flag as never);

// Task 16 is born in its own user ns (user:2) and in the restorer's mount ns mnt:0, which it can
// never join from user:2. A reparent helper h2 forks it; the helper has the namespaces its creator
// 7 had when it forked it. 7 now joins mnt:0 before forking the helper.
test('seed 160: a helper that forks a task into a user ns without rights is forked once its creator holds the namespaces', (t) => {
  const plan = verifiedPlan(160);
  t.true(plan.summary.verified);
  const h = at(plan, cloneOf('t16'));
  t.true(h >= 0);
  const c = plan.ops[h];
  t.true(c.op === 'clone' && c.actor.startsWith('h') && c.flags.includes('CLONE_NEWUSER'), 'a helper forks 16 with CLONE_NEWUSER');
  const helper = c.op === 'clone' ? c.actor : '';
  const helperBirth = at(plan, cloneOf(helper));
  const creator = plan.ops[helperBirth].actor;
  const join = at(plan, setnsBy(creator, 'mnt'));
  t.true(join >= 0 && join < helperBirth, `${creator} joins its mount ns before forking ${helper}`);
  t.is(at(plan, setnsBy('t16', 'mnt')), -1, '16 inherits its mount ns, it never joins one');
});

// Init 48 of a pid ns owned by user:7 is made by a maker forked by 37, whose credentials are in
// user:1 from birth: the maker cannot join the restorer's mount ns for 48. It is forked while 37
// still has it, before 37's unshare(CLONE_NEWNS).
test('seed 547: a pid-ns maker without rights inherits the mount ns from its creator, before the creator unshares its own', (t) => {
  const plan = verifiedPlan(547);
  t.true(plan.summary.verified);
  const maker = plan.helpers.find((h) => h.role === 'pidns-maker' && plan.ops.some((o) => o.op === 'clone' && o.actor === h.name && o.child === 't48'));
  t.truthy(maker, 'a maker creates 48');
  const born = at(plan, cloneOf(maker!.name));
  t.is(plan.ops[born].actor, 't37');
  t.true(born < at(plan, unshareBy('t37', 'CLONE_NEWNS')), 'the maker is forked before 37 makes its own mount ns');
  t.is(at(plan, setnsBy(maker!.name, 'mnt')), -1, 'the maker never joins a mount ns');
});

// 72 (user:1) ends in the environment's mount ns mnt:1; so must its creator 50 at 72's birth, and
// 50 (user:1 too) could only be born in it, from 22, before 22's unshare(CLONE_NEWNS). The need
// goes one level up the creators (planner/ordering/birth-needs.ts).
test('seed 262: a creator is born in the namespace its child needs when neither can join it', (t) => {
  const plan = verifiedPlan(262);
  t.true(plan.summary.verified);
  const b50 = at(plan, cloneOf('t50'));
  const b72 = at(plan, cloneOf('t72'));
  t.true(b50 >= 0 && b72 >= 0);
  t.true(b50 < at(plan, unshareBy('t22', 'CLONE_NEWNS')), '22 forks 50 before making its own mount ns');
  t.true(b72 < at(plan, unshareBy('t50', 'CLONE_NEWNS')), '50 forks 72 before making its own mount ns');
  t.is(at(plan, setnsBy('t72', 'mnt')), -1);
  t.is(at(plan, setnsBy('t50', 'mnt')), -1);
});

// A zombie never joins a namespace: 35 (user:1, needs the restorer's uts ns) is forked by zombie
// 16, which has what its creator 9 had when it forked 16.
test('seed 186: a zombie creator passes on its creator\'s namespaces like a helper', (t) => {
  const plan = verifiedPlan(186);
  t.true(plan.summary.verified);
  const b35 = plan.ops[at(plan, cloneOf('t35'))];
  t.is(b35.actor, 't16');
  t.is(at(plan, setnsBy('t35', 'uts')), -1, '35 inherits its uts ns');
});

// user:14 has no task and owns nothing; it is the parent of user:1, made by 10 (a zombie in
// user:1). 10 unshares user:14 first, then user:1 inside it (UNSH-3), as some process once did.
test('seed 949: a memberless user ns that owns nothing is created on the way to the user ns below it', (t) => {
  const plan = verifiedPlan(949);
  t.true(plan.summary.verified);
  const unshares = plan.ops.map((o, i) => [o, i] as const).filter(([o]) => o.op === 'unshare' && o.actor === 't10' && o.flags.includes('CLONE_NEWUSER'));
  t.is(unshares.length, 2, '10 unshares two user namespaces');
  t.true(/user ns user:14 holds no task/.test(unshares[0][0].why ?? ''), 'the first is the memberless parent');
});

// 10 ends in user:2 and in its own net:1; its thread 46 (born after 10's switch, SETNS-4) ends in
// the environment's net:0, which it cannot join from user:2. 10 joins net:0 while privileged,
// switches, creates the thread, and only then unshares its own net:1 (birth-needs.ts interimJoins).
test('seed 2166: a leader joins, before its switch, the namespace its later thread needs, and makes its own after the thread', (t) => {
  const plan = verifiedPlan(2166);
  t.true(plan.summary.verified);
  const join = at(plan, setnsBy('t10', 'net'));
  const sw = at(plan, setnsBy('t10', 'user'));
  const thread = at(plan, cloneOf('t46'));
  const own = at(plan, unshareBy('t10', 'CLONE_NEWNET'));
  t.true(join >= 0 && join < sw && sw < thread && thread < own, `join ${join} < switch ${sw} < thread ${thread} < unshare ${own}`);
  t.is(at(plan, setnsBy('t46', 'net')), -1);
});

// 29 is forked (CLONE_FS) by thread 23 of 14, which makes cgroup:1 itself; 29 (user:2) needs the
// environment's cgroup:0: the order is taken against the thread that forks it, not its leader.
test('seed 1556: a child forked by its creator\'s thread is forked before that thread makes its own namespace', (t) => {
  const plan = verifiedPlan(1556);
  t.true(plan.summary.verified);
  const b29 = at(plan, cloneOf('t29'));
  t.is(plan.ops[b29].actor, 't23');
  t.true(b29 < at(plan, unshareBy('t23', 'CLONE_NEWCGROUP')));
});

// A session ghost in user:1 forks 70 into user:6, whose parent is user:3: it enters user:3 first
// (OWN-1) and, with its capabilities there, joins cgroup:3 for 70, which 70 could never join.
test('seed 2040: a helper moves down to the new user ns\'s parent and joins for its child what the child cannot', (t) => {
  const plan = verifiedPlan(2040);
  t.true(plan.summary.verified);
  const b70 = at(plan, cloneOf('t70'));
  const ghost = plan.ops[b70].actor;
  t.true(ghost.startsWith('h'));
  const enter = at(plan, setnsBy(ghost, 'user'));
  const cg = at(plan, setnsBy(ghost, 'cgroup'));
  t.true(enter >= 0 && enter < cg && cg < b70, 'enter user:3, join cgroup:3, then fork 70');
});

// Init 7 of pid:2 (owned by user:2) ends in user:1 below it, and every other task of user:2 is
// deeper in the tree: 7 is born creating user:2 (CLONE_NEWUSER|CLONE_NEWPID), even though it has a
// thread (created after its move down to user:1).
test('seed 413: an init with threads is born creating the user ns that owns its pid ns', (t) => {
  const plan = verifiedPlan(413);
  t.true(plan.summary.verified);
  const c = plan.ops[at(plan, cloneOf('t7'))];
  t.true(c.op === 'clone' && c.flags.includes('CLONE_NEWUSER') && c.flags.includes('CLONE_NEWPID'));
});

// Init 79, the restorer's child, is born in user:6, a child of user:1: the restorer cannot create
// user:6 from user:0, so a maker enters user:1 and forks 79 with CLONE_PARENT|CLONE_NEWUSER.
test('seed 4052: a restorer-made init born below another user ns gets a maker inside that one', (t) => {
  const plan = verifiedPlan(4052);
  t.true(plan.summary.verified);
  const c = plan.ops[at(plan, cloneOf('t79'))];
  t.true(plan.helpers.some((h) => h.name === c.actor && h.role === 'pidns-maker'));
  t.true(c.op === 'clone' && c.flags.includes('CLONE_PARENT') && c.flags.includes('CLONE_NEWUSER'));
});

// 42 points pid_for_children at pid:4 to create 89 there, then moves to user:3, which has no
// rights over its own pid ns's owner; its thread 43 needs pid_for_children = its own pid ns
// (FORK-2). It points it back before the switch and sets the image's pid:4 at the end.
test('seed 3401: pid_for_children goes back home before the switch when threads follow it', (t) => {
  const plan = verifiedPlan(3401);
  t.true(plan.summary.verified);
  const sw = at(plan, setnsBy('t42', 'user'));
  const home = plan.ops.findIndex((o, i) => i < sw && o.op === 'setns' && o.actor === 't42' && o.file === 'pid' && o.target === 't42');
  t.true(home >= 0, 'pid_for_children back to its own pid ns before the switch');
  t.true(sw < at(plan, cloneOf('t43')));
});
