/**
 * A pid-ns init created by its creator on the creator's way down to its final user ns: the
 * creator enters the init's pid-ns owner U (a user ns strictly between the one it is born in and
 * its final one), forks the init with CLONE_NEWPID there, so the new pid ns is owned by U
 * (OWN-1, FORK-7), then goes on down (SETNS-4, or the unshare(CLONE_NEWUSER) of its final ns).
 * build.ts uses this where it found no other way: the init shares its creator's fd table, fs_struct
 * or mm (so no maker helper can stand between them) and the creator does not end in U itself.
 *
 * Seed 518 (setids): 7, born in user:0 in the plan (its creator forks it with set_tid while
 * privileged over pid:1's owner user:0), ends in user:2 (owned by uid 1000, a child of user:1);
 * its history unshared pid:2 inside user:1 and forked the init 20 with CLONE_FILES, then took uid
 * 1000 and unshared user:2. The plan has 7 join user:1, fork 20 with CLONE_NEWPID|CLONE_FILES
 * (20's outer numbers through ns_last_pid, emit.ts setTidFor), then make user:2.
 *
 * Only in the re-plan variant `initsOnTheWay` (facts.ts), so first plans stay as they were.
 * State per Facts object (a WeakMap), so shared modules gain no field. O(depth) a call.
 */
import type { Facts } from '../facts/facts.js';

const onTheWay = new WeakMap<Facts, Map<number, { owner: string; creator: number }>>();

/**
 * In variant initsOnTheWay: may init `init`, owned by user ns `owner` and living in
 * `initUserns`, be forked by task `creator` (born in `creatorBorn`, ending in `creatorFinal`) once that
 * creator entered `owner` on its way down? Records it when so. `descends(a, b)`: a is b or below it.
 */
export function initOnTheWay(f: Facts, init: number, creator: number, owner: string, initUserns: string, creatorBorn: string, creatorFinal: string, descends: (a: string, b: string) => boolean): boolean {
  if (f.initsOnTheWay !== true) return false;
  if (creatorFinal === owner || !descends(creatorFinal, owner) || creatorBorn === owner || !descends(owner, creatorBorn)) return false;
  if (!descends(initUserns, owner)) return false;
  if (!onTheWay.has(f)) onTheWay.set(f, new Map());
  onTheWay.get(f)!.set(init, { owner, creator });
  return true;
}

/** The user ns creator `creator` enters before forking init `init` (initOnTheWay), if any. O(1). */
export function ownerOnTheWay(f: Facts, init: number, creator: number): string | undefined {
  const w = f.initsOnTheWay === true ? onTheWay.get(f)?.get(init) : undefined;
  return w && w.creator === creator ? w.owner : undefined;
}
