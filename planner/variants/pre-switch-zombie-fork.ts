/**
 * Re-plan variant `preSwitchZombieForks` (index.ts, a cycle retry, cycle-retries.ts): a zombie
 * that the restorer forks, and that ends in a user ns below the root one, may still fork a member
 * whose creator must be at or above the member's user ns (user-bound-creators.ts, sessions.ts
 * keepUserOk): it forks it before its own user-ns switch, while it still has the restorer's
 * credentials.
 *
 * Rules served (docs/kernel-rules.md): a child is born with its creator's credentials and can
 * only move down the user-ns tree (SETNS-4, UNSH-3); a creation with set_tid needs
 * CAP_SYS_ADMIN over every pid ns it names (FORK-9), so a member enters or makes its user ns
 * after the tasks it creates (build.ts: "moves into its user ns last, after creating its
 * children"; "created by its first member, after it created every task it must"). A zombie
 * forked by the restorer is born in the root user ns (FORK-7) and forks its session's members
 * there; its final exit hands them to its reaper (EXIT-2, EXIT-4). sessions.ts judged such a
 * zombie by its final user ns, so a member in the root user ns, whose parent is a pid-ns init
 * born in a user ns of its own (user-orphans.ts parentBornAbove), lost that option and was left
 * with reparent helpers carried by members below the other orphans.
 *
 * Seed 107516: session 43's leader, zombie 43 of pid:5 (user:5), the restorer's child; 64 and
 * 70, in user:0, are children of pid:5's init 13 (user:3). The first attempt's helpers h3
 * (carried by 80, below 70) and h4 (carried by 86, below 64) closed a FORK-1 cycle; here 43 forks
 * 64 and 70 right after its setsid, unshares user:5 later, and its exit hands them to 13.
 *
 * Only zombie options whose zombie the restorer forks (its birth user ns is the root one, known
 * before any ordering); O(1) per option.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { ROOT_NAME } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setPreSwitchZombieForks(m: CreatorModel): void {
  on.add(m);
}

/**
 * The user ns zombie `z` forks in, with the variant on, when the restorer forks it: the root user
 * ns (its switch follows its creations); else undefined (its final user ns stands). O(1).
 */
export function preSwitchZombieUser(f: Facts, m: CreatorModel, z: number): string | undefined {
  if (!on.has(m)) return undefined;
  return m.creation.get(z)?.by === ROOT_NAME ? f.rootUserNs : undefined;
}
