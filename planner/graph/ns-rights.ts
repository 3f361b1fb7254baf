/**
 * Who is born in which user ns, and what that gives rights over (build.ts buildSchedule's
 * born-user / namespace-rights reasoning). A task's credentials at birth are its creator's at
 * that moment (creators switch user ns last), or the user ns CLONE_NEWUSER made (FORK-9); they
 * only move down the user-ns tree afterwards (SETNS-4, UNSH-3). setns into a namespace needs
 * CAP_SYS_ADMIN over its owner user ns (SETNS-3..7, OWN-1), so what a task cannot join it must
 * inherit: nsSource, creatorSlots and differsFrom say what a child is born with and whether a
 * maker must give it something else. Complexity: bornUser and creatorSlots are memoised walks up
 * the creators (O(tasks) overall); the ownership predicates are O(depth of the user-ns tree).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf, ROOT_NAME } from '../creators/creators.js';
import { SLOTS, type Slot } from '../output/emit.js';
import { kernelIdIn } from '../facts/ids.js';
import type { BuildContext } from './build-context.js';
import { initParentOf } from '../output/init-join-helper.js';
import { fsSourceJoinUser } from '../variants/fs-source-join.js';
import { standInFsBeforeSwitch } from '../variants/stand-in-fs-switch.js';

export function makeNsRights(ctx: BuildContext) {
  const { f, m, em, eff, makers, bornInUser, switchFirst, afterSwitch, lateHelpers, helperByName, creatorThread } = ctx;
  // The user ns a task's credentials have at birth: its creator's then (creators switch last),
  // or the one CLONE_NEWUSER made. Memoised walk up the creators: O(n) overall.
  const bornUserMemo = new Map<string, string>();
  const bornUserBusy = new Set<string>();
  // Every answer below is a task's user ns or the root one: when all tasks are in the root user
  // ns (the common case), that is the answer, without the walk.
  const allInRootUser = f.image.tasks.every((t) => t.userns === f.rootUserNs);
  const bornUser = (actor: string): string => {
    if (allInRootUser) return f.rootUserNs;
    const hit = bornUserMemo.get(actor);
    if (hit) return hit;
    if (bornUserBusy.has(actor)) return f.rootUserNs; // a creator cycle: reported by the ordering
    bornUserBusy.add(actor);
    let r: string;
    if (actor === ROOT_NAME) r = f.rootUserNs;
    // (a helper forked after its creator's user-ns switch, exec-order.ts: in its final user ns)
    else if (actor.startsWith('h')) r = lateHelpers.has(actor) && helperByName.get(actor)!.by.startsWith('t') ? f.tasks.get(Number(helperByName.get(actor)!.by.slice(1)))!.userns : bornUser(helperByName.get(actor)?.by ?? ROOT_NAME);
    else {
      const tid = Number(actor.slice(1));
      const t = f.tasks.get(tid);
      if (t && t.pid[0] !== t.tgid) {
        // threads come after the leader's user-ns switch (a switch needs a single thread, SETNS-4)
        const lb = bornUser(actorOf(t.tgid));
        const leader = f.tasks.get(t.tgid);
        r = leader && leader.userns !== lb && em.userDescends(leader.userns, lb) ? leader.userns : lb;
      }
      else if (makers.has(tid)) r = makers.get(tid)!.owner;
      else if (bornInUser.has(tid)) r = bornInUser.get(tid)!;
      else if (switchFirst.has(tid)) r = f.tasks.get(switchFirst.get(tid)!)!.userns;
      // (variant settledRelays: born in a user ns on its creator's way, settled-relay.ts)
      else if (ctx.wayFirst.has(tid)) r = ctx.wayFirst.get(tid)!;
      else {
        const by0 = m.creation.get(tid)?.by ?? ROOT_NAME;
        // a child made by a thread of its creator (to share that thread's fd table or fs) is
        // born with that thread's credentials
        const byTh = t && t.pid[0] === t.tgid ? creatorThread(by0, t) : undefined;
        const by = byTh ? actorOf(byTh.pid[0]) : by0;
        const cr = by.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : undefined;
        // a CLONE_FS child is created after its creator moved to its final user ns (a shared
        // fs_struct forbids setns(user), SETNS-4), so it is born there
        // (variant standInFsFirst: not a zombie's stand-in one given to a child of an upper user ns before its switch, stand-in-fs-switch.ts)
        if (cr && t && eff(t).fs !== null && eff(cr).fs === eff(t).fs && !standInFsBeforeSwitch(f, cr, t, eff, (a, b) => em.userDescends(a, b))) r = cr.userns; // (eff: a zombie's stand-in fs_struct too)
        else if (cr && afterSwitch.has(tid)) r = cr.userns; // created after its creator's switch
        // (variant fsSourceJoins: an fs source helper joins its sharers' user ns before forking them, fs-source-join.ts)
        else if (f.fsSourceJoins && by.startsWith('h') && helperByName.has(by)) r = fsSourceJoinUser(f, helperByName.get(by)!, bornInUser, bornUser(by), (a, b) => em.userDescends(a, b), eff) ?? bornUser(by);
        else r = bornUser(by);
        // (variant initJoinHelpers: a child of its pid ns's init that must end above the user ns
        // its creator would give it is forked by a helper in its final user ns, init-join-helper.ts)
        if (f.initJoinHelpers && t && t.userns && !em.userDescends(t.userns, r) && initParentOf(f, t)) r = t.userns;
      }
    }
    bornUserBusy.delete(actor);
    bornUserMemo.set(actor, r);
    return r;
  };
  /** bornUser of an image task by tid, memoised by number (no actor name to build per query); cleared with bornUserMemo */
  const bornUserTidMemo = new Map<number, string>();
  const bornUserOf = (tid: number): string => {
    let r = bornUserTidMemo.get(tid);
    if (r === undefined) bornUserTidMemo.set(tid, (r = bornUser(actorOf(tid))));
    return r;
  };
  /** creatorSlots' memo, by creator actor */
  const creatorSlotsMemo = new Map<string, Record<Slot, string> | undefined>();
  /**
   * The task whose namespaces t must be born with: t, or for a dead leader its first live thread
   * (it copied the leader's namespaces at CLONE_THREAD; one in another user ns cannot join those
   * owned outside it later, SETNS-7).
   */
  function nsSource(t: Task): Task {
    if (t.nsproxy !== null || t.state !== 'dead') return t;
    return f.procs.get(t.tgid)?.threads.find((x) => x.nsproxy !== null) ?? t;
  }
  /**
   * The namespaces creator `by` is expected to have when it creates: the restorer's, an image
   * task's final ones, and for an actor that never sets its own (a helper, a zombie, a dead
   * leader without live threads) those of its own creator, memoised walk up the creators (O(n)
   * overall). An estimate: a maker is added where it says a child's differ (OWN-1, SETNS-7).
   */
  function creatorSlots(by: string): Record<Slot, string> | undefined {
    if (by === ROOT_NAME) return em.get(ROOT_NAME).slots;
    if (creatorSlotsMemo.has(by)) return creatorSlotsMemo.get(by);
    creatorSlotsMemo.set(by, undefined); // a creator cycle: reported by the ordering
    let r: Record<Slot, string> | undefined;
    if (by.startsWith('h')) r = creatorSlots(helperByName.get(by)?.by ?? ROOT_NAME);
    else {
      const t = f.tasks.get(Number(by.slice(1)));
      // (a dead leader never settles its own namespaces: it has those it was born with, which
      // a maker chose for it)
      const src = t && makers.has(t.pid[0]) ? nsSource(t) : t;
      if (src?.nsproxy) r = f.nsproxy.get(src.nsproxy);
      else if (t) r = creatorSlots(t.pid[0] !== t.tgid ? actorOf(t.tgid) : (m.creation.get(t.tgid)?.by ?? ROOT_NAME));
    }
    creatorSlotsMemo.set(by, r);
    return r;
  }
  /**
   * Do t's namespaces differ from the given creator slots (the restorer's, or an image task's
   * final ones), other than those owned by `owner` or below? A child's time ns is its creator's
   * time_for_children.
   */
  function differsFrom(t: Task, from: Record<Slot, string> | undefined, owner: string): boolean {
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (!np || !from) return false;
    return SLOTS.some((sl) => sl !== 'timeForChildren' && np[sl] !== from[sl === 'time' ? 'timeForChildren' : sl] && !ownedWithin(np[sl], owner));
  }
  /**
   * Is namespace id owned by user ns u or below it? A maker leaves those to the init itself,
   * which is born in u with every capability there and joins them once they exist (SETNS-7).
   */
  function ownedWithin(id: string, u: string): boolean {
    const def = f.nsById.get(id);
    if (!def || def.external || !def.owner) return false;
    return em.userDescends(def.owner, u);
  }
  /** The user ns owning namespace id; the restorer's for an environment one. */
  function nsOwner(id: string): string {
    const def = f.nsById.get(id);
    return !def || def.external || !def.owner ? f.rootUserNs : def.owner;
  }
  /** Can thread th join every namespace of its own with the credentials it is born with? */
  function threadCanJoin(th: Task): boolean {
    const np = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    if (!np) return true;
    const b = bornUser(actorOf(th.pid[0]));
    return SLOTS.every((sl) => em.userDescends(nsOwner(np[sl]), b));
  }
  /** Is global uid 0 (the restorer's) uid 0 inside user ns u, through every map on the way? */
  function rootMapsToRoot(u: string): boolean {
    return kernelIdIn(f.nsById, u, 0, 'uid') === 0;
  }
  return { bornUser, bornUserOf, allInRootUser, bornUserMemo, bornUserTidMemo, nsSource, creatorSlots, differsFrom, ownedWithin, nsOwner, threadCanJoin, rootMapsToRoot };
}
