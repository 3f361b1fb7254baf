/**
 * Re-plan attempt `initJoinNewPidns` (index.ts, with `initJoinHelpers`, after the other
 * initJoinHelpers attempts, kept only when it verifies; Facts.initJoinNewPidns,
 * init-join-helper.ts initJoinSource): a pid-ns init's child that makes its own pid ns with
 * CLONE_NEWPID is forked by an init-join helper too.
 *
 * A pid ns made by clone(CLONE_NEWPID) is owned by the user ns its creator is in (OWN-1), so the
 * helper, which forks the child after entering the user ns the child is born in, makes it owned
 * by that user ns: initJoinSource asks that the child's pid ns be owned by it. It read that owner
 * as the owner of the pid ns's owner (a user ns has none, so the root one), which held only for a
 * child born in the root user ns. Here the pid ns's own owner is compared. Seed 54784: 59, init
 * of pid:9 owned by user:1, child of init 5 (born in user:1 with CLONE_NEWUSER), ends in ipc:1
 * owned by user:0; a helper of 8 (user:0, in ipc:1) forked into pid:1 joins 59's namespaces,
 * enters user:1 and forks 59 with CLONE_NEWPID; it exits and 59 reparents to 5 (EXIT-2). O(1).
 */
import type { Facts } from '../facts/facts.js';

/**
 * The user ns id to compare with the child's born one: with the attempt, the owner of pid ns
 * `pidns` itself; otherwise what initJoinSource read before (`before`).
 */
export function newPidNsOwner(f: Facts, pidns: string, before: string, ownerOf: (id: string) => string): string {
  return f.initJoinNewPidns === true ? ownerOf(pidns) : before;
}
