/**
 * Clone-time sharing through a task the restore recreates as something else (FORK-4): a zombie
 * session leader born in another session so that it forks a sharer there before its setsid
 * (planner/born-sharer.ts with share-zombies.ts), and a session ghost forked with the flag by the
 * holder of the table its members share (planner/share-ghosts.ts), each pinned on generated
 * reachable seeds it fixed.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const setsidIndex = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'setsid' && o.actor === actor);

test('a zombie born in session 2 forks one sharer before its setsid and the other after (born-sharer.ts, seed 5070)', (t) => {
  const ops = mustPlan(t, 5070).ops;
  const a = cloneIndex(ops, 't21');
  const b = cloneIndex(ops, 't22');
  const sid = setsidIndex(ops, 't12');
  for (const i of [a, b]) {
    const c = ops[i] as Clone;
    t.is(c.actor, 't12');
    t.true(c.flags.includes('CLONE_FILES'));
  }
  // 21 stays in the session 12 was born in; 22 is in 12's own
  t.true(a < sid && sid < b);
  const z = ops[cloneIndex(ops, 't12')] as Clone;
  t.not(z.actor, 'root');
});

for (const [seed, holder, member, kind] of [
  [3862, ['t39'], 't59', 'CLONE_FILES'],
  // a thread of 6 (whose leader is dead) holds the fd table
  [3759, ['t7', 't19'], 't12', 'CLONE_FILES'],
  // the ghost's parent changes (5, not the restorer) while its member still reparents to the restorer
  [9052, ['t5', 't41'], 't27', 'CLONE_FILES'],
  [6309, ['t9'], 't12', 'CLONE_FILES'],
] as const) {
  test(`the holder forks session ghost with ${kind}, the ghost forks ${member} with it (share-ghosts.ts, seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed).ops;
    const m = ops[cloneIndex(ops, member)] as Clone;
    t.true(m.actor.startsWith('h'));
    t.true(m.flags.includes(kind));
    const g = ops[cloneIndex(ops, m.actor)] as Clone;
    t.true((holder as readonly string[]).includes(g.actor));
    t.true(g.flags.includes(kind));
  });
}
