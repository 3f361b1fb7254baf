/**
 * The namespaces owned outside a user-ns subtree that a family of tasks can hold, when every task
 * of the family was created (directly or through the others) by one root task, and none of them
 * ever had credentials outside that subtree. Read by the proofs that find such families
 * (init-session-ns.ts: a pid-ns init's session; fs-pinned-forks.ts: the children of a task pinned
 * to its user ns by a shared fs_struct).
 *
 * Rules (docs/kernel-rules.md): a task whose credentials stay in the subtree has no capability in a
 * user ns outside it (OWN-2), so it can neither join a namespace owned there (SETNS-3, SETNS-6,
 * SETNS-7) nor create one (OWN-1, UNSH-4, FORK-7). Such a namespace reaches the family only by
 * inheritance at clone from the root's birth namespaces (FORK-7, FORK-8):
 * - uts, ipc, mnt, net, cgroup: one each, the root's birth one; when the root ends in one, that is
 *   it, since it could never have entered another;
 * - time_for_children: a child gets its creator's, so one, the root's birth one;
 * - time: a child gets its creator's time_for_children, but a CLONE_VM child keeps its creator's
 *   time ns, and execve moves a task into its time_for_children (FORK-8). The root's birth time ns
 *   may differ from its birth time_for_children (the root itself born CLONE_VM), so the family
 *   holds at most two outside time namespaces: the one its time_for_children slots name (when
 *   any does) and one other.
 * O(members x slots).
 */
import type { NsProxy, Task } from '../../model/image.js';

export type OutsideSlot = 'uts' | 'ipc' | 'mnt' | 'net' | 'cgroup' | 'time' | 'timeForChildren';

/** a namespace owned outside the subtree, and the task and slot that hold it */
export interface OutsideHold {
  id: string;
  by: number;
  slot: OutsideSlot;
}

export interface OutsideConflict {
  /** the namespace type: uts, ipc, mnt, net, cgroup, time */
  type: string;
  /** the holds that cannot all come from the root's birth namespaces */
  holds: OutsideHold[];
  /** why the family can hold only that many (one plain sentence, rule ids) */
  why: string;
}

const SINGLE: ReadonlyArray<OutsideSlot> = ['uts', 'ipc', 'mnt', 'net', 'cgroup'];

/** The first type of which the family (root first) holds more outside namespaces than inheritance gives, or null. */
export function outsideNsConflict(family: ReadonlyArray<{ task: Task; np: NsProxy }>, outside: (id: string) => boolean): OutsideConflict | null {
  const root = `task ${family[0]?.task.pid[0]}`;
  const holdsOf = (slot: OutsideSlot): OutsideHold[] => {
    const out: OutsideHold[] = [];
    for (const { task, np } of family) {
      const id = np[slot];
      if (id && outside(id)) out.push({ id, by: task.pid[0], slot });
    }
    return out;
  };
  /** the first hold of each distinct namespace, in family order */
  const distinct = (holds: OutsideHold[]): OutsideHold[] => {
    const seen = new Map<string, OutsideHold>();
    for (const h of holds) if (!seen.has(h.id)) seen.set(h.id, h);
    return [...seen.values()];
  };
  for (const slot of SINGLE) {
    const d = distinct(holdsOf(slot));
    if (d.length > 1) {
      return { type: slot, holds: d.slice(0, 2), why: `a task gets its ${slot} ns from its creator at clone (FORK-7), so only ${root}'s birth one reaches the others` };
    }
  }
  const tfc = distinct(holdsOf('timeForChildren'));
  if (tfc.length > 1) {
    return { type: 'time', holds: tfc.slice(0, 2), why: `a task gets its time_for_children from its creator at clone (FORK-8), so only ${root}'s birth one reaches the others` };
  }
  const others = distinct(holdsOf('time')).filter((h) => h.id !== tfc[0]?.id);
  const room = tfc.length === 1 ? 1 : 2;
  if (others.length > room) {
    return {
      type: 'time', holds: [...tfc, ...others.slice(0, room + 1)],
      why: `a task's time ns at clone is its creator's time_for_children, or its creator's time ns under CLONE_VM, and execve moves it into its time_for_children (FORK-8): only ${root}'s birth time ns and birth time_for_children reach the others`,
    };
  }
  return null;
}
