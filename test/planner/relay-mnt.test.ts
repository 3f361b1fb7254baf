/**
 * fs_struct relays and the namespaces their sharers cannot reach once they share it (re-plan
 * variant `shares`): the top of an fs_struct creator chain enters its sharers' mount ns before its
 * CLONE_FS forks (planner/sharing/relay-mnt.ts; SETNS-3, UNSH-1), and a creator enters its user ns before
 * forking a relay child that shares its fs_struct from birth (build.ts; SETNS-4), and a relay forked
 * by the thread holding what it passes on (thread-creators.ts relayThreads). Each pinned with
 * planWithVariant on a generated seed it fixed; mustPlan verifies the plan on the simulated kernel.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const SHARES = { shares: true } as const;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const unshareIndex = (ops: Op[], actor: string, flag: string, from = 0): number => ops.findIndex((o, i) => i >= from && o.op === 'unshare' && o.actor === actor && o.flags.includes(flag as never));

test('the chain top 47 makes mnt:2 before forking 49 and 52 with CLONE_FS, then copies its fs_struct and makes mnt:1 (seed 16071)', (t) => {
  const ops = mustPlan(t, 16071, SHARES).ops;
  const c49 = cloneIndex(ops, 't49');
  const c52 = cloneIndex(ops, 't52');
  for (const c of [c49, c52]) {
    t.is((ops[c] as Clone).actor, 't47');
    t.true((ops[c] as Clone).flags.includes('CLONE_FS'));
  }
  const made = unshareIndex(ops, 't47', 'CLONE_NEWNS');
  t.true(made >= 0 && made < Math.min(c49, c52));
  const copy = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't47' && o.flags.length === 1 && o.flags[0] === 'CLONE_FS');
  t.true(copy > Math.max(c49, c52));
  // its own mount ns after the copy; neither sharer changes mount ns
  t.true(unshareIndex(ops, 't47', 'CLONE_NEWNS', made + 1) > copy);
  t.false(ops.some((o) => (o.op === 'unshare' && (o.actor === 't49' || o.actor === 't52') && o.flags.includes('CLONE_NEWNS')) || (o.op === 'setns' && (o.actor === 't49' || o.actor === 't52') && o.file === 'mnt')));
});

for (const [seed, g, r, p] of [[22833, 't179', 't181', 't44'], [53957, 't36', 't37', 't49']] as const) {
  test(`${g} enters its user ns before forking relay ${r} with CLONE_FS, which forks ${p} sharing ${g}'s fs_struct (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, SHARES).ops;
    const rc = cloneIndex(ops, r);
    t.is((ops[rc] as Clone).actor, g);
    t.true((ops[rc] as Clone).flags.includes('CLONE_FS'));
    t.is((ops[cloneIndex(ops, p)] as Clone).actor, r);
    // no setns(user) by g once it shares its fs_struct
    t.false(ops.some((o, i) => i > rc && o.op === 'setns' && o.actor === g && o.file === 'user'));
  });
}

test('thread 5 of 3, holding the fs_struct 17 ends in, forks relay 6 with CLONE_FS; 6 forks 17 with it before its unshare(CLONE_NEWUSER) copies its own (seed 14571)', (t) => {
  const ops = mustPlan(t, 14571, SHARES).ops;
  const c6 = ops[cloneIndex(ops, 't6')] as Clone;
  t.is(c6.actor, 't5');
  t.true(c6.flags.includes('CLONE_FS'));
  const c17 = cloneIndex(ops, 't17');
  t.is((ops[c17] as Clone).actor, 't6');
  t.true((ops[c17] as Clone).flags.includes('CLONE_FS'));
  t.true(unshareIndex(ops, 't6', 'CLONE_NEWUSER') > c17);
});
