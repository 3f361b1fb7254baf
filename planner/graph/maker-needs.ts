/**
 * What a pid-ns init made by a maker helper (or born in a new user ns) must be born with
 * (build.ts buildSchedule's maker reasoning): the init's namespaces owned outside its born user
 * ns, which it can only inherit (SETNS-7, OWN-1), and in a slot it settles itself later, the
 * one a child or thread it creates before then needs and cannot join (FORK-7, SETNS-7); whether
 * the maker must be forked while its creator is still privileged (makerNeedsOuter, SETNS-4).
 * Complexity: makerSlots is memoised, O(slots x children of the init); childrenOf builds its
 * index once, O(tasks).
 */
import type { NsType } from '../../model/image.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import { SLOTS, type Slot } from '../output/emit.js';
import { SLOT_TYPE, type BuildContext } from './build-context.js';
import { makerKidNeedOf } from '../ordering/maker-kids.js';
import { kidsThroughZombies } from './zombie-kids.js';
import { deepBirthNeed, type DeepNeedInput } from '../variants/deep-maker-needs.js';

export function makeMakerNeeds(ctx: BuildContext) {
  const { f, m, em, makers, nsCreator, nsSource, ownedWithin, nsOwner, bornUserOf } = ctx;
  /** Does the maker of init t join a namespace owned outside the pid ns owner (so it must be forked while privileged)? */
  function makerNeedsOuter(t: Task, creator: Task): boolean {
    const mk = makers.get(t.pid[0])!;
    const npc = creator.nsproxy ? f.nsproxy.get(creator.nsproxy) : undefined;
    // (the user ns it enters is not below the creator's final one: forked after the switch, it
    // could never get there, SETNS-4; seed 7657)
    const target = mk.newUser ? (f.nsById.get(mk.owner)?.parent ?? f.rootUserNs) : mk.owner;
    if (creator.userns !== null && !em.userDescends(target, creator.userns)) return true;
    for (const [sl, want] of makerSlots(t.pid[0])) {
      // after its switch the creator has its final namespaces (nsfix comes first): inherited
      if (npc && npc[sl === 'time' ? 'timeForChildren' : sl] === want) continue;
      const owner = nsOwner(want);
      if (!em.userDescends(owner, mk.newUser ? (f.nsById.get(mk.owner)?.parent ?? f.rootUserNs) : mk.owner)) return true;
    }
    return false;
  }
  /**
   * The namespaces the maker of init tid joins for it, by slot: those of the init (a dead
   * leader's: its threads') owned outside the pid ns owner, which it can only inherit; and in a
   * slot whose final namespace the init makes or joins itself later, one that a child it creates
   * before then needs and cannot join from its own user ns (that child inherits it, SETNS-7).
   * Memoised; O(slots x children of the init).
   */
  const makerSlotsMemo = new Map<number, Map<Slot, string>>();
  /** inits whose makerSlots a makerKidNeed is computing (a guard: creations form a tree) */
  const makerSlotsBusy = new Set<number>();
  function makerSlots(tid: number): Map<Slot, string> {
    let out = makerSlotsMemo.get(tid);
    if (!out) makerSlotsMemo.set(tid, (out = bornNeeds(tid, makers.get(tid)?.owner)));
    return out;
  }
  /** What init tid, born in user ns `owner`, must be born with (see makerSlots). */
  function bornNeeds(tid: number, owner: string | undefined): Map<Slot, string> {
    const out = new Map<Slot, string>();
    const leader = f.tasks.get(tid);
    const src = leader ? nsSource(leader) : undefined;
    const np = src?.nsproxy ? f.nsproxy.get(src.nsproxy) : undefined;
    if (!owner || !leader || !src || !np) return out;
    for (const sl of SLOTS) {
      if (sl === 'timeForChildren') continue;
      const want = np[sl];
      const cr = nsCreator.get(want);
      if (cr !== leader && cr !== src && !ownedWithin(want, owner)) { out.set(sl, want); continue; }
      const early = earlyChildNeed(tid, sl, want) ?? earlyThreadNeed(tid, sl, want, owner);
      if (early !== undefined) out.set(sl, early);
    }
    return out;
  }
  /** image processes by creator actor, built on first use from the creation decisions: O(n) once */
  let childrenByCreator: Map<string, number[]> | undefined;
  function childrenOf(actor: string): number[] {
    if (!childrenByCreator) {
      childrenByCreator = new Map();
      for (const [c, cc] of m.creation) {
        if (!childrenByCreator.has(cc.by)) childrenByCreator.set(cc.by, []);
        childrenByCreator.get(cc.by)!.push(c);
      }
    }
    return childrenByCreator.get(actor) ?? [];
  }
  /** Does a maker-made init that process tgid creates need, in a slot of type ty, a namespace other than tgid's final one (which the maker inherits from tgid)? O(its children x slots). */
  function makerKidsNeed(tgid: number, ty: NsType): boolean {
    if (makers.size === 0) return false;
    const t = f.tasks.get(tgid);
    const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    for (const c of childrenOf(actorOf(tgid))) {
      if (!makers.has(c)) continue;
      for (const [sl, ns] of makerSlots(c)) if (SLOT_TYPE[sl] === ty && np?.[sl === 'time' ? 'timeForChildren' : sl] !== ns) return true;
    }
    return false;
  }
  /** A namespace in slot sl, other than the init's `own`, that a child of init tid born outside the restorer's user ns needs and cannot join (it is owned outside the child's born user ns). */
  function earlyChildNeed(tid: number, sl: Slot, own: string): string | undefined {
    // (variant zombieKids: and the children of the zombies it forks, born with what it had then, zombie-kids.ts)
    const kids = f.zombieKids ? kidsThroughZombies(f, tid, childrenOf, (c) => makers.has(c)) : childrenOf(actorOf(tid));
    for (const ctid of kids) {
      const born = bornUserOf(ctid);
      const c = f.tasks.get(ctid);
      // (variant makerKids: the maker of a child init is forked by init tid with its credentials,
      // and inherits from it what it cannot join for that child: tid must be born with it and
      // fork the maker before it makes its own, maker-kids.ts)
      if (c && f.makerKids && makers.has(ctid)) {
        const v = m.creation.get(ctid)?.by === actorOf(tid) ? makerKidNeed(tid, ctid, sl, own) : undefined;
        if (v !== undefined) return v;
        continue;
      }
      if (!c || born === f.rootUserNs || makers.has(ctid)) continue;
      const csrc = nsSource(c);
      const cnp = csrc.nsproxy ? f.nsproxy.get(csrc.nsproxy) : undefined;
      // (variant deepMakerNeeds: or what its own descendants can only inherit through it, deep-maker-needs.ts)
      const v = f.deepMakerNeeds && sl !== 'time' ? deepBirthNeed(deepInput, deepMemo, ctid, sl) : cnp?.[sl];
      // (not one the init makes itself, e.g. its time_for_children, which the child's time copies)
      if (v !== undefined && v !== own && !ownedWithin(v, born) && nsCreator.get(v)?.tgid !== tid) return v;
    }
    return undefined;
  }
  const deepMemo = new Map<string, string | undefined>();
  const deepInput: DeepNeedInput = {
    finalNs: (tid, sl) => { const t = f.tasks.get(tid); const src = t ? nsSource(t) : undefined; return src?.nsproxy ? f.nsproxy.get(src.nsproxy)?.[sl] : undefined; },
    childrenOf: (tid) => childrenOf(actorOf(tid)), madeByMaker: (tid) => makers.has(tid), bornUserOf, ownedWithin,
    creatorOf: (id) => nsCreator.get(id)?.tgid,
  };
  /** What the maker of init ctid, forked by init tid (born in user ns `owner`), needs in slot sl and cannot join from there (makerSlots, maker-kids.ts). */
  function makerKidNeed(tid: number, ctid: number, sl: Slot, own: string): string | undefined {
    const owner = makers.get(tid)?.owner;
    if (!owner || makerSlotsBusy.has(ctid)) return undefined;
    makerSlotsBusy.add(ctid);
    try {
      return makerKidNeedOf(makerSlots(ctid), sl, own, (v) => ownedWithin(v, owner), (v) => nsCreator.get(v)?.tgid === tid);
    } finally {
      makerSlotsBusy.delete(ctid);
    }
  }
  /**
   * The same for a thread of init tid (born in `owner` too, after the init's switch if any) in a
   * slot whose final namespace the init makes itself, after its threads exist: the thread keeps
   * what the init was born with (SETNS-7). O(threads).
   */
  function earlyThreadNeed(tid: number, sl: Slot, own: string, owner: string): string | undefined {
    if (sl === 'time' || sl === 'timeForChildren' || nsCreator.get(own)?.pid[0] !== tid) return undefined;
    for (const th of f.procs.get(tid)?.threads ?? []) {
      const v = th.nsproxy ? f.nsproxy.get(th.nsproxy)?.[sl] : undefined;
      if (v !== undefined && v !== own && !ownedWithin(v, owner) && !ownedWithin(v, bornUserOf(th.pid[0])) && nsCreator.get(v)?.tgid !== tid) return v;
    }
    return undefined;
  }
  return { makerNeedsOuter, makerSlots, bornNeeds, childrenOf, makerKidsNeed };
}
