/**
 * planner/sharing/dead-leader-relay.ts with files-relays.ts (re-plan variant `shares`, FORK-4, UNSH-1,
 * EXIT-1): a dead thread-group leader at the top of two creator chains of an fd table forks both
 * chains with CLONE_FILES, then takes its own copy by unshare(CLONE_FILES) before its leader
 * thread exits (seed 51789: 2 forks 6 and 4, 4 forks 15 before its execve); and
 * planner/sharing/dead-leader-table.ts, a dead leader standing for its creator's table that one of its
 * threads shares (seed 12030). Pinned with planWithVariant on generated reachable seeds.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

test('dead leader 2 passes its fd table to 6 and 4 with CLONE_FILES, then unshares it before its exit (seed 51789)', (t) => {
  const ops = mustPlan(t, 51789, { shares: true }).ops;
  const un = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't2' && o.flags.includes('CLONE_FILES'));
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === 't2');
  t.true(un >= 0 && un < ex);
  for (const [child, by] of [['t6', 't2'], ['t4', 't2'], ['t15', 't4']] as const) {
    const i = cloneIndex(ops, child);
    const c = ops[i] as Clone;
    t.is(c.actor, by);
    t.true(c.flags.includes('CLONE_FILES'));
    if (by === 't2') t.true(i < un);
  }
  // 4's copy of the table is made by its execve, after it forked 15
  t.true(cloneIndex(ops, 't15') < ops.findIndex((o) => o.op === 'execve' && o.actor === 't4'));
});

// planner/sharing/dead-leader-table.ts: a dead leader whose thread shares its creator's fd table stands
// for that table, so its creator forks it with CLONE_FILES and it forks that thread with it
test('dead leader 20 is forked by 5 with CLONE_FILES after 5\'s execve and forks thread 45 with it, thread 38 without (seed 12030)', (t) => {
  const ops = mustPlan(t, 12030, { shares: true }).ops;
  const z = ops[cloneIndex(ops, 't20')] as Clone;
  t.is(z.actor, 't5');
  t.true(z.flags.includes('CLONE_FILES'));
  t.true(cloneIndex(ops, 't20') > ops.findIndex((o) => o.op === 'execve' && o.actor === 't5'));
  t.true((ops[cloneIndex(ops, 't45')] as Clone).flags.includes('CLONE_FILES'));
  t.false((ops[cloneIndex(ops, 't38')] as Clone).flags.includes('CLONE_FILES'));
});

// planner/sharing/dead-leader-table.ts preExecTable: a zombie forked by an execve'd creator before its
// execve stands for the creator's table then, which a child of the zombie shares
test('zombie 36, forked by 2 with CLONE_FILES before 2\'s execve, forks 45 with it (seed 6456)', (t) => {
  const ops = mustPlan(t, 6456, { shares: true }).ops;
  const ex = ops.findIndex((o) => o.op === 'execve' && o.actor === 't2');
  for (const [child, by] of [['t36', 't2'], ['t45', 't36']] as const) {
    const i = cloneIndex(ops, child);
    const c = ops[i] as Clone;
    t.is(c.actor, by);
    t.true(c.flags.includes('CLONE_FILES'));
    if (by === 't2') t.true(i < ex);
  }
});
