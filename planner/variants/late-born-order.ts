/**
 * Re-plan variant `lateBornAnyOrder` (index.ts; Facts.lateBornAnyOrder, build.ts lateBorn): the
 * tasks a leader forks after its user-ns switch, whose namespaces decide its interim joins
 * (birth-needs.ts interimJoins), are collected whatever the order of the process walk.
 *
 * build.ts walked the processes top-down by image parent (facts.ts order) and added a process to
 * its creator's list only when the creator's entry already existed. A creator that forks a
 * process with CLONE_PARENT is its sibling, not its parent: both sit at the same depth and the
 * child may come first, so it was left out and its creator made no interim join for it. The
 * child, born in the creator's final user ns without CAP_SYS_ADMIN over the owner of the
 * namespace it needs (SETNS-7, OWN-2), can only inherit it (FORK-7); its creator, still
 * privileged before its switch, joins it there and makes its own namespace of that kind after
 * the fork (UNSH-4), as interimJoins constructs. Seed 34846: 40 forks 32 with
 * CLONE_PARENT|CLONE_FS after entering user:7; 32 needs ipc:1, owned by user:0, and 40 makes
 * ipc:2: 40 now joins ipc:1 before its switch. Every leader's entry is made in a first pass.
 * O(processes).
 */
import type { Facts } from '../facts/facts.js';

/** Are the leaders' entries made before the walk (variant on)? */
export function lateBornEntriesFirst(f: Facts): boolean {
  return f.lateBornAnyOrder === true;
}
