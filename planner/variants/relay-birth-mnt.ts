/**
 * Re-plan variant `relayBirthMnts` (index.ts SHR_VARIANTS, with `shares` and `settledRelays`;
 * SETNS-3, SETNS-4, UNSH-1, UNSH-4, OWN-1): a settled fs relay (settled-relay.ts) whose sharers
 * all end in one mount ns other than the relay's final one. The relay settles its other
 * namespaces and its user ns, forks the sharers with CLONE_FS while still in the mount ns it
 * was born in, copies the fs_struct by unshare(CLONE_FS), and only then makes its own mount ns.
 *
 * settled-relay.ts took only sharers ending in the relay's final mount ns: a shared fs_struct
 * keeps its mount ns (setns(mnt) refuses it, SETNS-3), so the relay must not change its mount
 * ns while it shares. It need not: after its copy the fs_struct is its own, and its
 * unshare(CLONE_NEWNS) (which copies a shared one anyway, UNSH-1) makes a mount ns owned by its
 * user ns, where it has every capability after its switch (OWN-1, UNSH-4). fs-unshare-relay.ts
 * orders that unshare after the copy (`madeBy`), and the sharers' births before the copy. Seed
 * 68118: 11 entered user:1, forked 15 and 21 with CLONE_FS in mnt:0, and made mnt:1 with
 * unshare(CLONE_NEWNS) afterwards.
 *
 * Taken only for a single-threaded relay whose final mount ns is owned at or below its final
 * user ns (it can make it from inside, OWN-1). A relay that would join its final mount ns in its
 * settled join step rather than make it gives its sharers that mount ns, and the plan fails
 * verification: the variant is kept only when verified (SHR_VARIANTS, after a FORK-4 first
 * answer), so first attempts keep their plans. State per CreatorModel (a WeakSet). O(1) a query.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

/** Turn the variant on for model m (index.ts planAttempt). */
export function setRelayBirthMnts(m: CreatorModel): void {
  on.add(m);
}

/**
 * May relay R settle first although its sharers end in mount ns `sharersMnt`, not in R's final
 * `relayMnt`? With the variant on, when every sharer ends in that one mount ns, R has no threads,
 * and R's final mount ns is owned at or below its final user ns (`ownedWithin`). O(sharers).
 */
export function sharersKeepRelayBirthMnt(m: CreatorModel, sharerMnts: readonly (string | undefined)[], relayMnt: string | undefined, relayThreads: number, ownedWithin: (mnt: string) => boolean): boolean {
  if (!on.has(m) || relayThreads > 0 || relayMnt === undefined || sharerMnts.length === 0) return false;
  const first = sharerMnts[0];
  return first !== undefined && first !== relayMnt && sharerMnts.every((x) => x === first) && ownedWithin(relayMnt);
}
