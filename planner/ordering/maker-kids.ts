/**
 * Re-plan variant makerKids: what a maker-made pid-ns init must be born with for the maker of
 * an init it creates itself (maker-needs.ts earlyChildNeed).
 *
 * A maker (maker-steps.ts) is forked by the init's creator with that creator's credentials. When
 * the creator is itself an init born in a new user ns U (made by its own maker), the child's
 * maker cannot join a namespace owned outside U (SETNS-3..7, OWN-2): it only inherits it, so the
 * creator must hold it when it forks the maker, that is be born with it (its own maker joins it
 * for it, makerSlots) and fork the child's maker before it makes its own namespace of that type
 * (maker-steps.ts addMakerEdges, kind 'birth'). Seed 11236: 64, born in user:4 by maker h2,
 * unshares uts:5; its child init 79 keeps uts:4, owned by user:0, which 79's maker h5, forked by
 * 64, can only have from 64. A variant, so plans found without it stay the same. O(slots).
 */
import type { Slot } from '../output/emit.js';

/**
 * The namespace in slot sl that a child init's maker joins (`kidSlots`, its makerSlots) and
 * that the creating init, whose final namespace there is `own`, must be born with: one owned
 * outside the creator's born user ns (`joinable` false) that the creator does not make itself.
 */
export function makerKidNeedOf(kidSlots: ReadonlyMap<Slot, string>, sl: Slot, own: string, joinable: (ns: string) => boolean, madeByCreator: (ns: string) => boolean): string | undefined {
  const v = kidSlots.get(sl);
  return v !== undefined && v !== own && !joinable(v) && !madeByCreator(v) ? v : undefined;
}

/**
 * The same for a process q that is no maker-made init (birth-needs.ts, as its threadNeeds): per
 * slot, the namespace the makers of the inits q creates join for them (`kidSlots` of each) that
 * q cannot join (`joinable`), does not make (`madeByQ`) and does not end in (`final`). The maker
 * only inherits it from q, so q is born with it, and so on up (seed 13766: 27, forked by 13
 * after 13 unshares uts:1, forks the maker of 37, which keeps the host's uts:0). A slot two
 * inits need differently is left out (the emitter reports it). O(children x slots).
 */
export function makerKidBirthNeeds<S extends string>(
  kids: readonly ReadonlyMap<Slot, string>[], slots: readonly S[], final: Readonly<Record<S, string>>,
  joinable: (ns: string) => boolean, madeByQ: (ns: string) => boolean,
): Map<S, string> | undefined {
  let out: Map<S, string> | undefined;
  const bad = new Set<S>();
  for (const k of kids) {
    for (const sl of slots) {
      const x = k.get(sl as unknown as Slot);
      if (x === undefined || x === final[sl] || bad.has(sl) || madeByQ(x) || joinable(x)) continue;
      const had = out?.get(sl);
      if (had !== undefined && had !== x) { out!.delete(sl); bad.add(sl); continue; }
      (out ??= new Map()).set(sl, x);
    }
  }
  return out;
}
