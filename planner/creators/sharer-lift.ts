/**
 * Re-plan variant `sharerLifts` (index.ts, with the `shares` constructions): a member that shares
 * an fd table, fs_struct or mm with its parent is not lifted into its session (its parent born
 * there, born_sid) when the ancestor that would be born in session n is an ancestor of n's own
 * leader: session n exists only from its leader's setsid (SID-2), after that ancestor's birth, so
 * such a lift never gives a plan. The member is then offered the session's other creators, and
 * the clone-time sharing passes find who passes the object on (share-zombies.ts: a zombie of the
 * session that held it forks the member and exits, handing it to the parent, EXIT-2, FORK-4).
 *
 * Seed 18603: 2 (session 2, a subreaper) forked 17 from its thread 16 with CLONE_FS; 17 called
 * setsid, forked 34 with CLONE_FS and died, so 34 (session 17, fs:10 of 2's thread 16) went to
 * 2. Lifting 34 made 2 born in session 17, which 2's own child 17 creates; zombie 17 forks 34
 * instead. Offered only in the re-plan variant: an attempt after every other one. O(depth) per
 * member sharing with its parent.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';

/** Is `top` (to be born in session n) an ancestor of session n's leader, so that it exists before n does? */
export function bornBeforeSession(f: Facts, m: CreatorModel, n: number, top: number): boolean {
  if (m.sharerLifts !== true) return false;
  const leader = f.procs.get(n);
  const a = f.procs.get(top);
  if (!leader || !a) return false;
  let x = leader;
  while (x.depth > a.depth) {
    const up = f.procs.get(x.parent);
    if (!up) return false;
    x = up;
  }
  return x === a;
}
