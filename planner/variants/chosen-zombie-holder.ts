/**
 * Re-plan variant `chosenZombieHolders` (index.ts VARIANTS, with `groupGhostHeirs`, `shares`,
 * `zombieShares` and `zombieSwitchMnt`; FORK-3, FORK-4, EXIT-2, EXIT-4): live processes sharing an
 * fd table or fs_struct that the session phase already had one zombie Z create, every one of
 * them, stay Z's when Z stands in for that object (stand-ins.ts: two of its children share it).
 *
 * share-zombies.ts counts as settled only an object a live creator holds; a zombie creator holds
 * nothing in the image, so its sharers were entries again, and the pass handed them to the next
 * zombie able to fork them all, whatever user ns that zombie ends in. Z forks them with CLONE_FS
 * or CLONE_FILES (with CLONE_PARENT too when the session phase chose so, FORK-3), which is the
 * sharing the image shows (FORK-4), and its exit at the end hands them to their reaper (EXIT-2,
 * EXIT-4), which the session phase checked already.
 *
 * Seed 36440: zombie 8, leader of session 8, forked 13 and 14 with CLONE_FS after its unshare of
 * user:2, mnt:2 and pid:3 (both end there, sharing fs:2). The session phase of `groupGhostHeirs`
 * has 8 fork both with CLONE_PARENT (and zombie 28 fork 32, which 28's exit hands to 4), but
 * share-zombies.ts moved 13 and 14 to zombie 24, which ends in user:4 (SETNS-4), or, with
 * `shares`, to zombie 2 born in session 8 (SETNS-3). Kept with 8, zombieSwitchMnt has 8 make
 * mnt:2 after its switch and before its CLONE_FS forks.
 *
 * An attempt where no object was kept so is undecided at once ('changed nothing'): it would
 * repeat an attempt made before. Tried after the other variants, so plans found without it
 * stay as they were. State per CreatorModel (a WeakMap), so shared modules gain no field.
 * O(sharers) per object.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { procOfActor } from '../sharing/creator-chain.js';

/** per model in the variant: did any object stay with its chosen zombie? */
const used = new WeakMap<CreatorModel, { any: boolean }>();

export function setChosenZombieHolders(m: CreatorModel): void {
  used.set(m, { any: false });
}

/** In the variant, was any object kept with its zombie creator? */
export function chosenZombieHoldersUsed(m: CreatorModel): boolean {
  return used.get(m)?.any === true;
}

/**
 * In the variant: are the entries `list` of object o (two or more live sharers whose creator
 * holds nothing of it) all created by one zombie whose stand-in for that kind is o
 * (`standInOf`, share-zombies.ts's standIn with its present children)? Then they stay its.
 * O(|list|).
 */
export function keptByChosenZombie(f: Facts, m: CreatorModel, list: Proc[], o: string, standInOf: (z: Proc) => string | null): boolean {
  const state = used.get(m);
  if (!state || list.length < 2) return false;
  const by = m.creation.get(list[0].tgid)?.by;
  if (by === undefined || list.some((p) => m.creation.get(p.tgid)?.by !== by)) return false;
  const z = procOfActor(f, by);
  if (!z?.zombie || standInOf(z) !== o) return false;
  state.any = true;
  return true;
}
