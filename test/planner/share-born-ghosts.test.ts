/**
 * Clone-time sharing constructions of re-plan variant `shares` (FORK-4): a zombie session leader
 * born in another session so that it forks a sharer there before its setsid
 * (planner/sharing/born-sharer.ts with share-zombies.ts), a session ghost forked with the flag by the
 * holder of the table its members share (planner/sharing/share-ghosts.ts), and share-carriers.ts's
 * fallbacks (a carrier helper exiting before a subreaper's flag, forked into a pid ns below, or
 * by a carrier in the group the sharer must be born in), each pinned with planWithVariant on
 * generated reachable seeds it fixed.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const SHARES = { shares: true } as const;
const setsidIndex = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'setsid' && o.actor === actor);

test('a zombie born in session 2 forks one sharer before its setsid and the other after (born-sharer.ts, seed 5070)', (t) => {
  const ops = mustPlan(t, 5070, SHARES).ops;
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
    const ops = mustPlan(t, seed, SHARES).ops;
    const m = ops[cloneIndex(ops, member)] as Clone;
    t.true(m.actor.startsWith('h'));
    t.true(m.flags.includes(kind));
    const g = ops[cloneIndex(ops, m.actor)] as Clone;
    t.true((holder as readonly string[]).includes(g.actor));
    t.true(g.flags.includes(kind));
  });
}

for (const [seed, carrier, member, kind, what] of [
  [4192, 't318', 't336', 'CLONE_FS', 'exits before subreaper 2 sets its flag'],
  [9533, 't26', 't91', 'CLONE_FILES', 'is forked into pid ns pid:1, whose init 58 is the parent'],
  [5708, 't8', 't75', 'CLONE_FILES', 'is born in group 3, which 75 must be born in'],
] as const) {
  test(`${carrier} forks a carrier helper with ${kind} that ${what} (share-carriers.ts, seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, SHARES).ops;
    const m = ops[cloneIndex(ops, member)] as Clone;
    t.true(m.actor.startsWith('h'));
    t.true(m.flags.includes(kind));
    const h = ops[cloneIndex(ops, m.actor)] as Clone;
    t.is(h.actor, carrier);
    t.true(h.flags.includes(kind));
    const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === m.actor);
    t.true(exit > cloneIndex(ops, member));
    if (seed === 4192) t.true(exit < ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't2'));
  });
}
