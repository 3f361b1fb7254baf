/**
 * Generated states where a task must keep a namespace its credentials have no rights over
 * (SETNS-3..7 need CAP_SYS_ADMIN over the owner), or its pid_for_children over an owner it
 * leaves (SETNS-5). Each was undecided ("... no order of this plan lets it join earlier", "needs
 * pid_for_children ... but has no CAP_SYS_ADMIN over its owner") and is now a verified plan with
 * the order the real history had: the namespace inherited before the creator leaves it.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);
const cloneOf = (child: string) => (o: Op) => o.op === 'clone' && o.child === child;
const setnsBy = (actor: string, file: string) => (o: Op) => o.op === 'setns' && o.actor === actor && o.file === file;

// 62 (user:1) keeps time:0, owned by the environment's user ns; its creator 25, a dead leader
// planned in its thread's namespaces, joins time:1 in its early step (before its threads): 62 is
// forked before that step.
test('seed 4626: a child keeping the older time ns is forked before its creator\'s early time join', (t) => {
  const plan = mustPlan(t, 4626);
  const c = at(plan, cloneOf('t62'));
  const j = at(plan, setnsBy('t25', 'time'));
  t.true(c >= 0 && j >= 0 && c < j, '25 forks 62 before joining time:1');
});

// 76 keeps time:0 that neither it nor its parent 69 (both in user:1) can join: 69 is born in it,
// so 65 forks 69 before its unshare(CLONE_NEWTIME) makes time:3 its time_for_children.
test('seed 6749: the time ns a grandchild needs is a birth need of its parent', (t) => {
  const plan = mustPlan(t, 6749);
  const c = at(plan, cloneOf('t69'));
  const u = at(plan, (o) => o.op === 'unshare' && o.actor === 't65' && o.flags.includes('CLONE_NEWTIME'));
  t.true(c >= 0 && u >= 0 && c < u, '65 forks 69 before making time:3');
});

// Thread 42 of 40 keeps net:0 (owned by the environment's user ns); 40 joins net:1 from inside its
// user ns user:0, per thread (SETNS-7): the thread is created between the switch and that join.
test('seed 3046: a thread keeping the leader\'s older namespaces is created before its joins inside its user ns', (t) => {
  const plan = mustPlan(t, 3046);
  const sw = at(plan, setnsBy('t40', 'user'));
  const th = at(plan, cloneOf('t42'));
  const net = at(plan, setnsBy('t40', 'net'));
  t.true(sw >= 0 && th > sw && net > th, 'switch, thread, then setns(net)');
});

// Zombie 31 forks the maker of 49 (user:7), which keeps time:0: 31 itself is forked by 28 before
// 28's unshare(CLONE_NEWTIME).
test('seed 3841: a maker forked by a zombie inherits through it', (t) => {
  const plan = mustPlan(t, 3841);
  const z = at(plan, cloneOf('t31'));
  const u = at(plan, (o) => o.op === 'unshare' && o.actor === 't28' && o.flags.includes('CLONE_NEWTIME'));
  t.true(z >= 0 && u >= 0 && z < u);
});

// 9 ends in user:1, which it makes with its child 59 (CLONE_NEWUSER, sharing its fd table, so no
// maker): it enters user:0 and user:3 on its own way down first.
test('seed 1603: a task creating a user ns with a child enters the parent on its way down', (t) => {
  const plan = mustPlan(t, 1603);
  const c = at(plan, cloneOf('t59'));
  const op = plan.ops[c];
  t.true(op.op === 'clone' && op.actor === 't9' && op.flags.includes('CLONE_NEWUSER'));
  const sw = plan.ops.findIndex((o, i) => i < c && o.op === 'setns' && o.actor === 't9' && o.file === 'user');
  t.true(sw >= 0, '9 enters an ancestor user ns before the clone');
});

// The other seeds of the same kinds: a CLONE_NEWUSER child born before its creator's switch
// (8061), a maker forked while privileged (7657), thread birth needs and the ns creator choice
// (6424, 11582, 6664), pid_for_children home before the switch (2635, 4593, 5447, 5704, 6532, 7613).
// (also: a task creating a user ns from an ancestor on its way (3726, 8951, 8952, 10995), a user ns
// made on the way or kept by its holder (7217, 10534, 7991, 9624), a thread kept before its
// leader's own unshare (4797, 9522))
for (const seed of [6884, 6243, 5737, 8061, 7657, 3484, 5358, 5425, 6424, 11582, 6664, 2635, 4593, 5447, 5704, 6532, 7613, 3726, 8951, 8952, 10995, 7217, 10534, 7991, 9624, 4797, 9522]) {
  test(`seed ${seed}: verified plan`, (t) => { mustPlan(t, seed); });
}

// Credential switches (GenerateOptions.setids): root creates t33 with CLONE_NEWUSER into user:0,
// owned by uid 1 of user:2; taking uid 1 would drop the capabilities root still needs (CRED-2),
// so a helper takes it and forks t33 with CLONE_PARENT (parent: root), then exits.
test('setids seed 6: a helper takes the owner uid of a new user ns for a creator that keeps its capabilities', (t) => {
  const out = planImage(generateHistory(6, { setids: true }).image);
  if (out.kind !== 'plan') return t.fail(`${out.kind}: ${JSON.stringify(out).slice(0, 300)}`);
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const viaHelper = ops.findIndex((o) => o.op === 'clone' && o.actor.startsWith('idh') && o.flags.includes('CLONE_NEWUSER') && o.flags.includes('CLONE_PARENT'));
  t.true(viaHelper >= 0, 'an id helper forks the child with CLONE_PARENT|CLONE_NEWUSER');
  const h = (ops[viaHelper] as { actor: string }).actor;
  const setuid = ops.findIndex((o) => o.op === 'setresuid' && o.actor === h);
  t.true(setuid >= 0 && setuid < viaHelper, 'the helper takes the owner uid first');
  t.true(ops.some((o, i) => i > viaHelper && o.op === 'exit' && o.actor === h), 'the helper exits');
});
for (const seed of [8, 26, 33]) {
  test(`setids seed ${seed}: verified plan`, (t) => {
    const out = planImage(generateHistory(seed, { setids: true }).image);
    t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason.slice(0, 200) : '');
    if (out.kind === 'plan') t.true(out.plan.summary.verified);
  });
}
