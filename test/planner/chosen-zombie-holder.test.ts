/**
 * planner/variants/chosen-zombie-holder.ts (re-plan variant chosenZombieHolders; index.ts
 * VARIANTS, with groupGhostHeirs, groupJoiners, shares, zombieShares, zombieSwitchMnt): sharers
 * the session phase had one zombie create, that zombie standing in for what they share, stay its
 * rather than moving to another zombie (FORK-3, FORK-4, EXIT-2, EXIT-4).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

const BASE = { groupGhostHeirs: true, groupJoiners: true, shares: true, zombieShares: true, zombieSwitchMnt: true } as const;

// Seed 36440: zombie 8 (session 8, ends in user:2) forked 13 and 14 with CLONE_FS (fs:2, mnt:2);
// zombie 28, in pid:1, forks 32, which its exit hands to 4 (the init of pid:1). Without the flag
// share-zombies.ts moves 13 and 14 to zombie 2, born in session 8, and 14 cannot join mnt:2.
test('seed 36440: zombie 8 keeps forking 13 and 14 with CLONE_FS after making mnt:2; zombie 28 forks 32', (t) => {
  const without = planWithVariant(generateHistory(36440).image, BASE);
  t.regex(without.kind === 'undecided' ? without.reason : without.kind, /t14 must join mount ns mnt:2 but shares its fs_struct/);
  const ops = mustPlan(t, 36440, { ...BASE, chosenZombieHolders: true }).ops;
  const c13 = cloneOf(ops, 't13');
  const c14 = cloneOf(ops, 't14');
  t.is(c13?.actor, 't8');
  t.is(c14?.actor, 't8');
  t.true(c13!.flags.includes('CLONE_FS') && c14!.flags.includes('CLONE_FS'), 'both share 8\'s fs_struct');
  const mnt = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't8' && o.flags.includes('CLONE_NEWNS'));
  t.true(mnt >= 0 && mnt < ops.indexOf(c13!) && mnt < ops.indexOf(c14!), '8 makes mnt:2 before its CLONE_FS forks');
  t.is(cloneOf(ops, 't32')?.actor, 't28', 'zombie 28 forks 32; its exit hands 32 to 4');
});
