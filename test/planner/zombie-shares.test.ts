/**
 * Re-plan variant `zombieShares` (planner/graph/zombie-mnt.ts): a zombie, the first holder of an
 * fs_struct, joins the mount ns its CLONE_FS children end in before forking them (SETNS-3: the
 * children cannot join it once they share the fs_struct). Pinned with planWithVariant on generated
 * reachable seeds, and through planImage (the variant list of planner/index.ts).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const ZOMBIE_SHARES = { shares: true, zombieShares: true } as const;
const at = (ops: Op[], f: (o: Op) => boolean): number => ops.findIndex(f);
const cloneAt = (ops: Op[], child: string): number => at(ops, (o) => o.op === 'clone' && o.child === child);

for (const [seed, z, kids, mnt] of [[11872, 't21', ['t24', 't43'], 'mnt:2'], [12810, 't46', ['t87', 't103'], 'mnt:6']] as const) {
  test(`zombie ${z} joins ${mnt} before forking ${kids.join(', ')} with CLONE_FS (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, ZOMBIE_SHARES).ops;
    const join = at(ops, (o) => o.op === 'setns' && o.actor === z && o.file === 'mnt');
    t.true(join >= 0, `${z} joins its children's mount ns`);
    for (const k of kids) {
      const i = cloneAt(ops, k);
      t.is((ops[i] as Clone).actor, z);
      t.true((ops[i] as Clone).flags.includes('CLONE_FS'));
      t.true(join < i, `${z} joins before forking ${k}`);
      // the child, sharing the fs_struct, never joins a mount ns itself
      t.is(at(ops, (o) => o.op === 'setns' && o.actor === k && o.file === 'mnt'), -1);
    }
  });
  test(`seed ${seed} plans through the variant list`, (t) => {
    mustPlan(t, seed);
  });
}

/**
 * planner/sharing/zombie-relay.ts (same variant): a zombie child of one sharer relays the fs_struct to the
 * other, which reparents at the zombie's exit (FORK-4, EXIT-2).
 */
test('15 forks zombie 23 with CLONE_FS in session 2 before its setsid; 23 forks 34 with CLONE_FS (seed 4969)', (t) => {
  const ops = mustPlan(t, 4969, ZOMBIE_SHARES).ops;
  const z = cloneAt(ops, 't23');
  t.is((ops[z] as Clone).actor, 't15');
  t.true((ops[z] as Clone).flags.includes('CLONE_FS'));
  const b = cloneAt(ops, 't34');
  t.is((ops[b] as Clone).actor, 't23');
  t.true((ops[b] as Clone).flags.includes('CLONE_FS'));
  // 15 is born in session 2 and forks 23 there before its own setsid
  t.true(z < at(ops, (o) => o.op === 'setsid' && o.actor === 't15'));
});

test('seed 4969 plans through the variant list', (t) => {
  mustPlan(t, 4969);
});
