/**
 * Re-plan variant `zombieGroupSharers` (index.ts SHR_VARIANTS, with `shares`, `zombieShares` and
 * `lateZombies`; FORK-4, PGID-2, EXIT-2, EXIT-4): a zombie that stands for an fd table or
 * fs_struct (share-zombies.ts) forks a sharer that must be born in a group, when that group is
 * the zombie's own; and the zombie's stand-in counts its dead-leader creator by the table its
 * threads keep, as stand-ins.ts eff does.
 *
 * share-zombies.ts never moved a process that must be born in a group (CreatorModel.bornGroup)
 * or hands a group it leaves to a child that can only inherit it (sharers.ts groupPassers): its
 * creator was chosen for that group. A zombie in that group gives it just as well: a child is
 * born in its creator's group (PGID-2), the same test share-zombies.ts already makes for a
 * process that cannot join its group (the zombie's pgid is the group). And its stand-in test
 * (standIn) read the creator's leader, which for a dead leader holds nothing (EXIT-1), while
 * stand-ins.ts, which the build uses, reads the creator through eff, i.e. its first thread's
 * table: the zombie then held its creator's table when a child it forks shares it.
 *
 * Seed 70679: dead leader 11 (thread 21 keeps its fd table files:8) forked zombie 25 with
 * CLONE_FILES, whose thread forked 33 with CLONE_FILES; 33 was born in group 2, which 11 and 25
 * are in, and forked children there before its setpgid(0, 0); 25's exit handed 33 to init 6.
 * The session phase gave 33 to zombie 13, which holds nothing of files:8, and FORK-4 refused the
 * plan. Here a zombie of group 2 forked by 11 forks 33 with CLONE_FILES (FORK-4), and its exit
 * hands it to its reaper, 33's image parent (EXIT-2, EXIT-4).
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so shared modules gain no field. O(1)
 * per call, O(threads) for a dead leader's first thread.
 */
import type { Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setZombieGroupSharers(m: CreatorModel): void {
  on.add(m);
}

/**
 * In the variant, may zombie z fork a process whose birth group is constrained to the groups
 * `groups` (undefined: no constraint of that kind)? Only when every one is z's own group.
 */
export function zombieGivesGroup(m: CreatorModel, z: Proc, groups: readonly (number | undefined)[]): boolean {
  return on.has(m) && groups.every((g) => g === undefined || g === z.pgid);
}

/** In the variant, a zombie's creator as stand-ins.ts eff reads it: a dead leader by its first thread holding a table. */
export function creatorAsEff(m: CreatorModel, p: Proc | undefined): Proc | undefined {
  if (!on.has(m) || !p || p.leader.state !== 'dead') return p;
  const th = p.threads.find((x) => x.files !== null || x.mm !== null);
  return th ? { ...p, leader: th } : p;
}
