/**
 * Pid numbers across user namespaces: set_tid and ns_last_pid need CAP_SYS_ADMIN over the owner
 * of each pid ns concerned (FORK-9, PID-6, OWN-6), and ns_last_pid is always the writer's ACTIVE
 * pid ns. Each test takes a generated state (reachable by construction) on which the planner used
 * to answer "undecided" and checks the construction that now yields a verified plan.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason : ''}`);
  if (!out.plan.summary.verified) throw new Error(`seed ${seed}: plan not verified`);
  return out.plan;
}
const indexOf = (ops: Op[], pred: (o: Op) => boolean, from = 0): number => {
  for (let i = from; i < ops.length; i++) if (pred(ops[i])) return i;
  return -1;
};

test('a pid ns with no privileged member gets its ns_last_pid from a writer the restorer forks into it (seed 71)', (t) => {
  // t44 is born in pid:5 by t16, which has no capability over pid:5's owner, and no task living
  // in pid:5 has it either: the restorer forks a writer there, which sets the cursor and is reaped
  const plan = verifiedPlan(71);
  const ops = plan.ops;
  const w = indexOf(ops, (o) => o.op === 'write-ns-last-pid' && o.actor.startsWith('lastpid'));
  t.true(w >= 0, 'a forked writer sets ns_last_pid');
  const writer = ops[w].actor;
  // it is a helper of the plan like any other (listed, counted, with its numbers)
  const listed = plan.helpers.find((h) => h.name === writer);
  t.is(listed?.role, 'pid-writer');
  t.is(plan.summary.helpers, plan.helpers.length);
  const born = indexOf(ops, (o) => o.op === 'clone' && o.child === writer);
  t.true(born >= 0 && born < w);
  const clone = ops[born] as Extract<Op, { op: 'clone' }>;
  t.is(clone.actor, 'root');
  // set_tid at every level, so no image level's cursor moves (FORK-9)
  t.is(clone.setTid?.length, 3);
  const enter = indexOf(ops, (o) => o.op === 'setns' && o.actor === 'root' && o.file === 'pid');
  t.true(enter >= 0 && enter < born, 'the restorer points pid_for_children at pid:5 first (SETNS-5)');
  const exit = indexOf(ops, (o) => o.op === 'exit' && o.actor === writer, w);
  const reap = indexOf(ops, (o) => o.op === 'wait' && o.actor === 'root', exit);
  t.true(exit > w && reap > exit, 'the writer exits and is reaped');
  const child = indexOf(ops, (o) => o.op === 'clone' && o.child === 't44');
  t.true(child > reap, 't44 is created right after, from the cursor');
  t.is((ops[w] as Extract<Op, { op: 'write-ns-last-pid' }>).value, 1, 't44 gets pid 2 in pid:5');
  t.false(ops.some((o, i) => i > w && i < child && o.op === 'clone' && o.child !== writer), 'nothing else forks between write and use');
});

const lastIndex = (ops: Op[], pred: (o: Op) => boolean): number => {
  for (let i = ops.length - 1; i >= 0; i--) if (pred(ops[i])) return i;
  return -1;
};

test('a final pid_for_children owned above the final user ns is set before the switch, after every child (seed 150)', (t) => {
  // t6 ends in user:1 with pid_for_children pid:4, owned by the root user ns: after its switch it
  // has no CAP_SYS_ADMIN over user:0, so the setns comes while it is still there (SETNS-5)
  const ops = verifiedPlan(150).ops;
  const pfc = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'pid');
  t.true(pfc >= 0);
  t.is(lastIndex(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'pid'), pfc, 'set once, never moved back');
  const sw = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't6' && o.flags.includes('CLONE_NEWUSER'));
  t.true(sw > pfc, 'the setns precedes the user-ns switch');
  const lastChild = lastIndex(ops, (o) => o.op === 'clone' && o.actor === 't6');
  t.true(lastChild >= 0 && lastChild < pfc, "t6's children come first (they are born in its own pid ns)");
  const initBorn = indexOf(ops, (o) => o.op === 'clone' && o.child === 't18');
  t.true(initBorn >= 0 && initBorn < pfc, "pid:4's init exists first");
});

test('a final pid_for_children is set before an execve that drops every capability (seed 227)', (t) => {
  // t6 lives in user:1, which maps no uid: its execve keeps no capability, and it never switches
  // user ns to get them back, so the setns to pid:2 (owned by user:1) precedes the execve
  const ops = verifiedPlan(227).ops;
  const pfc = lastIndex(ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'pid');
  const ex = indexOf(ops, (o) => o.op === 'execve' && o.actor === 't6');
  t.true(pfc >= 0 && ex > pfc, 'setns(pid) before execve');
  t.false(ops.some((o) => o.op === 'unshare' && o.actor === 't6' && o.flags.includes('CLONE_NEWUSER')), 'no switch gives the capability back');
  t.true(lastIndex(ops, (o) => o.op === 'clone' && o.actor === 't6') < pfc, "t6's children come first");
});

test('a task that created a child in another pid ns points pid_for_children back at its own before the switch (seed 536)', (t) => {
  // t8 (pid:0, owned by the root user ns) creates t19 in pid:2 through setns(pid), then ends in
  // user:2: pointing pid_for_children back at pid:0 needs CAP_SYS_ADMIN over user:0 (SETNS-5),
  // which it only has before its switch
  const ops = verifiedPlan(536).ops;
  const away = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't8' && o.file === 'pid');
  const child = indexOf(ops, (o) => o.op === 'clone' && o.child === 't19');
  t.true(away >= 0 && child > away, 't8 points pid_for_children at pid:2 to create t19');
  const back = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't8' && o.file === 'pid' && o.target === 't8', child);
  const sw = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't8' && o.file === 'user');
  t.true(back > child && sw > back, 'back to its own pid ns after t19, before entering user:2');
});
