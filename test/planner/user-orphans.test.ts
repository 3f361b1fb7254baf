/**
 * Generated states where a child lives in a user ns above its parent's, the parent being the init
 * of a pid ns owned by its own user ns (so born in it, SETNS-4: credentials only move down).
 * Each was undecided ("task N would be born in user ns user:1 (its creator's) and cannot move
 * back up to user:0") and now verifies with the construction the real history used: a task of
 * the upper user ns forks the child into the init's pid ns and exits, handing it to the init
 * (EXIT-2). planner/creators/user-orphans.ts, sessions.ts.
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
const cloneOf = (plan: Plan, child: string): Extract<Op, { op: 'clone' }> | undefined =>
  plan.ops.find((o): o is Extract<Op, { op: 'clone' }> => o.op === 'clone' && o.child === child);
const exits = (plan: Plan, actor: string) => plan.ops.findIndex((o) => o.op === 'exit' && o.actor === actor);

// Zombie 14 (user:0, its own session) has parent 5, the init of pid:1 and in user:1. A reparent
// helper forked by the restorer (user:0) into pid:1 forks 14 and exits: 14 goes to 5.
test('seed 1740: a child above its init parent\'s user ns is forked by a restorer helper that exits', (t) => {
  const plan = verifiedPlan(1740);
  t.true(plan.summary.verified);
  const c = cloneOf(plan, 't14');
  t.truthy(c);
  t.not(c!.actor, 't5', 'its parent 5 (user:1) does not fork it');
  const h = plan.helpers.find((x) => x.name === c!.actor);
  t.is(h?.role, 'reparent-helper');
  t.is(cloneOf(plan, c!.actor)?.actor, 'root', 'the helper comes from the restorer, in user:0');
  t.true(exits(plan, c!.actor) > plan.ops.indexOf(c!), 'the helper exits after forking 14');
});

// 23 (user:0) is in session 36, whose leader is dead, under init 7 (user:1). The session's ghost
// is placed at the restorer (not under 7, which would make it a user:1 task), forks 23 and exits.
test('seed 2722: the session ghost is placed at the restorer for a child above its parent\'s user ns', (t) => {
  const plan = verifiedPlan(2722);
  t.true(plan.summary.verified);
  const c = cloneOf(plan, 't23');
  t.truthy(c);
  const g = plan.helpers.find((x) => x.name === c!.actor);
  t.is(g?.role, 'session-ghost');
  t.deepEqual(g?.pid, [36, 2]);
  t.is(cloneOf(plan, c!.actor)?.actor, 'root');
});

// 126 (user:0) under init 4 (user:1): zombie 28, in user:0 and in pid:1, forks it; its exit hands
// 126 to 4.
test('seed 5187: a zombie of the upper user ns forks the child and its exit hands it to the init', (t) => {
  const plan = verifiedPlan(5187);
  t.true(plan.summary.verified);
  const c = cloneOf(plan, 't126');
  t.is(c?.actor, 't28');
  const z = generateHistory(5187).image.tasks.find((x) => x.pid[0] === 28)!;
  t.is(z.state, 'zombie');
  t.is(z.userns, 'user:0');
});

// 58 (user:0, a session leader) under init 7 (of pid:3, in user:1, which owns pid:3) must hand
// session 2 to its child 67: a lift gives it born_sid 2 and a helper of session 2 (forked by 39)
// creates it, and its exit hands 58 to 7. A leader that its
// parent cannot fork for want of a user ns waits for every session's choice before it is put in
// the restorer's session (user-orphans.ts userOrphanLeaders), so such lifts stay possible.
test('seed 2504: a lifted leader keeps the session its lift gives it', (t) => {
  const plan = verifiedPlan(2504);
  t.true(plan.summary.verified);
  const c = cloneOf(plan, 't58');
  t.is(plan.helpers.find((x) => x.name === c?.actor)?.role, 'reparent-helper');
  t.is(cloneOf(plan, 't67')?.actor, 't58', '58 forks 67 before its setsid');
  const fork67 = plan.ops.findIndex((o) => o.op === 'clone' && o.child === 't67');
  const setsid58 = plan.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't58');
  t.true(fork67 >= 0 && setsid58 > fork67);
});
