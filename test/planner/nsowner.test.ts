/**
 * Namespace joining across user namespaces: a task whose credentials are in a user ns without
 * rights over a namespace's owner cannot setns into it (SETNS-3..7); it must be born in it. Each
 * test takes a generated state (reachable by construction) on which the planner used to answer
 * "undecided" and checks the construction that now yields a verified plan.
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
const indexOf = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const cloneOf = (child: string) => (o: Op) => o.op === 'clone' && o.child === child;

test('an init created by a zombie with CLONE_NEWUSER is made by a maker that first joins the namespaces it can only inherit (seed 37)', (t) => {
  // t73 (user:4, init of pid:8) is in mnt:2, owned by the root user ns; its creator t25 is a
  // zombie whose namespaces the plan never settles
  const plan = verifiedPlan(37);
  const ops = plan.ops;
  const c = indexOf(ops, cloneOf('t73'));
  t.true(c >= 0);
  const clone = ops[c] as Extract<Op, { op: 'clone' }>;
  t.true(clone.flags.includes('CLONE_NEWUSER') && clone.flags.includes('CLONE_NEWPID'));
  const maker = plan.helpers.find((h) => h.name === clone.actor);
  t.is(maker?.role, 'pidns-maker');
  const join = indexOf(ops, (o) => o.op === 'setns' && o.actor === clone.actor && o.file === 'mnt');
  t.true(join >= 0 && join < c, 'the maker joins mnt:2 before it creates t73');
});

test('an init that ends below its pid ns owner, whose members are all deeper, is born creating the owner (seed 44)', (t) => {
  // pid:3 is owned by user:3; its init t44 ends in user:1 (a child of user:3) and user:3's only
  // members are t44's children: t44 is cloned with CLONE_NEWUSER and moves down later
  const ops = verifiedPlan(44).ops;
  const c = indexOf(ops, cloneOf('t44'));
  t.true(c >= 0);
  const clone = ops[c] as Extract<Op, { op: 'clone' }>;
  t.true(clone.flags.includes('CLONE_NEWUSER'));
  const child = indexOf(ops, cloneOf('t207'));
  const down = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't44' && o.flags.includes('CLONE_NEWUSER'));
  t.true(c < child && child < down, 't44 creates t207 inside user:3 before moving to user:1');
});

test('a holder enters, not re-creates, an owner user ns that an init is born creating (seed 2530)', (t) => {
  const ops = verifiedPlan(2530).ops;
  const holderClone = indexOf(ops, (o) => o.op === 'clone' && o.actor === 'root' && /ns-holder/.test(o.why ?? ''));
  t.true(holderClone >= 0);
  const holder = (ops[holderClone] as Extract<Op, { op: 'clone' }>).child;
  t.true(ops.some((o) => o.op === 'setns' && o.actor === holder && o.file === 'user'));
  t.false(ops.some((o) => o.op === 'unshare' && o.actor === holder && o.flags.includes('CLONE_NEWUSER')));
});

test('a dead leader joins, while privileged, a namespace its thread in another user ns can only inherit (seed 880)', (t) => {
  // t4 is a dead leader in user:1; its thread t75 is in time:3, owned by the root user ns
  const ops = verifiedPlan(880).ops;
  // (it joins time:3, or, since dead leaders plan in their threads' namespaces
  // (planner/facts/dead-leaders.ts), makes it itself: either way before its thread exists)
  const join = indexOf(ops, (o) => o.actor === 't4' && ((o.op === 'setns' && o.file === 'time') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWTIME'))));
  const thread = indexOf(ops, cloneOf('t75'));
  t.true(join >= 0 && join < thread);
});

test('a thread with its own fs_struct is created before its leader unshares a mount ns it must not have (seed 70)', (t) => {
  const ops = verifiedPlan(70).ops;
  const thread = indexOf(ops, cloneOf('t65'));
  const unshare = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't40' && o.flags.includes('CLONE_NEWNS'));
  t.true(thread >= 0 && thread < unshare);
});

test('an init whose early child needs a namespace its creator lacks gets a maker (seed 267)', (t) => {
  // t52, t16's child in user:1, must be in net:1 (owned by the root user ns): t16 is born in it
  const plan = verifiedPlan(267);
  const c = indexOf(plan.ops, cloneOf('t16'));
  const clone = plan.ops[c] as Extract<Op, { op: 'clone' }>;
  t.is(plan.helpers.find((h) => h.name === clone.actor)?.role, 'pidns-maker');
  t.true(plan.ops.some((o, i) => i < c && o.op === 'setns' && o.actor === clone.actor && o.file === 'net'));
});

test('a user ns below one only a holder lives in is made while the holder still lives (seed 28)', (t) => {
  // user:7 has no task of its own: holder h3 creates it for mnt:2; t15 ends in user:2, a child of
  // user:7, and can only create it by entering user:7 through the holder's ns files
  const ops = verifiedPlan(28).ops;
  const holderMade = indexOf(ops, (o) => o.op === 'unshare' && /^h\d+$/.test(o.actor) && o.flags.includes('CLONE_NEWUSER'));
  const holder = ops[holderMade]?.actor;
  const made = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't15' && o.flags.includes('CLONE_NEWUSER'));
  const holderExit = indexOf(ops, (o) => o.op === 'exit' && o.actor === holder);
  t.true(holderMade >= 0 && holderMade < made && made < holderExit);
});

test('a user ns is created by a member born outside it, not by a CLONE_FS child born inside it (seed 2632)', (t) => {
  // t56 (with a thread) and its CLONE_FS child t81 are in user:8; t81 is born there, so t56 makes it
  const ops = verifiedPlan(2632).ops;
  const made = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't56' && o.flags.includes('CLONE_NEWUSER'));
  const child = indexOf(ops, cloneOf('t81'));
  t.true(made >= 0 && made < child);
  t.true((ops[child] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FS'));
});

test('a pending pid ns owned by an intermediate user ns is unshared inside it, on the way down (seeds 7890, 9293, 8137)', (t) => {
  // each task must unshare(CLONE_NEWPID) while in an intermediate user ns between its birth user
  // ns and its final one: its user step enters that owner, unshares there, then goes on down.
  // (Before that construction the emitter refused it, OWN-1; before the refusal, the plan failed
  // its verification.)
  for (const seed of [7890, 9293, 8137]) {
    const out = planImage(generateHistory(seed).image);
    t.is(out.kind, 'plan', `seed ${seed}: ${out.kind === 'undecided' ? out.reason : ''}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    const ops = out.plan.ops;
    const un = ops.findIndex((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWPID') && /pending pid_for_children/.test(o.why ?? ''));
    t.true(un >= 0, `seed ${seed}: a pending pid ns is unshared`);
    const actor = ops[un].actor;
    t.true(ops.slice(0, un).some((o) => o.actor === actor && o.op === 'setns' && o.file === 'user'), `seed ${seed}: ${actor} entered a user ns before unsharing`);
  }
});
