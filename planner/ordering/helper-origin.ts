/**
 * Whose namespaces a helper-made task is born with.
 *
 * Ghosts and reparent helpers (creators.ts HelperSpec) never setns or unshare, nor do zombies
 * in the plan: each holds the namespaces its own creator had when it forked it, and passes them
 * on to every task it forks.
 * So for a child that can only inherit some of its namespaces (born in a user ns without rights
 * over their owners, SETNS-3..7), the order against its creator's joins is the order of the
 * helper's own creation: this walks from a creator actor up through helpers to the first task
 * (or the restorer). O(helper chain length), one or two in practice.
 */
export interface HelperOrigin {
  /** the first creator up the chain that sets namespaces of its own (an image task's actor, or the restorer) */
  by: string;
  /** the outermost pass-through actor on the way (a helper, or a zombie task), the one `by` created; undefined when `by` is the creator itself */
  helper?: string;
}

/**
 * Walk up from creator actor `by` while `through` says the actor keeps the namespaces it was
 * born with (a helper; a zombie, whose namespaces the image no longer records and which never
 * joins any), returning that actor's own creator.
 */
export function helperCreatedBy(by: string, through: (actor: string) => string | undefined): HelperOrigin {
  let helper: string | undefined;
  const seen = new Set<string>();
  for (let up = through(by); up !== undefined && !seen.has(by); up = through(by)) {
    seen.add(by); // (a creator cycle would be reported by the ordering; stop here)
    helper = by;
    by = up;
  }
  return helper === undefined ? { by } : { by, helper };
}

/** How a maker gets a namespace it cannot join: made by its creator first, settled in by it first, or still held from the creator's birth. */
export interface MakerInheritance { ns: string; kind: 'own' | 'settled' | 'birth' }

/**
 * Pid-ns makers (maker-steps.ts makeInit) join the init's namespaces before creating it. A maker is
 * forked with its creator's credentials: when those are in a user ns without rights over a
 * namespace's owner (SETNS-3..7), the maker can only inherit it from its creator, so the
 * creator must hold it at that moment. Per wanted slot: the creator's own new namespace (made
 * first), its final one (after its joins, unless it has it from birth), or, when its final one
 * differs, the one it was born with (before its joins and its own creations of that type). A
 * namespace the creator makes after its user-ns switch gives no order here. O(slots).
 */
export function makerInherits<S extends string>(
  want: ReadonlyMap<S, string>, creatorFinal: Readonly<Record<S, string>>, joinable: (ns: string) => boolean,
  fromBirth: (slot: S) => boolean, makesItself: (ns: string) => boolean, madeAfterSwitch: (ns: string) => boolean,
): MakerInheritance[] {
  const out: MakerInheritance[] = [];
  for (const [sl, ns] of want) {
    if (joinable(ns)) continue;
    // a child's time ns is its creator's time_for_children (FORK-8)
    const crSl = (sl === 'time' ? 'timeForChildren' : sl) as S;
    if (creatorFinal[crSl] !== ns) out.push({ ns, kind: 'birth' });
    else if (makesItself(ns)) { if (!madeAfterSwitch(ns)) out.push({ ns, kind: 'own' }); }
    else if (!fromBirth(crSl)) out.push({ ns, kind: 'settled' });
  }
  return out;
}
