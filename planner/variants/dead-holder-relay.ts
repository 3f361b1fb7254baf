/**
 * Re-plan variant `deadHolderRelays` (index.ts VARIANTS, with `extended`, `shares`, `zombieShares`
 * and `lateZombies`; FORK-4, EXIT-1, EXIT-2, EXIT-3): a dead leader D that creates both a zombie
 * Z and a sharer P1 of an fd table or fs_struct o is o's first holder, and Z, forked by D with the
 * flag, relays o to another sharer P2 whose image parent only Z's exit reaches.
 *
 * share-zombies.ts makes a zombie Z the first holder of o when Z can fork every live holder of o
 * whose creator does not hold it; Z's creator counts as holding o only when it or one of its
 * threads still does in the image. A dead leader (its leader thread exited, its threads live on)
 * released its own table at that exit (EXIT-1), so it never counted, and P1, which D forks
 * itself, had to move to Z as well. When P1's parent and P2's are reached by different exits
 * (one of them only by Z exiting before a subreaper above it sets its flag, zombie-late-subreaper.ts),
 * no single exit of Z serves both and the image was left undecided.
 *
 * D, though, held o before its leader thread exited, born without the flag: it forked P1 and Z
 * with the flag (FORK-4) and its threads, forked without it, took copies. stand-ins.ts already
 * reads a dead leader so when two of the processes it creates share o (dead-leader-first-holder.ts).
 * Here share-zombies.ts counts D as that holder: the entries D creates keep D as creator, the
 * others move to Z, and Z's stand-in is read with D holding o (Z can hold o when it forks
 * them). Each moved sharer goes to its image parent at Z's exit (EXIT-2), before the subreaper's
 * flag where that is the heir (EXIT-3). How Z gets o is then the build's choice, as for any
 * zombie first holder (stand-ins.ts, share-carriers.ts); the plan is verified.
 *
 * Seed 31084: dead leader 3 (thread 7 sets the subreaper flag late) forked 4 and 12 with
 * CLONE_FILES; 4 forked 11 with CLONE_FILES and exited before 3's flag, so 11 went to the
 * restorer, while 12 stays 3's child. Every plan gave 11 to a helper that shares nothing of
 * files:4 (FORK-4). Here 3 forks 12, which forks 4 with CLONE_PARENT and CLONE_FILES (4's parent
 * is 3, FORK-3); 4 forks 11 with CLONE_FILES and exits before 3 sets its flag.
 *
 * Tried only after a first answer naming a member no task of its session can create, whose
 * extended attempt then stops on FORK-4, so first attempts keep their plans; its plans are
 * verified like every other. State per CreatorModel (a WeakSet), so shared modules gain no field.
 * O(entries) per zombie and object.
 */
import type { Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setDeadHolderRelays(m: CreatorModel): void {
  on.add(m);
}

/**
 * In the variant, the entries of object o that zombie z's creator zc, a dead leader that is o's
 * first holder, creates itself (they keep it); undefined when zc is no such holder: not in the
 * variant, not a dead leader, one that execve'd (its execve gave it a private fd table,
 * dead-leader-first-holder.ts), or that creates none of the entries.
 */
export function deadHolderKeeps(m: CreatorModel, zc: Proc | undefined, k: 'files' | 'fs', entries: readonly Proc[]): Set<number> | undefined {
  if (!on.has(m) || !zc || zc.leader.state !== 'dead' || (k === 'files' && zc.leader.execed === true)) return undefined;
  const by = actorOf(zc.tgid);
  const keeps = new Set<number>();
  for (const p of entries) {
    const c = m.creation.get(p.tgid);
    if (c && c.by === by && c.via === undefined) keeps.add(p.tgid);
  }
  return keeps.size > 0 ? keeps : undefined;
}

/** zc as the holder of o it was before its leader thread exited, for a zombie's stand-in. */
export function asFirstHolder(zc: Proc, k: 'files' | 'fs', o: string): Proc {
  return { ...zc, leader: { ...zc.leader, [k]: o } };
}
