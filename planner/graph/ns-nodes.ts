/**
 * The per-task namespace steps (build.ts buildSchedule): `ns:<id>` for each namespace a task
 * creates (OWN-1, UNSH-4, and a pending time_for_children unshared on the way to the final user
 * ns, UNSH-6), its main join step `nsfix:<tid>` (SETNS-3..7), the early mount/time join
 * `nsmnt:<tid>` (before CLONE_FS children or threads exist, SETNS-3, SETNS-6), the joins after its
 * user-ns switch `nsfix2:<tid>` (SETNS-7), after its threads made them `nsfix3:<tid>` (UNSH-2),
 * the deferred joins of a further build `nsdef:<tid>/<id>` (join-defer.ts), and a dead leader's
 * joins for its threads (FORK-7, SETNS-7). Only the nodes: the edges between them and the other
 * steps are added by build.ts. O(slots) per task; needsFix is a memoised walk up the creators,
 * O(tasks) overall.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Proc } from '../facts/facts.js';
import { actorOf, ROOT_NAME } from '../creators/creators.js';
import { SLOTS, type Slot } from '../output/emit.js';
import type { NeedSlot } from '../ordering/birth-needs.js';
import { SLOT_TYPE, setnsRule, type NsProxyOf, type StepContext } from './build-context.js';

/** the step in which t joins namespace id after its other joins */
export function deferredStep(tid: number, id: string): string { return `nsdef:${tid}/${id}`; }

