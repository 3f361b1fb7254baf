/**
 * A zombie first holder of what two sharers hold, reached through the session it was born in
 * (re-plan variant `holders`; FORK-4, FORK-6, SID-2, SETNS-4, UNSH-3).
 *
 * planner/sharing/share-zombies.ts makes a zombie Z the first holder of an fd table or fs_struct o that
 * live processes P1, P2 share and none of their creators holds: Z forks P1 with the flag in the
 * session P1 needs before its own setsid (Z born there, planner/sharing/born-sharer.ts), then P2 after it.
 * Three gaps left such images undecided (seeds 31400, 42983, 60772):
 *
 * - Z's image parent leads its own session and was itself born in P1's session N, where it forked
 *   Z (seed 31400: 19 forks zombie 21 in session 2; 21 forks 41 with CLONE_FS, calls setsid, forks
 *   96 with CLONE_FS). born-sharer.ts looks for a creator of Z already in N; `bornChainIn` also
 *   lets Z's parent P be born in N (by bornCreatorIn's rules: P's own parent or a sibling of P
 *   with CLONE_PARENT, in N), then fork Z there before its own setsid.
 * - Credentials only move down the user-ns tree: a zombie in user ns U cannot fork a sharer that
 *   ends in a user ns that is not U or below it, nor can a creator born-sharer.ts picks for Z
 *   (seed 42983: zombie 2 in user:0, the sharer 31 in the root user ns). `userWithin` is that test.
 * - Two zombies may each be the first holder; share-zombies.ts takes the first in creation order.
 *   `holderOrder` gives the other order in the second attempt of this variant (`holdersLast`):
 *   seed 60772 (zombies 14 and 29, each leading the session of one sharer; the image's history
 *   had 29 fork both).
 *
 * Used only in re-plan variants `holders` (CreatorModel.holders), tried after every other
 * variant, so every plan found without it stays as it was. O(siblings + creator-chain depth) per
 * query.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { bornCreatorIn } from '../sharing/born-sharer.js';

/** Is user ns `ns` the user ns `anc` or below it? (null: unknown, false) O(depth). */
export function userWithin(f: Facts, ns: string | null, anc: string | null): boolean {
  if (ns === null || anc === null) return false;
  for (let cur: string | null | undefined = ns, guard = 0; cur && guard < 64; cur = f.nsById.get(cur)?.parent, guard++) if (cur === anc) return true;
  return false;
}

/**
 * Z born in session N through its parent P born in N first: [P, P's creator] and [Z, P], or
 * null. Only for a Z whose parent is an image process leading its own session, with no born
 * session yet, that creates Z already (plainly); `skip` names candidates that must not create P
 * (the sharers Z will fork, and what they create).
 */
export function bornChainIn(f: Facts, m: CreatorModel, z: Proc, n: number, createdBy: (x: number, p: number) => boolean, skip: (x: number) => boolean): [Proc, number][] | null {
  const p = f.procs.get(z.parent);
  if (!p || p.zombie || p.isInit || z.isInit) return null;
  const c = m.creation.get(z.tgid);
  if (!c || c.by !== `t${p.tgid}` || c.cloneParent || c.via || c.moveTo !== undefined) return null;
  if (m.bornSid.has(z.tgid) || m.bornGroup.has(z.tgid)) return null;
  const by = bornCreatorIn(f, m, p, n, createdBy, undefined, (x) => skip(x) || createdBy(x, z.tgid));
  if (by === null) return null;
  return [[p, by], [z, p.tgid]];
}

/** The zombies in the order share-zombies.ts tries them: creation order, or (holdersLast) the reverse. */
export function holderOrder(m: CreatorModel, zombies: Proc[]): Proc[] {
  return m.holdersLast ? zombies.slice().reverse() : zombies;
}
