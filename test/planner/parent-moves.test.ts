/**
 * Generated seeds that were "undecided" at 5bf29ab (a task that must be born in a session or a
 * group no creator of that session could give it, or a group it cannot join from its pid ns),
 * now planned and verified on the simulated kernel through planner/creators/parent-moves.ts: a parent
 * moves its child into a group with setpgid(child, g) (PGID-2 step 3), right after the fork or
 * later, before the child's execve; and the second attempt's one-step lift and group ghost
 * forked around a setsid. Each test asserts the construction, so a regression names it.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
/** the setpgid(pid, pgid) by `actor` on another task (pid != 0) */
const moveIndex = (ops: Op[], actor: string, pid: number, pgid: number): number =>
  ops.findIndex((o) => o.op === 'setpgid' && o.actor === actor && o.pid === pid && o.pgid === pgid);

// A child whose group has no number in its own pid ns (an init of a new pid ns here): its
// parent, which sees the group, forks it and moves it there at once. Numbers are in the
// mover's pid ns (1110: pid:1, where 33 is 40 and group 18 is 25; 10798: 85 is 8, group 49 is 3).
for (const [seed, mover, child, pid, pgid, what] of [
  [393, 't11', 't57', 57, 18, 'its group 18, which it cannot join from its pid ns'],
  [1110, 't3', 't33', 40, 25, 'group 18, which it must be in when it forks 41, 50, 51'],
  [1425, 'h1', 't78', 78, 9, 'group 9 (a reparent helper forks and moves it, then exits)'],
  [10798, 't13', 't85', 8, 3, 'group 49, whose ghost lives in a sibling pid ns of 85\'s'],
] as const) {
  test(`seed ${seed}: ${mover} forks ${child} and moves it into ${what}`, (t) => {
    const plan = mustPlan(t, seed);
    const i = cloneIndex(plan.ops, child);
    t.true(i >= 0, `${child} is created`);
    t.is(plan.ops[i].actor, mover, `${child} is forked by ${mover}`);
    t.is(moveIndex(plan.ops, mover, pid, pgid), i + 1, `${mover} moves ${child} right after the fork`);
  });
}

// Later moves: a child that leaves its birth group (it leads a group of its own, or was born in
// another group for its children) and cannot join its final group from its pid ns is moved back
// by its parent (an image parent, or the reparent helper that forked it) before it execs.
for (const [seed, mover, child, pid, pgid] of [
  [1764, 't2', 't7', 7, 3],
  [9935, 't4', 't17', 17, 4],
  [5990, 'h1', 't28', 28, 3],
] as const) {
  test(`seed ${seed}: ${mover} moves its child ${child} into group ${pgid} after ${child} left its birth group`, (t) => {
    const plan = mustPlan(t, seed);
    const born = cloneIndex(plan.ops, child);
    t.true(born >= 0 && plan.ops[born].actor === mover, `${child} is forked by ${mover}`);
    const mv = moveIndex(plan.ops, mover, pid, pgid);
    t.true(mv > born, `${mover} moves ${child} into group ${pgid}`);
    const left = plan.ops.findIndex((o) => o.op === 'setpgid' && o.actor === child && o.pid === 0);
    const forked = plan.ops.findIndex((o) => o.op === 'clone' && o.actor === child);
    t.true((left > born && left < mv) || (forked > born && forked < mv), `${child} leaves its birth group or forks in it before the move`);
    const exec = plan.ops.findIndex((o) => o.op === 'execve' && o.actor === child);
    t.true(exec < 0 || exec > mv, 'the move comes before the child\'s execve (PGID-2: EACCES after)');
  });
}

// One-step lift: 65 must fork 67 in session 46, led by its sibling 46; 46 creates 65 with
// CLONE_PARENT after its setsid, though 65's grandparent cannot be born in session 46.
test('seed 1050: 46 creates its sibling 65 in session 46, which forks 67 there before its own setsid', (t) => {
  const plan = mustPlan(t, 1050);
  const i = cloneIndex(plan.ops, 't65');
  t.is(plan.ops[i].actor, 't46');
  t.true((plan.ops[i] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_PARENT'));
  const kid = cloneIndex(plan.ops, 't67');
  const setsid = plan.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't65');
  t.true(kid > i && plan.ops[kid].actor === 't65' && setsid > kid, '65 forks 67 before its setsid');
});

// A dead leader's group whose ghost only a leader born in the group's session can fork, before
// its own setsid: 4 forks the ghost of group 5, then forks init 8 and moves it into group 5.
test('seed 1412: 4 forks the ghost of group 5 before its setsid and moves its child 8 into the group', (t) => {
  const plan = mustPlan(t, 1412);
  const ghost = plan.helpers.find((h) => h.role === 'group-ghost' && h.pid?.[0] === 5);
  t.truthy(ghost, 'group 5 has a ghost');
  const g = cloneIndex(plan.ops, ghost!.name);
  t.is(plan.ops[g].actor, 't4');
  const setsid = plan.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't4');
  t.true(g < setsid, 'the ghost is forked while 4 is still in session 2');
  const i = cloneIndex(plan.ops, 't8');
  t.true(i > g && plan.ops[i].actor === 't4');
  t.is(moveIndex(plan.ops, 't4', 19, 2), i + 1, '4 moves 8 (19 in its pid ns) into group 5 (2 there)');
});

// A lifted parent: 15 (an init) is born in session 7 and forks its child 63 there before its own
// setsid; 63's group 23 has no number in 63's pid ns and is younger than 15, so 15 cannot be born
// in it, but 15 sees it and moves 63 there at once (23 is 3 in 15's pid ns, 63 is 13).
test('seed 7135: 15 forks 63 before its setsid and moves it into group 23', (t) => {
  const plan = mustPlan(t, 7135);
  const i = cloneIndex(plan.ops, 't63');
  t.is(plan.ops[i].actor, 't15');
  const mv = moveIndex(plan.ops, 't15', 13, 3);
  const setsid = plan.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't15');
  t.true(mv > i && mv < setsid, 'the move follows the fork, before 15 leaves session 7');
  t.false(plan.ops.slice(i + 1, mv).some((o) => o.actor === 't63'), '63 does nothing before it is moved');
});
