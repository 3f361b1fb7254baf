/**
 * Order of a task's own namespace creations against its joins (planner/ordering/ns-order.ts): generated
 * reachable states that were undecided (ordering cycles) and now verify, with the op order the
 * construction allows asserted.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { childMayJoinShared, ownNsAfterJoins } from '../../planner/ordering/ns-order.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const at = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);

// A leader that unshares a namespace its thread must not have: the thread is created first (it
// keeps the old one, UNSH-2), the leader's joins must precede its threads (SETNS-3), and the
// unshare was forced before the joins, a cycle. The unshare now may follow the join step.
// (seed 12, once in this list: its thread t50 makes its own ipc ns, so it needs none of the
// leader's and may come after the leader's unshare; pinned in join-steps.test.ts)
for (const [seed, leader, thread, flag] of [[74, 't17', 't113', 'CLONE_NEWUTS'], [404, 't47', 't70', 'CLONE_NEWNET'], [163, 't3', 't10', 'CLONE_NEWCGROUP']] as const) {
  test(`seed ${seed}: leader ${leader} unshares ${flag} after creating thread ${thread}, which keeps the old namespace`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const th = at(plan, (o) => o.op === 'clone' && o.child === thread && o.flags.includes('CLONE_THREAD'));
    const un = at(plan, (o) => o.op === 'unshare' && o.actor === leader && o.flags.includes(flag));
    t.true(th >= 0 && un >= 0, 'both ops are in the plan');
    t.true(th < un, `${thread} is created before ${leader}'s unshare(${flag})`);
  });
}

// A child born in a new user ns (clone(CLONE_NEWUSER)) whose namespaces shared with its creator
// are ones the creator has from birth (forked by the restorer, or by leaders that had them from
// birth) or are owned within the child's user ns needs no settled creator: it is created
// before its creator joins its mount ns (which waits for a user-ns switch the child's user ns
// enables) and sets its own mount ns itself.
for (const [seed, creator, child] of [[1051, 't38', 't56']] as const) {
  test(`seed ${seed}: ${child}, born in its own user ns, is created before ${creator} joins its mount ns and sets its own`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const born = at(plan, (o) => o.op === 'clone' && o.child === child && o.flags.includes('CLONE_NEWUSER'));
    const crMnt = at(plan, (o) => o.op === 'setns' && o.actor === creator && o.file === 'mnt');
    const chMnt = at(plan, (o) => o.actor === child && ((o.op === 'setns' && o.file === 'mnt') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWNS'))));
    t.true(born >= 0 && crMnt >= 0 && chMnt >= 0, 'the clone, the creator join and the child own mount-ns op are in the plan');
    t.true(born < crMnt, `${child} is created before ${creator} joins the mount ns`);
    t.true(born < chMnt, `${child} sets its mount ns itself`);
  });
}

test('which creations commute with the join step, and which shared slots a child may join itself', (t) => {
  for (const ty of ['ipc', 'uts', 'net', 'cgroup', 'mnt'] as const) t.true(ownNsAfterJoins(ty), ty);
  for (const ty of ['time', 'user', 'pid'] as const) t.false(ownNsAfterJoins(ty), ty);
  t.true(childMayJoinShared('mnt', true));
  t.false(childMayJoinShared('mnt', false));
  t.false(childMayJoinShared('time', true));
  t.false(childMayJoinShared('timeForChildren', true));
});
