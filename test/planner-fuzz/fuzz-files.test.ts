/**
 * Fuzz cases whose mutation puts an fd table on two tasks whose creators do not hold it (the
 * fuzz test's former FORK-4 "undecided" answers), now verified through planner/sharing/files-relays.ts:
 * the creators on the chains from the nearest common creator pass the table on with CLONE_FILES
 * and then take their own copy by unshare(CLONE_FILES) (or their execve, or their exit). The
 * images are the fuzz test's own (generated state + seeded mutation).
 */
import test from 'ava';
import { verifiedFuzzOps } from './verified-fuzz-plan.js';

/** plan seed's image (verified, replayed exactly): the actors of its unshare(CLONE_FILES) ops */
function verifiedFilesUnsharers(t: import('ava').ExecutionContext, seed: number): string[] {
  return verifiedFuzzOps(t, seed, 'share-files').filter((o) => o.op === 'unshare' && o.flags.includes('CLONE_FILES')).map((o) => o.actor);
}

test('an fd table passed down two creator chains by relays that then unshare(CLONE_FILES) verifies', (t) => {
  // (80: 3 forks 9 and 4 with the table, 4 forks 5 with it; 4 and 3 then take their own copies)
  t.deepEqual(verifiedFilesUnsharers(t, 80).sort(), ['t3', 't4']);
  for (const seed of [13, 254, 385]) t.true(verifiedFilesUnsharers(t, seed).length > 0, `seed ${seed}`);
});

test('a zombie or an execve\'d process on the chain relays the fd table without an unshare', (t) => {
  // (130: the top is zombie 2, which forks both chains and exits; 85, 118, 200, 435: execve'd relays)
  for (const seed of [130, 85, 118, 200, 435]) verifiedFilesUnsharers(t, seed);
  t.pass();
});

test('chains meeting only at the restorer: the restorer forks their heads with CLONE_FILES, then unshares', (t) => {
  for (const seed of [37, 194, 576]) t.true(verifiedFilesUnsharers(t, seed).includes('root'), `seed ${seed}`);
});

test('an execve\'d top holding the table since its execve forks its chain children after it', (t) => {
  verifiedFilesUnsharers(t, 449);
});

test('a zombie that still names a table (ZOMBIE_HOLDS_RESOURCES: ignored by the restore) does not count as its sharer', (t) => {
  for (const seed of [183, 349, 442, 519, 577]) verifiedFilesUnsharers(t, seed);
  verifiedFuzzOps(t, 423, 'share-fs: task 13');
});
