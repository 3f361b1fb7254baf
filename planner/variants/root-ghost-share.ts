/**
 * Re-plan variant `rootGhostShares` (index.ts SHR_VARIANTS, with `shares`; FORK-4, UNSH-1,
 * EXIT-2): a session ghost that the restorer forks shares the restorer's fs_struct (CLONE_FS),
 * which the restorer also gives its children on the creator chains of that fs_struct's other
 * holders, and copies by unshare(CLONE_FS) after forking them all (files-relays.ts: the restorer
 * as the top of fs_struct chains; share-ghosts.ts: a ghost forked with the flag by the holder).
 *
 * share-ghosts.ts took only a live image process as the holder that forks the ghost with the
 * flag, and findChainRelays ended a chain at a helper: a session ghost of the restorer whose
 * members share the fs_struct of restorer children could not hold it. Seed 44244: the restorer
 * (pid:1 made by its unshare) forked init 6 with CLONE_FS, and t16 with CLONE_FS, which called
 * setsid and forked 31 with CLONE_FS, then died; 31 reparented to init 6; 6 forked 45 with
 * CLONE_FS, which forked 46 with CLONE_FS and then unshared. 6, 31 and 46 share fs:0. Here the
 * restorer forks 6 and session 15's ghost with CLONE_FS, the ghost forks 31 with CLONE_FS after
 * its setsid and exits (EXIT-2: 31 goes to init 6), 45 relays fs:0 to 46 and copies it
 * (fs-unshare-relay.ts), and the restorer takes its own copy by unshare(CLONE_FS) after its
 * CLONE_FS forks (UNSH-1), so nothing it forks later shares fs:0.
 *
 * Taken only for an fs_struct whose other holders without a creator giving it are, but for
 * those created through one another, the restorer's plain children, and for a ghost the restorer
 * forks whose members stay where the session phase put them (as share-ghosts.ts checks).
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakMap), so shared modules gain no field. O(1) a
 * query, O(entries x creator-chain depth) for the roots.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();
/** per model: ghost name -> the restorer's fs_struct it shares */
const shared = new WeakMap<CreatorModel, Map<string, string>>();

export function setRootGhostShares(m: CreatorModel): void {
  on.add(m);
}

export function rootGhostShares(m: CreatorModel): boolean {
  return on.has(m);
}

/** Record that ghost `name`, forked by the restorer with CLONE_FS, shares fs_struct `o` with it. */
export function recordRootGhost(m: CreatorModel, name: string, o: string): void {
  let l = shared.get(m);
  if (!l) shared.set(m, (l = new Map()));
  l.set(name, o);
}

/** The restorer's fs_struct helper `name` shares (recordRootGhost), or undefined. */
export function rootGhostFs(m: CreatorModel, name: string): string | undefined {
  return shared.get(m)?.get(name);
}

/** The ghosts sharing the restorer's fs_struct `o`. */
export function rootGhostsOf(m: CreatorModel, o: string): string[] {
  return [...(shared.get(m) ?? [])].filter(([, x]) => x === o).map(([n]) => n);
}
