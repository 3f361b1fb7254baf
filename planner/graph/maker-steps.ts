/**
 * The steps of a pid-ns maker helper (build.ts makers): the init's creator forks the maker
 * (forkMaker; early, before the creator's user-ns switch, for the inits of maker-fork.ts), the
 * maker joins the init's namespaces it can only inherit while privileged (SETNS-7), enters or
 * creates the pid ns's owner user ns (SETNS-4, UNSH-3) and clones the init with
 * CLONE_PARENT|CLONE_NEWPID, so the pid ns is owned by that user ns (OWN-1) and the init's parent
 * is the creator (FORK-3); then it exits and is reaped (EXIT-6). Outer pid levels come from
 * ns_last_pid (FORK-9, OWN-6). addMakerEdges orders a maker after what it inherits or joins.
 * O(slots) per init.
 */
import type { Proc } from '../facts/facts.js';
import { actorOf } from '../creators/creators.js';
import type { Slot } from '../output/emit.js';
import { helperCreatedBy, makerInherits } from '../ordering/helper-origin.js';
import { MAKER_BIRTH_INHERIT } from '../ordering/exec-order.js';
import { SLOT_TYPE, setnsRule, type NsProxyOf, type StepContext } from './build-context.js';
import { deferredStep } from './ns-nodes.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { makerEarlyStep } from '../variants/maker-early-joins.js';

