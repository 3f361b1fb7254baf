/**
 * Fuzz cases whose mutation puts an fs_struct on two tasks whose creators do not hold it (the
 * fuzz test's former FORK-4 "undecided" answers), now verified in re-plan variant `shares`:
 * - files-relays.ts findFsChainRelays: the creators on the chains from the nearest common
 *   creator (here the restorer) pass the fs_struct on with CLONE_FS, then take their own copy
 *   by unshare(CLONE_FS) (UNSH-1, UNSH-2);
 * - fs-relays.ts staysInMnt: a relay whose creator holds the fs_struct it passes on, and whose
 *   mount ns is that creator's, joins its other namespaces before it forks its CLONE_FS child
 *   (which inherits them) and unshares after, its joins making no setns(mnt) (SETNS-3).
 * The images are the fuzz test's own (generated state + seeded mutation).
 */
import test from 'ava';
import { verifiedFuzzOps } from './verified-fuzz-plan.js';

/** plan seed's image (verified, replayed exactly): the actors of its unshare(CLONE_FS) ops */
function verifiedFsUnsharers(t: import('ava').ExecutionContext, seed: number, mutation: string): string[] {
  return verifiedFuzzOps(t, seed, mutation).filter((o) => o.op === 'unshare' && o.flags.includes('CLONE_FS') && o.flags.length === 1).map((o) => o.actor);
}

test('an fs_struct passed down creator chains from the restorer, each relay then unshare(CLONE_FS), verifies', (t) => {
  // (98: the restorer forks 4 and 29 with CLONE_FS; 29 -> 31 -> 40 -> 45 pass it on, then copy it)
  const u98 = verifiedFsUnsharers(t, 98, 'share-fs: task 4 fs shared with 45');
  for (const a of ['root', 't29', 't31', 't40']) t.true(u98.includes(a), `${a} in ${u98}`);
  t.true(verifiedFsUnsharers(t, 143, 'share-fs: task 4 fs shared with 42').includes('root'));
});

test('a relay staying in its creator\'s mount ns joins its namespaces before its CLONE_FS child, unshares after', (t) => {
  // (337: 35 forks 40 with CLONE_FS; 40 joins what 42 inherits, forks 42, then unshare(CLONE_FS))
  t.deepEqual(verifiedFsUnsharers(t, 337, 'share-fs: task 42 fs shared with 35'), ['t40']);
});

test('a chain from a top that keeps the fs_struct: its relays unshare(CLONE_FS), the sharer then enters another mount ns by pidfd', (t) => {
  // (294: 2 forks 6 with fs:34, 6 forks 13, 13 forks 47; 6 and 13 copy it, 47 joins mnt:1 keeping it shared, fs-across-mnt.ts)
  t.deepEqual(verifiedFsUnsharers(t, 294, 'share-fs: task 2 fs shared with 47').sort(), ['t13', 't6']);
});
