/**
 * A session leader born in another session, so that it can pass a table on before its setsid
 * (FORK-4, FORK-6, SID-2): in the image's history a process Z held an fd table or fs_struct,
 * forked P1 with CLONE_FILES/CLONE_FS while still in the session it was born in, then called
 * setsid and forked P2 with the flag in its own session (seed 5070: Z = 12, zombie, P1 = 21 in
 * session 2, P2 = 22 in session 12). The session phase creates a free session leader in any
 * session (its parent forks it); such a Z must instead be born in P1's session N: forked there
 * by its image parent (before or after that parent's own setsid, timingIn), or by a sibling in N
 * with CLONE_PARENT (its parent stays its image parent, FORK-3; never from a pid-ns init).
 *
 * Used by planner/sharing/share-zombies.ts in re-plan variant `shares` only (CreatorModel.shares): plans
 * found without it stay as they were (seeds 2171, 9025 needed their zombies' first creators).
 * `bornIn` records born_sid[Z] = N and the new creator. Taken only for a Z that leads its own
 * session, has no born session or group yet, is not a pid-ns init (made by CLONE_NEWPID from its
 * parent's ns), and whose present creation is a plain one (no helper it is created through, no
 * move into a group at birth); the new creator is not created through Z. O(siblings +
 * creator-chain depth).
 *
 * Also (`g`): Z must be born in group g of session N too, when P1 cannot join its group from its
 * pid ns (PGID-2, PID-4) and so inherits it from Z at the fork: Z's creator is then in g for good
 * (or g's leader, after its setsid), so Z is born in g (FORK-6), forks P1 there and leaves g by
 * its setsid (seed 53950). And a zombie sibling in N may be Z's creator: it is alive until its
 * exit at the end of the restore, after its forks (seed 53165). Same complexity.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, canCreateIn } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, isSessionLeader, setBornSid, timingIn } from '../creators/creators.js';
import { userWithin } from '../variants/hold-born-chain.js';
import { bornGroupForker } from '../variants/born-group-holder.js';

/** Can Z be born in session N by a new creator? The creator's tgid (ROOT for the restorer), or null. */
export function bornCreatorIn(f: Facts, m: CreatorModel, z: Proc, n: number, createdBy: (x: number, p: number) => boolean, g?: number, skip?: (x: number) => boolean): number | null {
  if (!isSessionLeader(f, z) || z.isInit || m.bornSid.has(z.tgid) || m.bornGroup.has(z.tgid)) return null;
  const c = m.creation.get(z.tgid);
  if (!c || c.via || c.moveTo !== undefined || c.by.startsWith('h')) return null;
  // (every child Z already creates before a setsid it has no reason to make is in N: none, since
  // Z had no born session)
  const ok = (x: number): boolean => {
    if (x === ROOT) return n === 0 && g === undefined && canCreateIn(f, f.hostPidNs, z);
    const q = f.procs.get(x);
    // (a zombie only as a sibling: one in a born group, or Z's parent, is left to the plain rules)
    if (!q || (q.zombie && (x === z.parent || g !== undefined)) || q.leader.state === 'dead' || !canCreateIn(f, q.pidns, z) || createdBy(x, z.tgid)) return false;
    // (variant holders: Z is born in its creator's user ns, hold-born-chain.ts; the sharers it forks are no creators of it)
    if (m.holders && !userWithin(f, z.leader.userns, q.leader.userns)) return !(m.holdersUsed = true);
    if (m.holders && skip?.(x)) return false;
    const tm = timingIn(f, m, x, n);
    if (g === undefined) return tm !== null;
    // in g for good when it forks: a plain member of g, or g's own leader after its setsid
    // (variant bornGroupHolders: or a session leader born in g, before its setsid, born-group-holder.ts)
    return (!m.bornGroup.has(x) && ((q.pgid === g && tm === 'any') || (x === g && tm === 'after-setsid'))) || bornGroupForker(f, m, q, g, tm);
  };
  const parent = f.procs.has(z.parent) ? z.parent : ROOT;
  if (ok(parent)) return parent;
  for (const s of f.order) {
    if (s === z || s.parent !== z.parent || s.isInit) continue;
    if (ok(s.tgid)) return s.tgid;
  }
  return null;
}

/** Make Z born in session N (and group g), created by `by` (bornCreatorIn's answer). */
export function bornIn(f: Facts, m: CreatorModel, z: Proc, n: number, by: number, g?: number): void {
  const parent = f.procs.has(z.parent) ? z.parent : ROOT;
  const timing = by === ROOT ? 'any' : timingIn(f, m, by, n)!;
  setBornSid(m, z.tgid, n);
  if (g !== undefined) m.bornGroup.set(z.tgid, g);
  m.creation.set(z.tgid, {
    by: actorOf(by), cloneParent: by !== parent, timing,
    why: by === parent
      ? `its parent forks it in session ${n}, so it can pass its table on there before its own setsid (SID-2, FORK-4)`
      : `its sibling ${by} creates it with CLONE_PARENT in session ${n}, so it can pass its table on there before its own setsid (FORK-3, SID-2, FORK-4)`,
  });
}