export function makeMakerSteps(ctx: StepContext) {
  const { f, em, helperVectors, splitMakers, makerSlots } = ctx;
  /** The creator forks the maker of init p into the parent of p's pid ns (the first part of makeInit). */
  // (files: variant chainRelays, the maker passes the fd table its init is born with, chain-relays.ts)
  function forkMaker(p: Proc, mk: { name: string; owner: string }, creator: string, cloneParent: boolean, files = false): void {
    const parentNs = f.pidns.get(p.pidns)?.parent ?? f.hostPidNs;
    em.clone({ actor: creator, child: mk.name, tid: -1, pidns: parentNs, vector: helperVectors.get(mk.name)!, thread: false, cloneParent, share: files ? ['CLONE_FILES'] : [], newPidns: false, why: `pid-ns maker for ${p.tgid}: pid ns ${p.pidns} must be owned by user ns ${mk.owner}, so its init is created from inside ${mk.owner} (OWN-1)${splitMakers.has(p.tgid) ? `; forked while ${creator} is still privileged, it keeps the capabilities after ${creator}'s user-ns switch (FORK-9, SETNS-4)` : ''}${files ? `; with CLONE_FILES, to pass the fd table ${p.tgid} shares on (FORK-4)` : ''}` });
  }

  /**
   * A maker helper creates init p: the creator forks it (with CLONE_PARENT when the creator is a
   * sibling); it joins p's namespaces while still privileged, enters p's pid ns owner `owner`
   * (SETNS-4), and clones p with CLONE_PARENT|CLONE_NEWPID so that the new pid ns is owned by
   * `owner` (OWN-1) and p's parent is the maker's; then it exits and is reaped (EXIT-6).
   */
  function makeInit(p: Proc, mk: { name: string; owner: string; newUser: boolean }, creator: string, cloneParent: boolean, why: string, files = false): void {
    const vec = helperVectors.get(mk.name)!;
    if (!em.has(mk.name)) forkMaker(p, mk, creator, cloneParent, files);
    for (const [sl, want] of makerSlots(p.tgid)) {
      if (em.get(mk.name).slots[sl] === want) continue;
      em.join(mk.name, sl, want, `the maker joins ${SLOT_TYPE[sl]} ns ${want} while privileged, so ${p.tgid} is born in it (${setnsRule(sl)})`);
    }
    const uparent = f.nsById.get(mk.owner)?.parent ?? f.rootUserNs;
    if (!mk.newUser) em.joinUser(mk.name, mk.owner, `the maker enters user ns ${mk.owner}, which must own pid ns ${p.pidns} (OWN-1, SETNS-4)`);
    // (through the user namespaces on the way, making a bare one nobody made yet, as a history
    // did that unshared it on its way down: seed 7991)
    else if (em.get(mk.name).userns !== uparent) em.enterUserDown(mk.name, uparent, mk.owner);
    em.clone({ actor: mk.name, child: actorOf(p.tgid), tid: p.tgid, pidns: p.pidns, vector: p.leader.pid, thread: false, cloneParent: true, share: files ? ['CLONE_FILES'] : [], newPidns: true, why: `${why}; created by maker ${mk.name} with CLONE_PARENT ${mk.newUser ? `and CLONE_NEWUSER (${mk.owner})` : `from inside ${mk.owner}`}`, ...(mk.newUser ? { newUser: mk.owner } : {}) });
    const st = em.get(mk.name);
    em.exit(mk.name, { code: 0, group: true }, `maker ${mk.name} is done`);
    em.reap(st.parent ?? creator, { ...st, vector: vec }, `reap maker ${mk.name} (EXIT-6)`);
  }
  return { forkMaker, makeInit };
}

/** what the maker edges need beyond the step context (build.ts) */
export interface MakerEdgeInputs {
  /** the creator of an actor that keeps the namespaces it is born with: a helper, a zombie (helper-origin.ts) */
  passThrough: (a: string) => string | undefined;
  /** the step that creates a pass-through actor */
  throughNode: (a: string) => string | number;
  /** the step that forks the maker of init tid (maker-fork.ts) */
  forkNodeOf: (tid: number) => string;
}

/** The edges of the makers: what each inherits from its creator, and what it joins, exist first. */
export function addMakerEdges(ctx: StepContext, inputs: MakerEdgeInputs): void {
  const { f, m, em, s, makers, nsCreator, bornInUser, afterSwitch, splitMakers, nsOfCreatorEarly, creatorThread, bornUser, slotFromBirth, nsOwner, makerSlots, ownedWithin, postSwitch, deferred, deferredOf, interimOf } = ctx;
  const { passThrough, throughNode, forkNodeOf } = inputs;
  // In a further build that split the creator's joins (split-joins.ts), the step that changes the
  // slot of e.ns's kind: its deferred join step, or none when the creator makes that namespace
  // itself (its ns step, ordered apart below) and its main join step has no interim one there.
  // undefined: the main join step, as in a first build.
  const splitStep = (cr: Task, npCr: NsProxyOf, ns: string): string | null | undefined => {
    const ty = f.nsById.get(ns)?.type;
    const sl = ty === 'time' ? 'timeForChildren' : ty && ty !== 'user' && ty !== 'pid' ? ty as 'mnt' | 'uts' | 'ipc' | 'net' | 'cgroup' : undefined;
    if (!sl || !f.splitJoins) return undefined;
    const id = npCr[sl];
    if (deferredOf.get(cr.pid[0])?.has(id)) return deferredStep(cr.pid[0], id);
    if (sl !== 'timeForChildren' && deferred.get(cr.pid[0])?.has(id) && nsCreator.get(id) === cr && !interimOf.get(cr.pid[0])?.has(sl)) return null;
    return undefined;
  };
  // A maker is born with its creator's credentials: those without rights over a namespace it
  // must give the init (SETNS-3..7) can only have it inherited (makerInherits).
  for (const [tid] of makers) {
    const by = m.creation.get(tid)?.by;
    // (a maker forked by a zombie or a helper, which keeps the namespaces it is born with: it
    // inherits them from the first creator up that sets its own, ordered by that pass-through
    // actor's creation, helper-origin.ts)
    const via = by !== undefined && !creatorThread(by, f.tasks.get(tid)!) ? helperCreatedBy(by, passThrough) : undefined;
    const through = via?.helper;
    const crName = through !== undefined ? via!.by : by;
    const cr = crName?.startsWith('t') ? f.tasks.get(Number(crName.slice(1))) : undefined;
    const npCr = cr?.nsproxy ? f.nsproxy.get(cr.nsproxy) : undefined;
    if (!cr || !npCr || creatorThread(by!, f.tasks.get(tid)!)) continue;
    const crBorn = bornUser(actorOf(cr.pid[0]));
    // (a split maker is forked before its creator's switch: with the creator's born credentials)
    const born = through !== undefined ? bornUser(by!) : afterSwitch.has(tid) && !splitMakers.has(tid) ? cr.userns : crBorn;
    if (born === f.rootUserNs) continue;
    // (one its creator cannot join either, from its own born user ns, it has from birth)
    const fromBirth = (sl: Slot) => slotFromBirth(cr, sl) || !em.userDescends(nsOwner(npCr[sl]), crBorn);
    // (the maker inherits at its fork: its own step when it is forked early, maker-fork.ts)
    const mkNode = through !== undefined ? throughNode(through) : forkNodeOf(tid);
    for (const e of makerInherits(makerSlots(tid), npCr, (id) => ownedWithin(id, born), fromBirth, (id) => nsCreator.get(id) === cr, postSwitch)) {
      if (e.kind === 'own') s.edge(`ns:${e.ns}`, mkNode, `maker of ${tid} inherits ${e.ns} from ${cr.pid[0]}, which makes it (SETNS-7)`, 'SETNS-7');
      else if (e.kind === 'settled') {
        const d = splitStep(cr, npCr, e.ns);
        s.edge(typeof d === 'string' ? d : s.at('nsfix', cr.pid[0]), mkNode, `maker of ${tid} inherits ${e.ns} from ${cr.pid[0]} once ${cr.pid[0]} is in it`, 'SETNS-7');
      } else {
        // (before the step that leaves it)
        const d = splitStep(cr, npCr, e.ns);
        if (d !== null) s.edge(mkNode, d ?? s.at('nsfix', cr.pid[0]), through !== undefined ? `maker of ${tid} inherits ${e.ns} from ${cr.pid[0]} through ${through}, created before ${cr.pid[0]} leaves it` : MAKER_BIRTH_INHERIT(tid, e.ns, cr.pid[0]), 'SETNS-7', through !== undefined ? undefined : { kind: 'maker-inherits', tid, ns: e.ns, creator: cr.pid[0] });
        // (variant makerEarlyJoins: and before the creator's early join step leaving a mount or time ns, maker-early-joins.ts)
        const early = makerEarlyStep(f, cr.pid[0], f.nsById.get(e.ns)?.type, ctx.earlySlots.get(cr.pid[0]));
        if (early && s.has(early)) s.edge(mkNode, early, MAKER_BIRTH_INHERIT(tid, e.ns, cr.pid[0]), 'SETNS-7', { kind: 'maker-inherits', tid, ns: e.ns, creator: cr.pid[0] });
        for (const id of nsOfCreatorEarly.get(cr.pid[0]) ?? []) if (f.nsById.get(id)?.type === f.nsById.get(e.ns)?.type) s.edge(mkNode, `ns:${id}`, `maker of ${tid} inherits ${e.ns} from ${cr.pid[0]} before ${cr.pid[0]} makes ${id}`, 'SETNS-7');
      }
    }
  }
  // A maker joins its init's namespaces and the owner user ns: they exist first.
  for (const [tid, mk] of makers) {
    const ucr = nsCreator.get(mk.newUser ? (f.nsById.get(mk.owner)?.parent ?? f.rootUserNs) : mk.owner);
    if (ucr) s.edge(bornInUser.get(ucr.pid[0]) === mk.owner ? `task:${ucr.pid[0]}` : `user:${ucr.pid[0]}`, `task:${tid}`, `user ns ${mk.owner} exists before maker ${mk.name} enters it`, 'SETNS-4', { kind: 'user-ns-exists', ns: mk.owner, enters: { role: 'maker', name: mk.name } });
    for (const want of makerSlots(tid).values()) s.edge(`ns:${want}`, `task:${tid}`, `maker ${mk.name} joins ${want} for ${tid}`, 'SETNS-7');
  }
}
