/**
 * Re-plan variant `ghostOwnShares` (index.ts SHR_VARIANTS, with `shares` and `ghostBirths`;
 * FORK-4, SID-2, EXIT-2): a session ghost forked with CLONE_FILES by the holder of its members'
 * fd table (share-ghosts.ts) is also the first holder of the fs_struct it gives, with CLONE_FS,
 * to a process of its birth session before its setsid and to members after it
 * (sess-ghost-birth.ts); or the other way round, an fs_struct from its creator and its own fd table.
 *
 * In the history task N, forked by S with CLONE_FILES (so with a copy of S's fs_struct, FORK-4),
 * forked B with CLONE_FS while still in S's session, called setsid, forked members of session N
 * with CLONE_FS (and, through them, with S's fd table), then died. Seed 49023: S = 3 (init of
 * pid:1, a subreaper) forked N = 9 with CLONE_FILES; 9's thread forked 39 with CLONE_FS in session
 * 2, called setsid and forked 53 with CLONE_FS in session 9; 9 forked 70, which keeps files:1
 * with 3; 39, 53 and 70 reparented to 3. The two constructions excluded each other:
 *  - ghostBirthPairs kept one pair per session, the fd table's (3, 70) first, whose B (3) is the
 *    ghost's creator and the parent of every member holding it: share-ghosts.ts serves that pair
 *    (the ghost forked by B with the flag), so in the variant it is skipped and the fs_struct's
 *    pair (9, 39) is the ghost's birth (skipPair);
 *  - share-ghosts.ts refused a ghost whose members share another object among themselves, since
 *    its stand-in (stand-ins.ts helperTask) held only its creator's object: in the variant the
 *    members may share another fd table or fs_struct (not an mm or sighand: no helper forks with
 *    CLONE_VM), which the stand-in then holds as its own (helperOwn): forked without that flag
 *    the helper has its own copy (FORK-4), which it passes on with the flag.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so shared modules gain no field. O(1) a
 * call but skipPair, O(holders in the session).
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setGhostOwnShares(m: CreatorModel): void {
  on.add(m);
}

export function ghostOwnShares(m: CreatorModel | undefined): boolean {
  return m !== undefined && on.has(m);
}

/** In the variant: is B the image parent of every holder `ns` of session N (the ghost forked by B with the flag serves them)? */
export function skipPair(f: Facts, m: CreatorModel | undefined, b: number, ns: readonly number[]): boolean {
  return ghostOwnShares(m) && ns.every((x) => f.procs.get(x)?.parent === b);
}

/** In the variant: may a ghost's members share, besides its creator's object, these other kinds (fd tables and fs_structs only)? */
export function ownKindsOnly(m: CreatorModel, kinds: ReadonlySet<string>): boolean {
  return ghostOwnShares(m) && [...kinds].every((k) => k === 'files' || k === 'fs');
}