export function makeNsNodes(ctx: StepContext) {
  const { f, m, em, s, eff, nsCreator, nsOfCreatorEarly, timeOnTheWay, holders, lateJoins, threadMadeJoins, interimOf, earlySlots, looseEarly, deferred, deferredOf, fsUsers, fsSharingCreators, fsThreadKeepers, creatorThread, pickThreadCreator, nsSource, bornUserOf, ownedWithin, makers, deadLeaderJoins, sourceMade, earlyMntJoins, nsOwner } = ctx;
  const fixMemo = new Map<number, boolean>();
  /** who owns a namespace joined late: the joiner's own user ns, or one below it */
  const ownerWords = (ns: string, own: string | null) => (nsOwner(ns) === own ? `its own user ns ${own}` : `${nsOwner(ns)}, below its own user ns ${own}`);
  /**
   * A dead leader never settles namespaces of its own, but its threads copy its namespaces at
   * CLONE_THREAD and, in another user ns, cannot join those owned outside it (SETNS-7): it joins
   * those for them while privileged, before they exist and before its user-ns switch. O(slots).
   */
  function addDeadLeaderJoins(p: Proc): void {
    const t = p.leader;
    const src = nsSource(t);
    const np = src.nsproxy ? f.nsproxy.get(src.nsproxy) : undefined;
    if (src === t || !np || makers.has(t.tgid)) return;
    const born = bornUserOf(src.pid[0]);
    const joins = new Map<Slot, string>();
    for (const sl of SLOTS) {
      if (sl === 'timeForChildren' || ownedWithin(np[sl], born)) continue;
      const cr = nsCreator.get(np[sl]);
      if (cr && cr.tgid === t.tgid) continue;
      joins.set(sl, np[sl]);
    }
    if (joins.size === 0) return;
    deadLeaderJoins.set(t.pid[0], joins);
    const a = actorOf(t.pid[0]);
    s.addAt('nsfix', t.pid[0], 'ns-join', `dead leader ${t.pid[0]} joins its threads' namespaces`, [t.pid[0]], () => {
      for (const [sl, want] of joins) if (em.get(a).slots[sl] !== want) em.join(a, sl, want, `dead leader ${t.pid[0]} joins ${SLOT_TYPE[sl]} ns ${want} while privileged, so its threads copy it (${setnsRule(sl)})`);
    });
  }
  /**
   * The joins of t's main step that a further build defers (join-defer.ts), kept only when
   * setns into them has no precondition the main step meets for them: a namespace t does not
   * make itself, joins before its switch, of a deferrable kind; mnt only with an fs_struct of its
   * own that it shares with nobody (SETNS-3); time in a process without threads that ends with
   * time_for_children there too (SETNS-6). Recorded in deferredOf. O(slots).
   */
  function deferredJoinsOf(t: Task, np: NsProxyOf, late: Set<string>, byThread: Set<string>): Set<string> | undefined {
    const want = deferred.get(t.pid[0]);
    if (!want) return undefined;
    const out = new Set<string>();
    for (const sl of SLOTS) {
      const id = np[sl];
      if (!want.has(id) || nsCreator.get(id) === t || late.has(id) || byThread.has(id)) continue;
      if (sl === 'timeForChildren') continue;
      // setns(time) sets time_for_children too and needs a single thread (SETNS-6): only for a
      // process without threads whose two time slots are that namespace
      if (sl === 'time' && (np.timeForChildren !== id || t.pid[0] !== t.tgid || (f.procs.get(t.tgid)?.threads.length ?? 0) > 0 || earlySlots.get(t.pid[0])?.time)) continue;
      // (its own threads may share its fs_struct: they come after this step, as after nsfix)
      if (sl === 'mnt' && ((fsUsers.get(eff(t).fs ?? '') ?? 0) !== 1 + ownThreadsSharingFs(t) || fsSharingCreators.has(t.pid[0]))) continue;
      out.add(id);
    }
    if (out.size === 0) return undefined;
    deferredOf.set(t.pid[0], out);
    return out;
  }
  /** How many threads of leader t share its fs_struct (0 for a thread): O(threads). */
  function ownThreadsSharingFs(t: Task): number {
    const p = f.procs.get(t.tgid);
    const fs = eff(t).fs;
    if (!p || p.leader !== t || fs === null) return 0;
    return p.threads.filter((th) => eff(th).fs === fs).length;
  }
  /** Namespace nodes of task t, added right after its creation so the tie-break runs them before its children. */
  function addNsNodes(t: Task): void {
    if (!t.nsproxy || t.state === 'zombie' || s.at('nsfix', t.pid[0]) >= 0) return;
    if (!needsFix(t)) return;
    for (const id of nsOfCreatorEarly.get(t.pid[0]) ?? []) {
      const def = f.nsById.get(id)!;
      if (def.type === 'user') continue; // created in the creator's user step
      s.add(`ns:${id}`, 'ns-create', `${t.pid[0]} creates ${def.type} ns ${id}`, [t.pid[0]], () => {
        // (its fs_struct's source made it: a sharer was born there, another member joins it, source-mnt.ts)
        if (sourceMade.has(id)) { if (def.type === 'mnt' && em.get(actorOf(t.pid[0])).slots.mnt !== id) em.join(actorOf(t.pid[0]), 'mnt', id, `${t.pid[0]} is in mnt ns ${id}, made by the source of an fs_struct (SETNS-3)`); return; }
        const way = timeOnTheWay.get(id);
        if (way) {
          const why = `${t.pid[0]} passes through user ns ${way.owner} on its way to ${t.userns}: its pending time_for_children ${id} is owned by it (OWN-1, UNSH-6)`;
          if (nsCreator.has(way.owner) || holders.has(way.owner)) em.joinUser(actorOf(t.pid[0]), way.owner, why);
          else em.create(actorOf(t.pid[0]), 'user', way.owner, why);
        }
        em.create(actorOf(t.pid[0]), def.type, id, `${def.type} namespace ${id} is created once, by a member in its owner user ns (OWN-1, UNSH-4)`);
        if (def.type === 'time' && t.nsproxy && f.nsproxy.get(t.nsproxy)?.time === id) em.enterOwnTimeForChildren(actorOf(t.pid[0]), `enter its own new time ns ${id} after writing its offsets (SETNS-6)`);
      });
    }
    const np = f.nsproxy.get(t.nsproxy);
    if (!np) return;
    const a = actorOf(t.pid[0]);
    const late = lateJoins(t);
    const byThread = threadMadeJoins(t);
    const later = deferredJoinsOf(t, np, late, byThread);
    s.addAt('nsfix', t.pid[0], 'ns-join', `${t.pid[0]} joins its namespaces`, [t.pid[0]], () => {
      for (const sl of SLOTS) {
        const want = np[sl];
        const cur = em.get(a).slots[sl];
        const mid = interimOf.get(t.pid[0])?.get(sl as NeedSlot);
        if (mid !== undefined) { if (cur !== mid) em.join(a, sl, mid, `${t.pid[0]} is in ${SLOT_TYPE[sl]} ns ${mid} for the tasks it forks after its user-ns switch, until it makes its own ${want} (SETNS-7)`); continue; }
        if (cur === want) continue;
        if (sl === 'timeForChildren' && nsCreator.get(want) === t) continue;
        // its own ns step puts it there (unshare, or entering its own time ns): the join step
        // never needs it, so the creation may come before or after this step (ownNsAfterJoins)
        if (nsCreator.get(want) === t) continue;
        if (late.has(want) || byThread.has(want)) continue; // joined after its user-ns switch / its thread made it
        if (later?.has(want)) continue; // joined in its deferred step
        // joined in its early step, which a loose one may run later (join-defer.ts)
        const early = earlySlots.get(t.pid[0]);
        if (early && looseEarly.has(t.pid[0]) && (sl === 'mnt' ? early.mnt : (sl === 'time' || sl === 'timeForChildren') && early.time)) continue;
        em.join(a, sl, want, `${t.pid[0]} is in ${SLOT_TYPE[sl]} ns ${want} (${setnsRule(sl)})`);
      }
    });
    // one step per deferred namespace: each waits only for its own creation (join-defer.ts)
    for (const id of later ?? []) {
      const sl = SLOTS.find((x) => x !== 'timeForChildren' && np[x] === id)!;
      s.add(deferredStep(t.pid[0], id), 'ns-join', `${t.pid[0]} joins ${SLOT_TYPE[sl]} ns ${id} after its other joins`, [t.pid[0]], () => {
        if (em.get(a).slots[sl] !== id) em.join(a, sl, id, `${t.pid[0]} is in ${SLOT_TYPE[sl]} ns ${id}, joined once it exists, after its other joins and while still privileged (${setnsRule(sl)})`);
      });
      s.edge(`nsfix:${t.pid[0]}`, deferredStep(t.pid[0], id), 'the other joins first (what needs them waits for them)', 'SETNS-7');
    }
    // Its mount ns before it creates CLONE_FS children (setns(mnt) needs an unshared fs_struct,
    // SETNS-3), and a leader's time ns before its threads (all threads share the active time ns
    // and setns(time) needs a single thread, SETNS-6): a step of their own, so that its other
    // joins may wait for threads or children that keep its original namespaces (SETNS-7).
    const earlyMnt = (fsSharingCreators.has(t.pid[0]) || fsThreadKeepers.has(t.pid[0])) && nsCreator.get(np.mnt) !== t && !late.has(np.mnt) && !byThread.has(np.mnt);
    if (earlyMnt) earlyMntJoins.add(t.pid[0]);
    const pr = f.procs.get(t.tgid);
    // (and its time ns before it makes a new one its time_for_children, UNSH-6: only that join
    // must precede the unshare, not the others, which may wait for children born before them)
    const makesTfc = np.timeForChildren !== np.time && nsCreator.get(np.timeForChildren) === t;
    // (in a further build, when a cycle went through that order (join-defer.ts), the early time
    // join is also loosened from the main join step)
    const ownTfcFirst = makesTfc && deferred.get(t.pid[0])?.has(np.timeForChildren) === true;
    const earlyTime = !!pr && (makesTfc || (pr.leader === t && pr.threads.length > 0)) && nsCreator.get(np.time) !== t && !late.has(np.time);
    if (earlyMnt || earlyTime) {
      earlySlots.set(t.pid[0], { mnt: earlyMnt, time: earlyTime });
      s.addAt('nsmnt', t.pid[0], 'ns-join', `${t.pid[0]} joins its ${earlyMnt ? (earlyTime ? 'mount and time namespaces' : 'mount ns') : 'time ns'}`, [t.pid[0]], () => {
        if (earlyMnt && em.get(a).slots.mnt !== np.mnt) em.join(a, 'mnt', np.mnt, `${t.pid[0]} is in mnt ns ${np.mnt}, joined before it shares its fs_struct (SETNS-3)`);
        if (earlyTime && em.get(a).slots.time !== np.time) em.join(a, 'time', np.time, `${t.pid[0]} is in time ns ${np.time}, joined before its threads exist (SETNS-6)`);
      });
      s.edge(`task:${t.pid[0]}`, `nsmnt:${t.pid[0]}`, 'after birth', 'SETNS-3');
      // (loose, in a further build, when a cycle went through its join (join-defer.ts): the two
      // steps join disjoint slots, and what needs the early ones waits for this step itself)
      const want = deferred.get(t.pid[0]);
      if (want && ((earlyMnt && want.has(np.mnt)) || (earlyTime && (want.has(np.time) || ownTfcFirst)))) looseEarly.add(t.pid[0]);
      else s.edge(`nsmnt:${t.pid[0]}`, `nsfix:${t.pid[0]}`, 'the mount ns first', 'SETNS-3');
    }
    if (late.size > 0) {
      s.add(`nsfix2:${t.pid[0]}`, 'ns-join', `${t.pid[0]} joins namespaces of its own user ns`, [t.pid[0]], () => {
        for (const sl of SLOTS) {
          const want = np[sl];
          if (late.has(want) && em.get(a).slots[sl] !== want) em.join(a, sl, want, `${t.pid[0]} is in ${SLOT_TYPE[sl]} ns ${want}, owned by ${ownerWords(want, t.userns)}: joined once inside it (${setnsRule(sl)})`);
        }
      });
    }
    if (byThread.size > 0) {
      s.add(`nsfix3:${t.pid[0]}`, 'ns-join', `${t.pid[0]} joins namespaces its threads made`, [t.pid[0]], () => {
        for (const sl of SLOTS) {
          const want = np[sl];
          if (byThread.has(want) && em.get(a).slots[sl] !== want) em.join(a, sl, want, `${t.pid[0]} is in ${SLOT_TYPE[sl]} ns ${want}, which its own thread created: joined once it exists (SETNS-7)`);
        }
      });
      s.edge(`nsfix:${t.pid[0]}`, `nsfix3:${t.pid[0]}`, 'the other joins first', 'SETNS-7');
      s.edge(`nsfix2:${t.pid[0]}`, `nsfix3:${t.pid[0]}`, 'the other joins first', 'SETNS-7');
      // (the ns steps' edges into nsfix3 are added with the other membership edges, once every step exists)
    }
  }

  /**
   * Can t's namespaces differ from what it inherits? Not when its creator is an image task with
   * the same nsproxy that itself never changes its namespaces (memoised walk, O(n) overall).
   */
  function needsFix(t: Task): boolean {
    const hit = fixMemo.get(t.pid[0]);
    if (hit !== undefined) return hit;
    fixMemo.set(t.pid[0], true);
    let r = true;
    if (!nsOfCreatorEarly.has(t.pid[0])) {
      const cby = m.creation.get(t.tgid)?.by;
      const cth = t.pid[0] === t.tgid && cby ? creatorThread(cby, t) : undefined;
      const by = t.pid[0] !== t.tgid ? actorOf(pickThreadCreator(f.procs.get(t.tgid)!, t).pid[0]) : cth ? actorOf(cth.pid[0]) : cby;
      const cr = by && by.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : undefined;
      const crEff = cr && cr.state === 'dead' ? eff(cr) : cr;
      if (by === ROOT_NAME) {
        const np = f.nsproxy.get(t.nsproxy!);
        const rs = em.get(ROOT_NAME).slots;
        r = !np || SLOTS.some((sl) => np[sl] !== rs[sl]);
      } else if (cr && crEff && cr.nsproxy !== null && cr.nsproxy === t.nsproxy) r = needsFix(cr);
      else if (cr && cr.state === 'dead' && t.nsproxy === f.procs.get(cr.tgid)?.threads[0]?.nsproxy) r = true;
    }
    fixMemo.set(t.pid[0], r);
    return r;
  }
  return { addNsNodes, addDeadLeaderJoins };
}
