/**
 * planner/sharing/born-sharer.ts with share-zombies.ts (re-plan variant `shares`, FORK-4, FORK-6, PGID-2):
 * a zombie session leader that forked one sharer of its fd table before its setsid and one after
 * is born in the first sharer's session, and in its group when that sharer cannot join the group
 * from its pid ns (seed 53950), or is forked there by a zombie sibling with CLONE_PARENT (seed
 * 53165). Pinned with planWithVariant on generated reachable seeds.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const setsidIndex = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'setsid' && o.actor === actor);

for (const [seed, zombie, creator, before, after, cloneParent] of [
  // 9 is born in session 3 and group 3 (10, in pid ns pid:1, cannot join group 3 itself)
  [53950, 't9', 't8', 't10', 't14', false],
  // 8 is forked in session 2 by its zombie sibling 2
  [53165, 't8', 't2', 't6', 't15', true],
] as const) {
  test(`zombie ${zombie}, forked by ${creator}, forks ${before} with CLONE_FILES before its setsid and ${after} after (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true }).ops;
    const z = ops[cloneIndex(ops, zombie)] as Clone;
    t.is(z.actor, creator);
    t.is(z.flags.includes('CLONE_PARENT'), cloneParent);
    const a = cloneIndex(ops, before);
    const b = cloneIndex(ops, after);
    const sid = setsidIndex(ops, zombie);
    for (const i of [a, b]) {
      const c = ops[i] as Clone;
      t.is(c.actor, zombie);
      t.true(c.flags.includes('CLONE_FILES'));
    }
    t.true(a < sid && sid < b);
  });
}
