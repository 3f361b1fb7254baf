/**
 * A pid-ns maker helper that carries its creator's fd table to the init (re-plan variant
 * `filesMakers`): an init sharing only its creator's fd table is made by a maker forked with
 * CLONE_FILES, which enters the pid ns's owner user ns and clones the init with
 * CLONE_PARENT|CLONE_NEWPID|CLONE_FILES.
 *
 * Rules: OWN-1 (a pid ns is owned by its creator's user ns at creation), FORK-4 (CLONE_FILES
 * shares the fd table: creator, maker and init hold one table), SETNS-4 (setns(user) refuses a
 * multithreaded caller or a shared fs_struct, not a shared fd table: the maker, a single-threaded
 * process with an fs_struct of its own, may enter the owner), FORK-3 (with CLONE_PARENT the init's
 * parent is the maker's, i.e. the creator or, when the creator used CLONE_PARENT, its parent).
 *
 * build.ts gave up ("shares its creator's fd table, fs or mm, so no helper can stand between
 * them", OWN-1) whenever the init shares anything with its creator; chain-relays.ts already lets
 * a maker pass an fd table on relay chains. Seed 56231: 35, init of pid:9 owned by user:3, shares
 * files:2 with its creator 13, which stays in user:1 (user:3 is its child): in the history the
 * holder of that table entered user:3 and forked 35 with CLONE_FILES. Only fd tables: an fs_struct
 * or an mm shared with the maker would forbid its setns(user) (SETNS-4). State per Facts object
 * (a WeakMap), so shared modules gain no field. O(1) a call.
 */
import type { Facts } from '../facts/facts.js';
import type { CloneFlag } from '../../executor/ops.js';

const carried = new WeakMap<Facts, Set<number>>();

/**
 * In the variant: may init `init`, sharing `flags` with its creator, get a maker that carries the
 * fd table? Records it when so (`execBorn`: it shares a table the creator holds only before or
 * after an execve, which the maker cannot follow).
 */
export function makerCarriesFiles(f: Facts, init: number, flags: readonly CloneFlag[], execBorn: boolean): boolean {
  if (f.filesMakers !== true || execBorn || flags.length !== 1 || flags[0] !== 'CLONE_FILES') return false;
  if (!carried.has(f)) carried.set(f, new Set());
  carried.get(f)!.add(init);
  return true;
}

/** Does init `init`'s maker carry its creator's fd table (makerCarriesFiles)? O(1). */
export function filesMakerOf(f: Facts, init: number): boolean {
  return carried.get(f)?.has(init) === true;
}
