/**
 * Variant lateKeeps (planner/index.ts): a child born in a user ns without rights over a
 * namespace its creator leaves in a later join step is created before that step.
 *
 * A task born in a user ns that has no CAP_SYS_ADMIN over a namespace's owner cannot setns into
 * it (SETNS-3, SETNS-7, OWN-2): it must inherit it at the clone (FORK-7). build.ts orders such a
 * child before its creator's main join step (nsfix), but not before the creator's later ones:
 * the joins it makes from inside its own user ns after its switch (`nsfix2`, late-joins.ts
 * lateJoins) and those of namespaces its own threads made (`nsfix3`, threadMadeJoins). Those
 * steps change the creator's slot too, so a child forked after them is born in the new
 * namespace and can never reach the older one (seed 85031: init 9 of pid:3, born in user:2,
 * joins uts:2 its thread 28 made, then forks 13, which must keep uts:0 owned by user:0; seed
 * 24874: 24 joins ipc:1 inside its user ns, then forks 97 with CLONE_FS, which must keep ipc:0).
 * The child is forked before them instead: these joins are per thread and need no unshared
 * fs_struct (SETNS-7), so even a CLONE_FS child forked after the creator's switch fits there.
 * Not time: a child's time ns is its creator's time_for_children (FORK-8, time-birth.ts).
 * O(slots) per child.
 */
import { SLOTS, type Slot } from '../output/emit.js';
import type { NsProxyOf } from '../graph/build-context.js';

export interface LateKeepArgs {
  /** the creator's tid and final namespaces */
  crn: number;
  npCr: NsProxyOf;
  /** the namespace the child must be born with in slot sl (its birth need, else its final one) */
  want: (sl: Slot) => string;
  /** does the child handle slot sl itself (makes it, or has rights over its owner from birth)? */
  childHandles: (sl: Slot) => boolean;
  /** the creator's late joins (nsfix2) and thread-made joins (nsfix3) */
  late: ReadonlySet<string>;
  byThread: ReadonlySet<string>;
  has: (node: string) => boolean;
  edge: (from: string | number, to: string, why: string, rule: string) => void;
  born0: string | number;
  tid: number;
}

/** Adds the edges child-before-step; returns how many it added. */
export function lateKeepEdges(a: LateKeepArgs): number {
  let n = 0;
  const steps = new Map<string, string[]>();
  for (const sl of SLOTS) {
    if (sl === 'time' || sl === 'timeForChildren') continue;
    // (the creator's final namespace: the child must not be born in it)
    const fin = a.npCr[sl];
    if (a.want(sl) === fin || a.childHandles(sl)) continue;
    const step = a.late.has(fin) ? `nsfix2:${a.crn}` : a.byThread.has(fin) ? `nsfix3:${a.crn}` : undefined;
    if (!step || !a.has(step)) continue;
    steps.set(step, (steps.get(step) ?? []).concat(fin));
  }
  for (const [step, ids] of steps) {
    a.edge(a.born0, step, `${a.tid} is born in a user ns without rights over ${a.crn}'s namespaces it keeps: ${a.crn} creates it before joining ${ids.join(', ')}`, 'SETNS-7');
    n++;
  }
  return n;
}
