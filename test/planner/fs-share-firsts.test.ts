/**
 * Clone-time sharing of an fs_struct whose first holder is gone from the live tree (FORK-4,
 * SETNS-3): a dead leader that forked its children with CLONE_FS before its leader thread exited
 * (planner/dead-leader-first-holder.ts, zombie-mnt.ts). Pinned with planWithVariant on generated
 * reachable seeds.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const ZOMBIE_SHARES = { shares: true, zombieShares: true } as const;
const cloneOf = (ops: Op[], child: string): Clone | undefined => ops.find((o): o is Clone => o.op === 'clone' && o.child === child);

test('dead leader 7 holds the fs_struct its children 9 and 12 share, joins their mount ns after creating its threads, and forks them with CLONE_FS (seed 18067)', (t) => {
  const ops = mustPlan(t, 18067, ZOMBIE_SHARES).ops;
  const i9 = ops.findIndex((o) => o.op === 'clone' && o.child === 't9');
  const i12 = ops.findIndex((o) => o.op === 'clone' && o.child === 't12');
  for (const i of [i9, i12]) {
    t.is((ops[i] as Clone).actor, 't7');
    t.true((ops[i] as Clone).flags.includes('CLONE_FS'));
  }
  // its thread 8 is created without CLONE_FS (a copy of its own), before 7 moves to mnt:0
  const th = cloneOf(ops, 't8');
  t.false(th!.flags.includes('CLONE_FS'));
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === 't7' && o.file === 'mnt');
  t.true(join > ops.indexOf(th!) && join < Math.min(i9, i12));
  // and its leader thread exits last (dead in the image)
  t.true(ops.findIndex((o) => o.op === 'exit' && o.actor === 't7') > Math.max(i9, i12));
});

test('zombie 8 is forked with CLONE_FS|CLONE_PARENT by its sibling 20, holder of the fs_struct 8 passes on to 10 (seed 15327)', (t) => {
  const ops = mustPlan(t, 15327, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't8');
  t.is(z?.actor, 't20');
  t.true(z!.flags.includes('CLONE_FS') && z!.flags.includes('CLONE_PARENT'));
  const b = cloneOf(ops, 't10');
  t.is(b?.actor, 't8');
  t.true(b!.flags.includes('CLONE_FS'));
});

test('zombie 27 is forked with CLONE_FS by 34, and forks 38 sharing 34\'s fs_struct (seed 17484)', (t) => {
  const ops = mustPlan(t, 17484, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't27');
  t.is(z?.actor, 't34');
  t.true(z!.flags.includes('CLONE_FS'));
  const b = cloneOf(ops, 't38');
  t.is(b?.actor, 't27');
  t.true(b!.flags.includes('CLONE_FS'));
});
