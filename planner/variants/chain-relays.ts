/**
 * Re-plan variant `chainRelays` (index.ts, with `shares`; CreatorModel.chainRelays): two more
 * kinds of relay on the fd-table creator chains of planner/sharing/files-relays.ts (FORK-4, UNSH-1,
 * EXEC-1, OWN-1).
 *
 * - An execve'd dead leader. A process R born sharing table T (CLONE_FILES from its creator)
 *   forks the next process on the chain with CLONE_FILES, then calls execve, which gives it a
 *   private copy of T (unshare_files, EXEC-1) and kills its other threads; the threads it creates
 *   after share that copy, and its leader exits alone later. Its copy is its threads' table, the
 *   dead leader's stand-in (stand-ins.ts): files-relays.ts accepts it as a dead-leader relay
 *   (dead-leader-relay.ts), and addFilesUnshareEdges orders the chain child before the execve as
 *   for any execve'd relay (no unshare). Fuzz case 452: 4 -> 5 -> 29 -> 39, 5 execve'd and dead.
 * - A pid-ns init made by a maker helper (maker-steps.ts makeInit). The creator C forks the
 *   maker with CLONE_FILES while it holds T, the maker enters the init's owner user ns (setns of
 *   a user ns only refuses a shared fs_struct, SETNS-4, not a shared fd table) and clones the init
 *   with CLONE_PARENT|CLONE_NEWPID|CLONE_FILES; it exits and leaves T to the init. The init is a
 *   chain member like any other: it relays T on (then unshares) or is the sharer that keeps it.
 *   Fuzz case 115: 27 -> 28 -> 31 -> (maker) -> 32 -> 34.
 *   Only for fd tables: a maker entering a user ns cannot share an fs_struct (SETNS-4, FORK-2).
 *
 * O(1) per query.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** variant chainRelays: may files-relays.ts take the maker-made init `t`'s creator as its chain creator? */
export function makerChainCreator(chainRelays: boolean | undefined, isFiles: boolean, isMakerMade: boolean): boolean {
  return chainRelays === true && isFiles && isMakerMade;
}

/**
 * variant chainRelays: does the maker of init `init` (created by `creatorTid`, ROOT for the
 * restorer) pass the fd table the init is born with? Only on a relay chain (`birth`,
 * files-relays.ts): the init is a relay born with its creator's table, or it keeps the table
 * its relay creator passes on. `creatorFiles`: the creator's table as the chain sees it (its
 * birth table while it is a relay, build.ts relayView).
 */
export function makerPassesFiles(chainRelays: boolean | undefined, init: Task, initBirthFiles: string | null, creatorTid: number | undefined, creatorFiles: string | null | undefined, birth: ReadonlyMap<number, string>): boolean {
  if (chainRelays !== true || initBirthFiles === null || creatorTid === undefined) return false;
  if (birth.has(init.pid[0])) return creatorFiles === initBirthFiles;
  return birth.get(creatorTid) === initBirthFiles;
}
