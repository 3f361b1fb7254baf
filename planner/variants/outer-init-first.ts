/**
 * Re-plan variant `outerInits` (index.ts; Facts.outerInits): the init of a pid ns N, created by
 * a task outside N's parent pid ns P, is created after P's init.
 *
 * A clone with CLONE_NEWPID makes N below the creator's pid_for_children (FORK-7, PID-1). A
 * creator whose own pid ns is not P (an ancestor of P: an init's CLONE_PARENT sibling or its image
 * parent higher up) first points pid_for_children at P with setns on the ns file of a live task of
 * P (SETNS-5, NSFD-1). The build ordered the members of a pid ns after its init, but nothing
 * ordered N's init after a task of P: the emitter then found no task of P alive to open (seeds
 * 13539, 53583, 53959: init 84 of pid:15, below pid:1, forked by 11 of the root pid ns before
 * pid:1's init 16 existed). P's init is alive from its birth to the end of the plan (an init's
 * exit would kill P, PID-7), and its ns files are open to the creator when its user ns is the
 * creator's or below it; the emitter checks that and refuses otherwise (an undecided answer,
 * never a wrong plan). O(1) per init.
 */
import type { Facts, Proc } from '../facts/facts.js';

/** P's init to create before init p, when p's creator (in pid ns `creatorNs`) is outside P; null otherwise (or outside the variant). O(1). */
export function outerInitFirst(f: Facts, p: Proc, creatorNs: string | undefined): { init: number; ns: string } | null {
  if (f.outerInits !== true || !p.isInit || creatorNs === undefined) return null;
  const up = f.pidns.get(p.pidns)?.parent;
  if (!up || up === creatorNs) return null;
  const init = f.pidns.get(up)?.init ?? null;
  return init === null || init === p.tgid ? null : { init, ns: up };
}
