/**
 * Clone-time sharing of an fs_struct whose first holder is gone from the live tree (FORK-4,
 * SETNS-3): a dead leader that forked its children with CLONE_FS before its leader thread exited
 * (planner/graph/dead-leader-first-holder.ts, zombie-mnt.ts). Pinned with planWithVariant on generated
 * reachable seeds.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

const ZOMBIE_SHARES = { shares: true, zombieShares: true } as const;

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

// (with the zombie siblings of born-sharer.ts, merged after zombie-chain.ts, zombie 14 creates 8
// with CLONE_PARENT and 8 is the first holder of fs:4: the FORK-4 shape is the same, 8 passes on
// what 10 and 20 share, its parent stays 4)
test('zombie 8, forked with CLONE_PARENT by a sibling, passes the fs_struct 10 and 20 share to both with CLONE_FS (seed 15327)', (t) => {
  const ops = mustPlan(t, 15327, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't8');
  t.true(z !== undefined && z.flags.includes('CLONE_PARENT') && z.actor !== 't4');
  for (const child of ['t10', 't20']) {
    const b = cloneOf(ops, child);
    t.is(b?.actor, 't8');
    t.true(b!.flags.includes('CLONE_FS'));
  }
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

test('re-planned without session 4\'s ghost under 54: 34 forks zombie 47, which forks 54 with CLONE_FS in session 4, and 54 forks 62 before its setsid (seed 463)', (t) => {
  const ops = mustPlan(t, 463, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't47');
  t.is(z?.actor, 't34');
  t.true(z!.flags.includes('CLONE_FS'));
  const b = cloneOf(ops, 't54');
  t.is(b?.actor, 't47');
  t.true(b!.flags.includes('CLONE_FS'));
  t.is(cloneOf(ops, 't62')?.actor, 't54');
  const i62 = ops.findIndex((o) => o.op === 'clone' && o.child === 't62');
  t.true(ops.findIndex((o) => o.op === 'setsid' && o.actor === 't54') > i62);
});

test('re-planned without the ghost choice above 9: 9 is born in session 2 and forks dead leader 21 with CLONE_FS before its setsid (seed 17149)', (t) => {
  const ops = mustPlan(t, 17149, ZOMBIE_SHARES).ops;
  const c = cloneOf(ops, 't21');
  t.is(c?.actor, 't9');
  t.true(c!.flags.includes('CLONE_FS'));
  t.true(ops.findIndex((o) => o.op === 'setsid' && o.actor === 't9') > ops.indexOf(c!));
});
