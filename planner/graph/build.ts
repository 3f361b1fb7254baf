/**
 * Turns the decided model (creators, ghosts, helpers, namespace creators) into the dependency
 * graph of steps; each step's `run` emits its operations through the Emitter when the schedule
 * reaches it. Every edge carries the reason and the kernel rule. O(tasks + helpers + namespaces)
 * nodes and edges (a constant number per task, plus one edge per namespace membership).
 * buildSchedule is the orchestrator: the decisions and step groups it calls in order live in
 * their own modules (planner/README.md, ordering), sharing its state through build-context.ts.
 */
import { addVmTimeBirthEdges, vmForked } from '../ordering/vm-time-birth.js';
import { execMmRelays } from '../variants/exec-mm-relay.js';
import { lateSettledStep } from '../variants/late-settled-birth.js';
import { helperPreExecTable } from '../variants/pre-exec-carrier.js';
import { lateFlags } from '../sharing/zombie-late-subreaper.js';
import { sharedEmptyPfc } from '../ordering/empty-pfc.js';
import type { CloneFlag } from '../../executor/ops.js';
import type { NsType } from '../../model/image.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, groupJoinable, isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, isSessionLeader, ROOT_NAME } from '../creators/creators.js';
import { PRIVILEGED_CREATION, SET_TID_BEFORE_EXEC } from '../ordering/exec-order.js';
import { PRIVILEGED_JOIN_TAG } from './edge-tags.js';
import { euidStaysRoot } from '../variants/root-euid-exec.js';
import { initOnTheWay, ownerOnTheWay } from '../variants/init-on-the-way.js';
import { addWayDownEdges } from '../variants/way-down-order.js';
import { lateKidNeedsCaps } from '../variants/late-kid-caps.js';
import { filesMakerOf, makerCarriesFiles } from '../variants/files-maker.js';
import { fsSourceJoinUser } from '../variants/fs-source-join.js';
import { earlyMakers, MAKER_FORK } from '../ordering/maker-fork.js';
import { zombieMovers } from '../variants/zombie-mover.js';
import { Emitter, EmitError, SLOTS, type Slot } from '../output/emit.js';
import { subreaperWhy } from '../creators/helper-heirs.js';
import { Schedule } from '../ordering/schedule.js';
import { newHelperName } from '../creators/sessions.js';
import { addEarlyPfcSteps } from '../ordering/pfc-early.js';
import { addUnshareInitStep, unshareInitsOf } from '../ordering/unshare-init.js';
import { childMayJoinShared, ownNsAfterJoins } from '../ordering/ns-order.js';
import type { DeferredJoins } from '../ordering/join-defer.js';
import { helperCreatedBy } from '../ordering/helper-origin.js';
import { joinHelperFirst } from './join-helper.js';
import { interimJoinsForChild } from '../output/interim-joins.js';
import { initJoinEdges, initParentOf } from '../output/init-join-helper.js';
import { inheritedBirthNeeds, interimJoins, NEED_SLOTS, type InterimInput, type NeedSlot } from '../ordering/birth-needs.js';
import { bareZombie, helperBornZombie, recordZombieBirthNeeds } from '../variants/zombie-birth-needs.js';
import { addThreadInterimJoins } from '../variants/thread-interim-joins.js';
import { ownMntSettles } from '../variants/own-mnt-keeper.js';
import { lateBornEntriesFirst } from '../variants/late-born-order.js';
import { threadsBeforeAwayPfc } from '../variants/threads-before-away-pfc.js';
import { initChildNeedsNothing } from '../variants/init-join-birth-needs.js';
import { lateKeepEdges } from '../variants/late-keeps.js';
import { threadKidKeepsOlder } from '../variants/thread-kids.js';
import { childTimeOrder } from '../ordering/time-birth.js';
import { isNotCreator, type NotCreators } from '../ordering/ns-creator-ban.js';
import { canMoveFrom, groupVector, laterMove } from '../creators/parent-moves.js';
import { sourceMntOf } from '../sharing/source-mnt.js';
import { addRelayMntSteps } from '../sharing/relay-mnt.js';
import { SLOT_TYPE, type BuildContext, type NsProxyOf, type StepContext } from './build-context.js';
import { addMakerEdges, makeMakerSteps } from './maker-steps.js';
import { makerKidBirthNeeds } from '../ordering/maker-kids.js';
import { newUserChildBeforeSwitch } from '../ordering/new-user-interim.js';
import { deferredStep, makeNsNodes } from './ns-nodes.js';
import { deferredChangesFor } from '../ordering/split-joins.js';
import { withOwnTime, lateTimeKept } from '../variants/own-tfc.js';
import { ownJoinSlots } from '../variants/own-joins.js';
import { threadBeforeDeferred } from '../variants/thread-before-deferred.js';
import { keeperBeforeDeferred, lateJoinsFreeOfExec, threadKeepsOn, threadNeedsOnlyItsCreator } from '../ordering/thread-keeps.js';
import { execFreeBeforeSwitch } from '../ordering/born-exec-caps.js';
import { execBornFirst } from '../variants/misc-exec-born-caps.js';
import { makeNsRights } from './ns-rights.js';
import { makeLateJoins } from './late-joins.js';
import { makeMakerNeeds } from './maker-needs.js';
import { addFinalPhase } from './final-phase.js';
import { makeExecBorn, makeStandIns } from './stand-ins.js';
import { makeNsCreatorChoice } from './ns-creator-choice.js';
import { checkShareTree } from './share-tree.js';
import { initThreadKeepsCreatorFs } from '../variants/init-thread-relay.js';
import { addUserSteps } from './user-steps.js';
import { addFsShareEdges, findFsRelays } from './fs-relays.js';
import { relaysSwitchFirst } from '../sharing/relay-switch-first.js';
import { addWaySteps, initSharesRelayFs, settleRelays } from '../variants/settled-relay.js';
import { addZombieMntJoins } from './zombie-mnt.js';
import { addZombieJoins } from './zombie-joins.js';
import { FILES_UNSHARE, addFilesUnshareEdges, findFilesRelays } from '../sharing/files-relays.js';
import { addFirstTableEdges, leaderFirstTables } from '../variants/leader-first-table.js';
import { deadRelayPasses } from '../sharing/dead-leader-relay.js';
import { makerPassesFiles } from '../variants/chain-relays.js';
import { sourceTimeOf } from '../variants/source-shares.js';
import { addGhostSetsidEdges, addGhostSetsidSteps, setsidLater } from '../variants/sess-ghost-birth.js';
import { ensureOwnerHolders, heldOwnerEdges } from '../ordering/holder-owner.js';
import { standInFsBeforeSwitch } from '../variants/stand-in-fs-switch.js';
import { outerInitFirst } from '../variants/outer-init-first.js';
import { addHelperExits, addHolderJoinEdges, addHolderSteps, addHolderUserEdges, makeAddHelper } from './holder-steps.js';
import { makeThreadCreators } from './thread-creators.js';
import { addRegroupSteps, regroupBirth, regroupMember } from '../ordering/regroup-leader.js';
import { addVisitSteps, beforeVisit, visitBirth } from '../variants/visiting-leader.js';
import { transitGroupsOf } from '../variants/transit-group.js';
import { deadUserRelay } from '../variants/dead-leader-user-relay.js';
import { threadOwnTfc } from '../variants/thread-own-tfc.js';

export interface Built {
  schedule: Schedule;
  /** helper pid vectors (free numbers chosen here) */
  helperVectors: Map<string, number[]>;
  failures: { reason: string; culprits: number[]; rule: string }[];
  /** pid-ns maker helpers (see makeInit) */
  makers: { name: string; init: number; owner: string }[];
  /** namespace holders (see `holders`) */
  holders: { name: string; ns: string; owner: string; envOwner: boolean }[];
  /** the member chosen to create each namespace a member creates: its tid by namespace id */
  nsCreators: Map<string, number>;
}


/** Free pid numbers per pid ns for helpers (PID-3: not any image pid, pgid or sid). */
function allocator(f: Facts) {
  const next = new Map<string, number>();
  return (ns: string): number => {
    const info = f.pidns.get(ns)!;
    let n = next.get(ns);
    if (n === undefined) {
      let max = 1;
      for (const u of info.used) if (u > max) max = u;
      n = max + 1;
    }
    while (info.used.has(n)) n++;
    next.set(ns, n + 1);
    info.used.add(n);
    return n;
  };
}

function shareFlags(child0: Task, creator0: Task | undefined, thread: boolean, eff: (t: Task) => Task): CloneFlag[] {
  if (!creator0) return [];
  const child = eff(child0);
  const creator = eff(creator0);
  const out: CloneFlag[] = [];
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a === b;
  if (same(child.files, creator.files)) out.push('CLONE_FILES');
  if (same(child.fs, creator.fs)) out.push('CLONE_FS');
  if (!thread && same(child.mm, creator.mm)) {
    out.push('CLONE_VM');
    if (same(child.sighand, creator.sighand)) out.push('CLONE_SIGHAND');
  }
  return out;
}

/** flags plus CLONE_FILES when `add` (once) */
function withFiles(flags: CloneFlag[], add: boolean): CloneFlag[] {
  return add && !flags.includes('CLONE_FILES') ? [...flags, 'CLONE_FILES'] : flags;
}

/** flags plus CLONE_VM when `add`: an mm held before an execve (variant execMmRelays, exec-mm-relay.ts) */
function withVm(flags: CloneFlag[], add: boolean): CloneFlag[] {
  return add && !flags.includes('CLONE_VM') ? [...flags, 'CLONE_VM'] : flags;
}

/** flags plus CLONE_FS when `add`: the restorer passing its fs_struct down creator chains (files-relays.ts findFsChainRelays) */
function withRootFs(flags: CloneFlag[], add: boolean): CloneFlag[] {
  return add && !flags.includes('CLONE_FS') ? [...flags, 'CLONE_FS'] : flags;
}

/** `afterSwitch`: children their creator makes after its user-ns switch, born in its final user ns (exec-order.ts) */
/** `insideJoins`: deferred joins a further build moves after the task's own switch although its execve drops capabilities (join-defer.ts) */
/** `notOwning`: pid-ns inits not to be born making their pid ns's owner user ns (owner-inits.ts) */
/** `notCreators`: members a further build does not choose to create a namespace, after they closed a cycle (ns-creator-ban.ts) */
export function buildSchedule(f: Facts, m: CreatorModel, em: Emitter, afterSwitch: ReadonlySet<number> = new Set(), deferred: DeferredJoins = new Map(), insideJoins: DeferredJoins = new Map(), notCreators: NotCreators = new Map(), notOwning: ReadonlySet<number> = new Set(), lateHelpers: ReadonlySet<string> = new Set()): Built {
  const s = new Schedule();
  const failures: Built['failures'] = [];
  const alloc = allocator(f);
  const helperVectors = new Map<string, number[]>();
  const helperByName = new Map(m.helpers.map((h) => [h.name, h]));
  /**
   * A group outlives its leader's leaving while one member is in it (PGID-3): one member joined
   * before the leader leaves is enough, the others join the group that still exists later. So a
   * member that itself leads a group it left (its own leaving waits for its members) need not
   * join first when another member, which leads no group it left, holds the group: else two
   * leaders that swapped groups would each wait for the other (seed 9264). O(group members)
   * per such member, memoised per group.
   */
  const heldMemo = new Map<number, boolean>();
  function heldByAnother(p: Proc): boolean {
    const leftOwn = (x: Proc) => x.pgid !== x.tgid && f.groups.has(x.tgid);
    if (!leftOwn(p)) return false;
    let r = heldMemo.get(p.pgid);
    if (r === undefined) {
      r = (f.groups.get(p.pgid) ?? []).some((x) => {
        const q = f.procs.get(x);
        return !!q && q.tgid !== p.pgid && !leftOwn(q) && !isSessionLeader(f, q) && !q.zombie;
      });
      heldMemo.set(p.pgid, r);
    }
    return r;
  }
  for (const h of m.helpers) {
    if (h.vector) { helperVectors.set(h.name, h.vector); continue; }
    if (h.pidns === f.hostPidNs && !f.rootPidNsExternal) { helperVectors.set(h.name, []); continue; }
    const chain: string[] = [];
    let cur = f.pidns.get(h.pidns);
    while (cur) { chain.unshift(cur.ns.id); cur = cur.parent ? f.pidns.get(cur.parent) : undefined; }
    helperVectors.set(h.name, chain.map((ns) => alloc(ns)));
  }

  const makerVector = (p: Proc): number[] => {
    const chain: string[] = [];
    let cur = f.pidns.get(f.pidns.get(p.pidns)?.parent ?? f.hostPidNs);
    while (cur) { chain.unshift(cur.ns.id); cur = cur.parent ? f.pidns.get(cur.parent) : undefined; }
    return chain.map((ns) => alloc(ns));
  };
  // Step of an actor's creation / setsid: a string id for helpers, an index for image tasks
  // (actor names of tasks are t<tid>, so this is the step "task:<tid>" without building it).
  const taskNode = (by: string): string | number | undefined => {
    if (by === ROOT_NAME) return undefined;
    if (by.startsWith('h')) return `helper:${by}`;
    return s.at('task', Number(by.slice(1)));
  };
  const sessionNode = (by: string): string | number | undefined => {
    // (variant ghostBirths: a ghost's setsid after its birth, sess-ghost-birth.ts)
    // (variant threadHolders: a helper thread is in its process's session, thread-holder.ts)
    if (by.startsWith('h') && helperByName.get(by)?.thread) return s.at('session', Number(helperByName.get(by)!.by.slice(1)));
    if (by.startsWith('h')) return setsidLater(m, by) ? `ghostsid:${by}` : `helper:${by}`;
    if (by === ROOT_NAME) return undefined;
    // (a thread's: its process's setsid, share-carriers.ts)
    const tid = Number(by.slice(1));
    return s.at('session', f.tasks.get(tid)?.tgid ?? tid);
  };
  const groupNode = (g: number): string | number | undefined => {
    if (f.procs.has(g)) return isSessionLeader(f, f.procs.get(g)!) ? s.at('session', g) : s.at('group', g);
    const gg = m.groupGhost.get(g) ?? m.sessionGhost.get(g);
    return gg ? `helper:${gg.name}` : undefined;
  };
  const { eff, helperTask, firstHolderFs } = makeStandIns(f, m);
  // (the emitter's SETNS-3 check sees a dead leader's own fs_struct, dead-leader-first-holder.ts)
  for (const [tid, fs] of firstHolderFs) em.deadOwnFs.set(tid, fs);
  // Namespace creators (task-first): the shallowest member whose credentials can own it.
  const nsCreator = new Map<string, Task>();
  /** pending time_for_children unshared inside a user ns between the creator's born and final ones (time-on-the-way.ts) */
  const timeOnTheWay = new Map<string, { tid: number; owner: string }>();
  const bornInUser = new Map<number, string>();
  /**
   * pid-ns inits made through a maker helper: the creator forks the helper, the helper (still
   * privileged) joins the init's namespaces, then its owner user ns, and creates the init with
   * CLONE_PARENT|CLONE_NEWPID; outer pid levels come from ns_last_pid (FORK-9, OWN-1, OWN-6).
   */
  const makers = new Map<number, { name: string; owner: string; newUser: boolean }>();
  /**
   * Namespace holders: a namespace owned by a user ns none of its members ends in is made by a
   * helper forked by the restorer that enters the owner and unshares it (OWN-1, UNSH-4); members
   * join it from the holder while still privileged, then the holder exits (EXIT-6).
   */
  const holders = new Map<string, { name: string; owner: string; nss: string[]; createsUser: boolean; envOwner: boolean }>();
  /** the holder of each namespace a holder makes */
  const holderOfNs = new Map<string, { name: string; owner: string; nss: string[]; createsUser: boolean; envOwner: boolean }>();
  const usedBorn = new Set<string>();
  /** inits created by a creator that already switched to the pid ns's owner: init -> creator */
  const switchFirst = new Map<number, number>();
  /** (variant settledRelays) sharers born in a user ns on their relay's way to its own: sharer -> that user ns */
  const wayFirst = new Map<number, string>();
  /** tasks per fs_struct (filled below, once the stand-ins exist) */
  const fsUsers = new Map<string, number>();
  const nsMembers = new Map<string, Task[]>();
  const depthOf = (t: Task) => f.procs.get(t.tgid)?.depth ?? 0;
  /** (re-plan variant `shares`) leaders whose thread keeps the fs_struct their creator passed on: leader -> it (fs-relays.ts, fs-unshare-relay.ts threadRelay) */
  const threadRelays = new Map<number, string>();
  /** the creator of thread th as th sees it: a relay leader before its unshare(CLONE_FS) */
  // (a dead leader was alive then: its view is not re-derived from its threads by eff)
  const threadCreatorView0 = (p: Proc, th: Task, creator: Task): Task => (creator.pid[0] === p.tgid && th.fs !== null && threadRelays.get(p.tgid) === th.fs ? { ...eff(creator), fs: th.fs, state: creator.state === 'dead' ? 'running' : creator.state } : creator);
  /** (variant leaderFirstTables) leaders first holders of their thread's fd table: leader -> it (leader-first-table.ts) */
  const firstTables = leaderFirstTables(f, m);
  // (such a leader holds that table when it creates the thread, before its unshare(CLONE_FILES))
  const threadCreatorView = (p: Proc, th: Task, creator: Task): Task => {
    const v = threadCreatorView0(p, th, creator);
    return creator.pid[0] === p.tgid && th.files !== null && firstTables.get(p.tgid) === th.files ? { ...v, files: th.files } : v;
  };
  /** tasks whose early join step (nsmnt) joins their mount ns (not only their time ns; ns-nodes.ts) */
  const earlyMntJoins = new Set<number>();
  /** mount and user namespaces made by share-source helpers during emission (source-mnt.ts) */
  const sourceMade = new Set<string>();
  /** per share-source helper, the mount ns it makes (source-mnt.ts; filled once the steps exist) */
  const sourceMnt = new Map<string, string>();
  /** what the modules holding groups of this function's helpers share with it (build-context.ts) */
  const ctx: BuildContext = {
    f, m, em, s, eff, helperTask, nsCreator, timeOnTheWay, helperVectors, helperByName, bornInUser, makers, holders, holderOfNs, switchFirst, wayFirst, afterSwitch, lateHelpers, insideJoins, notCreators, fsUsers,
    nsMembers, depthOf, alloc, failures, threadRelays, threadCreatorView, earlyMntJoins, sourceMade, sourceMnt, firstTables,
    // (made further down: looked up when called)
    creatorThread: (by, child) => creatorThread(by, child), pickThreadCreator: (p, th) => pickThreadCreator(p, th),
    bornUser: (a) => bornUser(a), bornUserOf: (tid) => bornUserOf(tid), nsSource: (t) => nsSource(t), ownedWithin: (id, u) => ownedWithin(id, u), nsOwner: (id) => nsOwner(id), rootMapsToRoot: (u) => rootMapsToRoot(u),
    lateJoins: (t) => lateJoins(t), threadMadeJoins: (t) => threadMadeJoins(t), makerSlots: (tid) => makerSlots(tid), childrenOf: (a) => childrenOf(a),
    hasUserStep: (t) => hasUserStep(t), threadCanJoin: (th) => threadCanJoin(th), taskOf: (by) => taskOf(by), ownedHeldBeforeSwitch: (t, u) => ownedHeldBeforeSwitch(t, u), heldBeforeSwitch: (t, id) => heldBeforeSwitch(t, id),
    userSwitch: (t) => userSwitch(t), postSwitch: (id) => postSwitch(id), slotFromBirth: (t, sl) => slotFromBirth(t, sl),
  };
  const { creatorThread, pickThreadCreator, timeForChildrenCreator } = makeThreadCreators(ctx);
  /** a creator task as its children see it: an fs relay still holds its birth fs_struct (birthFs, below) */
  // (a child sharing the relay's final fs_struct is created after the relay's copy: it sees that one)
  // (and an fd-table relay its birth table, files-relays.ts, unless the child shares its final one)
  const relayView = (t0: Task | undefined, child?: Task): Task | undefined => {
    // (variant deadUserRelays: a dead leader relay as it lived, dead-leader-user-relay.ts)
    const t = t0 && relays.has(t0.pid[0]) && !(child && child.fs !== null && child.fs === t0.fs) ? { ...(deadUserRelay(f, t0) ? { ...eff(t0), state: 'running' as const } : t0), fs: relays.get(t0.pid[0])! } : t0;
    return t && filesBirth.has(t.pid[0]) && !(child && child.files !== null && child.files === t.files) ? { ...t, files: filesBirth.get(t.pid[0])! } : t;
  };
  const relays = new Map<number, string>();
  /** (re-plan variant `shares`) fd-table relays: relay -> the table it passes on (files-relays.ts) */
  const filesBirth = new Map<number, string>();
  const taskOf = (by: string): Task | undefined => (by.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : helperTask.get(by));
  const { execBorn, execBornFresh, execBornShare } = makeExecBorn(ctx);
  // (variant execMmRelays: an execve'd process's mm before its execve, its creator's, exec-mm-relay.ts)
  const vmBorn = execMmRelays(f, m, eff);

  // by depth, then tid: each depth looked up once, not at every comparison (O(n log n) map reads)
  const liveAll = f.image.tasks.filter((t) => t.nsproxy !== null && t.state !== 'zombie');
  const liveDepth = liveAll.map(depthOf);
  const live = liveAll.map((_, i) => i).sort((i, j) => liveDepth[i] - liveDepth[j] || liveAll[i].pid[0] - liveAll[j].pid[0]).map((i) => liveAll[i]);
  for (const t of f.image.tasks) {
    const u = t.userns;
    if (!nsMembers.has(u)) nsMembers.set(u, []);
    nsMembers.get(u)!.push(t);
  }
  for (const t of live) {
    const np = f.nsproxy.get(t.nsproxy!);
    if (!np) continue;
    for (const sl of SLOTS) {
      const id = np[sl];
      const def = f.nsById.get(id);
      if (!def || def.external) continue;
      if (!nsMembers.has(id)) nsMembers.set(id, []);
      nsMembers.get(id)!.push(t);
    }
  }
  const { bornUser, bornUserOf, allInRootUser, bornUserMemo, bornUserTidMemo, nsSource, creatorSlots, differsFrom, ownedWithin, nsOwner, threadCanJoin, rootMapsToRoot } = makeNsRights(ctx);
  /** inits born into the pid ns their creator unshared (unshare-init.ts): init -> creator; and those creators */
  const unshareInit = new Map<number, number>();
  const unshareBy = new Set<number>();
  /** owners that a maker enters (not creates) to make its init -> those inits' pid ns: they exist before those inits */
  const makerEntered = new Map<string, string[]>();
  const { shallowerMaker, chooseNsCreators } = makeNsCreatorChoice(ctx);
  // A pid ns owned by a non-environment user ns U whose init lives in U: the init is created with
  // CLONE_NEWUSER|CLONE_NEWPID by a privileged creator, so set_tid still works (FORK-9: the
  // caller's capabilities count) and the pid ns gets owner U (FORK-7, OWN-1). Otherwise its
  // creator switches into U first, or a maker helper stands between them.
  for (const p of f.order) {
    if (!p.isInit) continue;
    const owner = f.pidns.get(p.pidns)?.ns.owner;
    if (!owner || owner === f.rootUserNs || f.nsById.get(owner)?.external) continue;
    const cby = m.creation.get(p.tgid)?.by ?? ROOT_NAME;
    if (bornUser(cby) === owner) continue; // its creator is inside already: plain CLONE_NEWPID
    const ctask = cby.startsWith('t') ? f.tasks.get(Number(cby.slice(1))) : undefined;
    // (also when p shares its creator's fs_struct: CLONE_NEWUSER|CLONE_FS is EINVAL, FORK-0 step 3)
    // (variant settledRelays: or a relay's birth one, settled-relay.ts)
    // (variant initThreadRelays: or when a thread of p keeps it, init-thread-relay.ts)
    const fsShared = ctask !== undefined && ((eff(ctask).fs !== null && eff(ctask).fs === eff(p.leader).fs) || initSharesRelayFs(f, m, p, cby) || initThreadKeepsCreatorFs(m, p, ctask, eff));
    // (and when a further build found that p making U closes a cycle through its creator's own
    // switch into U: the creator, or a task above it, makes U, owner-inits.ts; or, in the
    // time-makers plan, a shallower member made a namespace inside U)
    const notOwner = notOwning.has(p.tgid);
    // (variant holderOwners: U made by its holder, an init sharing its creator's fs_struct is
    // forked from inside U, no maker between them, holder-owner.ts)
    if (f.heldOwners?.has(owner) && ctask && ctask.userns === owner && em.userDescends(p.leader.userns, owner)) {
      const th = creatorThread(cby, p.leader) ?? ctask;
      if (eff(th).fs !== null && eff(th).fs === eff(p.leader).fs) { switchFirst.set(p.tgid, ctask.pid[0]); continue; }
    }
    if (ctask && ctask.userns === owner && (usedBorn.has(owner) || p.leader.userns !== owner || fsShared || notOwner || shallowerMaker(owner, p.depth)) && (notOwner || (f.procs.get(ctask.tgid)?.threads.length ?? 0) === 0)) {
      // the creator moves to its final user ns (the owner) before creating this init; outer
      // pid levels then go through ns_last_pid (FORK-9, OWN-6)
      // a maker leaves the creator's own order free; else the creator switches first (single-threaded, SETNS-4)
      // (variant insideOwnerInits: an init not born making U forked from inside U, no maker, inside-owner-init.ts)
      if (f.insideOwnerInits && notOwner) { switchFirst.set(p.tgid, ctask.pid[0]); continue; }
      if (useMaker(p, cby, owner)) continue;
      if ((f.procs.get(ctask.tgid)?.threads.length ?? 0) === 0) { switchFirst.set(p.tgid, ctask.pid[0]); continue; }
    }
    // An init that ends below U while every member of U is deeper in the tree (or lives in the
    // init's pid ns, so comes after it: FORK-9, seed 3982) is born creating U (CLONE_NEWUSER|CLONE_NEWPID), creates its children there, and moves down later: a
    // maker could not enter U, which would not exist yet (SETNS-4, OWN-1).
    // (not when its creation of U closed a cycle in an earlier build: a maker enters U, ns-creator-ban.ts)
    // (variant holderOwners: U is made by its holder, holder-owner.ts)
    const banned = isNotCreator(notCreators, owner, p.tgid) || f.heldOwners?.has(owner) === true;
    const createsOwner = p.leader.userns !== owner && !usedBorn.has(owner) && !nsCreator.has(owner) && !banned && em.userDescends(p.leader.userns, owner)
      && (nsMembers.get(owner) ?? []).every((t) => depthOf(t) > p.depth || pidNsWithin(f, t.pidns, p.pidns));
    // (nor when a maker of an earlier init enters U and p lives in that init's pid ns: U exists
    // before that init, so before p; seed 2163: a member outside makes U, and p gets a maker too)
    const enteredEarlier = (makerEntered.get(owner) ?? []).some((ns) => ns !== p.pidns && pidNsWithin(f, p.pidns, ns));
    // (nor when a further build found that p making U, which it ends in, closes a cycle through
    // another member's switch into U: a maker enters U once that member made it, owner-inits.ts)
    if (!createsOwner && (p.leader.userns !== owner || (nsCreator.has(owner) && usedBorn.has(owner)) || enteredEarlier || banned || notOwner)) {
      // the init is not U's creator (it lives below U, or U is already made): a maker helper
      if (useMaker(p, cby, owner)) continue;
      // (no maker can stand between them: a creator that ends in U itself, threads or not,
      // switches first and creates p from inside U, its threads coming after its switch anyway,
      // SETNS-4; seed 4360: 58 shares 13's fs_struct, and 13 has a thread)
      if (ctask && ctask.userns === owner && em.userDescends(p.leader.userns, owner)) { switchFirst.set(p.tgid, ctask.pid[0]); continue; }
      // (variant initsOnTheWay: a creator ending below U enters U on its way and forks p there, init-on-the-way.ts)
      if (ctask && initOnTheWay(f, p.tgid, ctask.pid[0], owner, p.leader.userns, bornUser(cby), ctask.userns, (a, b) => em.userDescends(a, b))) continue;
      failures.push({ rule: 'OWN-1', culprits: [p.tgid], reason: `pid ns ${p.pidns} is owned by user ns ${owner}, but its init ${p.tgid} ${p.leader.userns !== owner ? `lives in user ns ${p.leader.userns}` : `is not ${owner}'s creator`} and shares its creator's fd table, fs or mm, so no helper can stand between them` });
      continue;
    }
    // (nor when a shallower member made a time ns inside U: a maker enters U once that member made it)
    if (p.leader.userns === owner && !nsCreator.has(owner) && shallowerMaker(owner, p.depth) && useMaker(p, cby, owner)) continue;
    usedBorn.add(owner);
    bornInUser.set(p.tgid, owner);
    nsCreator.set(owner, p.leader);
    // Born in a new user ns, p can only inherit namespaces owned outside it: when they differ
    // from its creator's, a privileged maker joins them first and clones p with CLONE_NEWUSER.
    const ct = taskOf(cby);
    const uparent = f.nsById.get(owner)?.parent ?? f.rootUserNs;
    if (differsFrom(nsSource(p.leader), creatorSlots(cby), owner) || ((ct !== undefined || cby === ROOT_NAME) && bornUser(cby) !== uparent)) useMaker(p, cby, owner, true);
  }
  // An init whose creator lives in another pid ns than its pid ns's parent cannot be cloned with
  // CLONE_NEWPID by that creator (the new ns's parent is the caller's pid ns, FORK-7): a maker
  // forked into that parent (through pid_for_children) clones it with CLONE_PARENT|CLONE_NEWPID,
  // so the creator is still its parent (FORK-3; seeds 6474, 9668, 11205).
  for (const p of f.order) {
    if (!p.isInit || makers.has(p.tgid) || p.pidns === f.hostPidNs) continue;
    const c = m.creation.get(p.tgid);
    if (!c || c.via || c.cloneParent || !c.by.startsWith('t')) continue;
    const cr = f.procs.get(Number(c.by.slice(1)));
    const parentNs = f.pidns.get(p.pidns)?.parent ?? f.hostPidNs;
    if (!cr || cr.pidns === parentNs || !pidNsWithin(f, parentNs, cr.pidns)) continue;
    const own = f.pidns.get(p.pidns)?.ns.owner;
    const owner = !own || f.nsById.get(own)?.external ? f.rootUserNs : own;
    useMaker(p, c.by, owner, bornInUser.get(p.tgid) === owner);
  }
  const { threadSettlesAfterLeader, hasUserStep, lateJoins, otherOwners, threadBeforeLateJoins, ownedHeldBeforeSwitch, heldBeforeSwitch, threadMadeJoins, joinsWhereDiffers } = makeLateJoins(ctx);
  /**
   * Does thread th copy its namespaces from creator thread c, not from the leader (FORK-7: a
   * clone copies the caller's nsproxy, and each thread has its own)? When c shares its fs_struct
   * with th, c settles its mount ns first (threadByThreadEdges), and when c ends in th's very
   * namespaces th has them from birth: the leader's joins neither give th its namespaces nor
   * take its old ones from it, so th need not come before them (seeds 3110, 7059). O(1).
   */
  /**
   * For each thread of p that creates threads: the time namespaces (not their time ns) those
   * threads hold as pending time_for_children, which they can only have copied from it at clone
   * (FORK-8; setns(time) needs a single thread, SETNS-6). O(threads).
   */
  function tfcCarriedByThreadCreators(p: Proc): Map<number, Set<string>> {
    const out = new Map<number, Set<string>>();
    for (const x of p.threads) {
      const np = x.nsproxy ? f.nsproxy.get(x.nsproxy) : undefined;
      if (!np || np.time === np.timeForChildren) continue;
      const c = pickThreadCreator(p, x);
      if (c === p.leader || c === x) continue;
      let set = out.get(c.pid[0]);
      if (!set) out.set(c.pid[0], (set = new Set()));
      set.add(np.timeForChildren);
    }
    return out;
  }
  function copiesCreatorThread(p: Proc, th: Task, c: Task): boolean {
    return c !== p.leader && c.tgid === p.tgid && th.fs !== null && th.fs === c.fs && th.nsproxy !== null && th.nsproxy === c.nsproxy;
  }
  /**
   * Thread th is created by another thread c (to share c's fd table or fs, FORK-4): it copies
   * c's namespaces at that moment (FORK-7). A shared fs_struct needs c's mount ns settled first
   * (SETNS-3) and a new mount ns of c's made first (its unshare would copy the shared one,
   * UNSH-1); a time ns c makes is th's time_for_children only if made first, and th could not
   * reset it later (SETNS-6); another namespace c makes comes first when th ends in it, else
   * after th when th cannot join its own. Edges only: O(namespaces c creates).
   */
  function threadByThreadEdges(th: Task, c: Task, tt: number): void {
    const sharesFs = th.fs !== null && th.fs === c.fs;
    if (sharesFs) s.edge(s.at('nsmnt', c.pid[0]) >= 0 ? `nsmnt:${c.pid[0]}` : `nsfix:${c.pid[0]}`, tt, `${c.pid[0]} settles its mount ns before sharing its fs_struct with thread ${th.pid[0]}`, 'SETNS-3');
    const npT = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    for (const id of nsOfCreator.get(c.pid[0]) ?? []) {
      const ty = f.nsById.get(id)?.type;
      if (!ty || ty === 'user') continue;
      const inIt = !npT || SLOTS.some((sl) => SLOT_TYPE[sl] === ty && npT[sl] === id);
      const first = ty === 'time' ? !inIt : ty === 'mnt' ? !sharesFs && !inIt && !threadCanJoin(th) : !inIt && !threadCanJoin(th);
      if (first) s.edge(tt, `ns:${id}`, `thread ${th.pid[0]} keeps ${c.pid[0]}'s ${ty} ns from before ${id}`, ty === 'time' ? 'SETNS-6' : 'UNSH-2');
      else s.edge(`ns:${id}`, tt, `thread ${th.pid[0]} is created by ${c.pid[0]} once it made ${id}`, 'UNSH-2');
    }
  }
  /** The step in which member t joins namespace id: after its user-ns switch, after its threads made it, or its main join step. */
  function joinStep(t: Task, id: string): string {
    const early = earlySlots.get(t.pid[0]);
    const npE = early && t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (early && npE && ((early.mnt && npE.mnt === id) || (early.time && npE.time === id))) return `nsmnt:${t.pid[0]}`;
    if (deferredOf.get(t.pid[0])?.has(id)) return deferredStep(t.pid[0], id);
    return lateJoins(t).has(id) ? `nsfix2:${t.pid[0]}` : threadMadeJoins(t).has(id) ? `nsfix3:${t.pid[0]}` : `nsfix:${t.pid[0]}`;
  }
  /** processes per mm (a process sharing its mm with another cannot setns(time), SETNS-6) */
  const mmProcs = new Map<string, Set<number>>();
  for (const t of f.image.tasks) { const mm = eff(t).mm; if (mm !== null) { if (!mmProcs.has(mm)) mmProcs.set(mm, new Set()); mmProcs.get(mm)!.add(t.tgid); } }
  const mmSharedWithProcess = (t: Task): boolean => { const mm = eff(t).mm; return mm !== null && (mmProcs.get(mm)?.size ?? 0) > 1; };
  for (const t of f.image.tasks) { const fs = eff(t).fs; if (fs !== null) fsUsers.set(fs, (fsUsers.get(fs) ?? 0) + 1); }
  /**
   * Does p's execve keep every capability wherever it runs (before or after the user-ns switch)?
   * Then the setns steps need not precede it. Capabilities survive execve when the euid is the
   * user ns's root (cap_bprm_creds_from_file): the restorer's uid 0 maps to root in both the born
   * and the final user ns, and no credential switch (otherOwners) changed it. Not when execve
   * would move the time ns (time != time_for_children at some point: its own unshare(CLONE_NEWTIME)
   * or a pending one), where the order against setns(time) matters (FORK-8, SETNS-6).
   */
  function execKeepsCaps(p: Proc): boolean {
    return execKeepsCapsOnly(p) && execMovesNoTime(p);
  }
  /** The time part of execKeepsCaps: execve moves no time ns. */
  function execMovesNoTime(p: Proc): boolean {
    const np = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined;
    if (!np || np.time !== np.timeForChildren) return false;
    return !(nsOfCreatorEarly.get(p.leader.pid[0]) ?? []).some((id) => f.nsById.get(id)?.type === 'time');
  }
  /** The capability part of execKeepsCaps (whatever execve does to the time ns). */
  function execKeepsCapsOnly(p: Proc): boolean {
    const t = p.leader;
    // (variant rootEuidExec: not otherOwners when no switch reaches it, root-euid-exec.ts;
    // variant execRoot: with credential switches too, the task taking uid 0 first, exec-root.ts)
    if (t.execed !== true || (otherOwners && !f.execRoot && !euidStaysRoot(f, bornUser(actorOf(t.pid[0])), t.userns)) || em.get(ROOT_NAME).euid !== 0) return false;
    return rootMapsToRoot(t.userns) && rootMapsToRoot(bornUser(actorOf(t.pid[0])));
  }
  const { makerNeedsOuter, makerSlots, bornNeeds, childrenOf, makerKidsNeed } = makeMakerNeeds(ctx);
  /** Register a maker for init p when its creation allows one (no clone-time sharing with the creator). */
  function useMaker(p: Proc, cby: string, owner: string, newUser = false): boolean {
    const c = m.creation.get(p.tgid);
    if (!c || (c.via && c.via !== c.by)) return false;
    const shared = shareFlags(p.leader, taskOf(cby), false, eff);
    // (variant filesMakers: a maker carrying the creator's fd table to an init sharing only that, files-maker.ts)
    const execShare = execBornShare(p.leader, taskOf(cby));
    if ((shared.length > 0 || execShare) && !makerCarriesFiles(f, p.tgid, shared, execShare)) return false;
    // (variant settledRelays: nor for a sharer of its creator's birth fs_struct, settled-relay.ts)
    if (initSharesRelayFs(f, m, p, cby)) return false;
    // (variant execMmRelays: nor for one born with its creator's mm, exec-mm-relay.ts)
    if (vmBorn.has(p.tgid)) return false;
    // (variant initThreadRelays: nor for an init whose thread keeps the creator's fs_struct, init-thread-relay.ts)
    if (initThreadKeepsCreatorFs(m, p, taskOf(cby), eff)) return false;
    // (variant shares: nor when a thread of the creator shares with it, thread-creators.ts; seed 43681)
    if (m.shares && cby.startsWith('t')) { const th = creatorThread(cby, p.leader); if (th && shareFlags(p.leader, th, false, eff).length > 0) return false; }
    const name = newHelperName();
    makers.set(p.tgid, { name, owner, newUser });
    if (!newUser) {
      const l = makerEntered.get(owner);
      if (l) l.push(p.pidns);
      else makerEntered.set(owner, [p.pidns]);
    }
    helperVectors.set(name, makerVector(p));
    return true;
  }
  // (variant shares: a thread relay forked after its creator's switch, relay-switch-first.ts)
  relaysSwitchFirst(ctx, bornUserOf);
  // (variant settledRelays: an fs relay's sharers forked once it settled its namespaces, settled-relay.ts)
  const settledRelays = settleRelays(ctx, bornUserOf);
  bornUserMemo.clear();
  bornUserTidMemo.clear();
  chooseNsCreators();
  // (variant holderOwners: a held owner user ns gets its holder, holder-owner.ts)
  if (f.heldOwners) ensureOwnerHolders(ctx);
  // Second look, once every namespace has its creator: an init born in a new user ns without a
  // maker still gets one when a child it creates before settling its own namespaces needs one
  // (owned outside that child's user ns) that the init's creator does not have: the child can
  // only inherit it (SETNS-7).
  for (const [tid, owner] of bornInUser) {
    const p = f.procs.get(tid);
    if (!p || makers.has(tid)) continue;
    const cby = m.creation.get(tid)?.by ?? ROOT_NAME;
    const from = creatorSlots(cby);
    if (!from) continue;
    for (const [sl, v] of bornNeeds(tid, owner)) {
      if (from[sl === 'time' ? 'timeForChildren' : sl] === v) continue;
      useMaker(p, cby, owner, true);
      break;
    }
  }
  /** The parent an actor is forked under: its creator, or the creator's own parent with CLONE_PARENT. O(depth), only for early makers. */
  const parentAtFork = (by: string): string => {
    for (let guard = 0; guard < 64 && by !== ROOT_NAME; guard++) {
      const h = by.startsWith('h') ? helperByName.get(by) : undefined;
      const c = h ? undefined : m.creation.get(f.tasks.get(Number(by.slice(1)))?.tgid ?? -1);
      const cp = h ? h.cloneParent === true : c?.cloneParent === true;
      const next = h ? h.by : c?.by;
      if (next === undefined) return ROOT_NAME;
      if (!cp) return next;
      by = next;
    }
    return ROOT_NAME;
  };
  // makers forked before their creator's switch, the rest of their work after it (maker-fork.ts)
  const splitMakers = earlyMakers(makers, afterSwitch);
  const forkNodeOf = (tid: number): string => (splitMakers.has(tid) ? `${MAKER_FORK}:${tid}` : `task:${tid}`);
  const postSwitch = (id: string): boolean => {
    if (timeOnTheWay.has(id)) return false; // made before the final switch, inside the owner on the way
    const owner = f.nsById.get(id)?.owner;
    if (!owner || owner === f.rootUserNs || f.nsById.get(owner)?.external) return false;
    const cr = nsCreator.get(id);
    return !cr || bornUserOf(cr.pid[0]) !== owner;
  };

  /** interim joins of a leader's join step (birth-needs.ts interimJoins), filled once every step exists */
  const interimOf = new Map<number, Map<NeedSlot, string>>();
  /** dead leaders' joins for their threads (addDeadLeaderJoins): tid -> slot -> namespace */
  const deadLeaderJoins = new Map<number, Map<Slot, string>>();
  const procOrder = f.order;
  /** slotFromBirth's memo (declared before the thread edges, which ask it through joinsWhereDiffers) */
  const fromBirthMemo = new Map<string, boolean>();
  const nsOfCreatorEarly = new Map<number, string[]>();
  for (const [id, t] of nsCreator) {
    if (!nsOfCreatorEarly.has(t.pid[0])) nsOfCreatorEarly.set(t.pid[0], []);
    nsOfCreatorEarly.get(t.pid[0])!.push(id);
  }
  const userSwitch = (t: Task): boolean => t.userns !== f.rootUserNs && !f.nsById.get(t.userns)?.external && bornUserOf(t.pid[0]) !== t.userns;

  /** which of a task's joins its early step (nsmnt) makes, when it has one */
  const earlySlots = new Map<number, { mnt: boolean; time: boolean }>();
  /** tasks whose early join step (nsmnt) is not ordered before their main one (join-defer.ts) */
  const looseEarly = new Set<number>();
  /** joins taken out of a task's main join step into its deferred one (join-defer.ts): tid -> namespaces */
  const deferredOf = new Map<number, Set<string>>();
  const { userRelays, fsUnshareRelays, atBirth: atBirthFs, fsSharingCreators, fsThreadKeepers, rootFs } = findFsRelays(ctx, relays);
  const filesAfterExec = new Map<number, string>();
  findFilesRelays(ctx, execBorn, filesBirth, filesAfterExec);
  // (variant leaderFirstTables: such a leader relays its thread's table from its birth, leader-first-table.ts)
  for (const [l, o] of firstTables) if (!filesBirth.has(l)) filesBirth.set(l, o);
  /** a task as it was at birth: fs relays with their birth fs_struct, fd-table relays with their birth table */
  const atBirth = (t: Task): Task => (filesBirth.has(t.pid[0]) ? { ...atBirthFs(t), files: filesBirth.get(t.pid[0])! } : atBirthFs(t));
  /** what the step-adding code below shares with the modules holding its helpers (build-context.ts) */
  const sctx: StepContext = { ...ctx, splitMakers, nsOfCreatorEarly, interimOf, earlySlots, looseEarly, deferred, deferredOf, deadLeaderJoins, fsSharingCreators, fsThreadKeepers, live, joinStep, relayView, execBorn, execBornFresh, vmBorn };
  const { forkMaker, makeInit } = makeMakerSteps(sctx);
  const { addNsNodes, addDeadLeaderJoins } = makeNsNodes(sctx);
  // ---- steps, in the natural order (the tie-break of the topological sort) ----
  const { addHelper, helperCreatesByCreator } = makeAddHelper(sctx);
  // (variant transitGroups: processes moved by their parent into a second group for a while, transit-group.ts)
  const transits = f.transitGroups ? transitGroupsOf(f, m, groupVisible) : undefined;
  for (const p of procOrder) {
    const tid = p.tgid;
    const c = m.creation.get(tid);
    if (!c) { failures.push({ rule: 'PLANNER', culprits: [tid], reason: `no creator decided for task ${tid}` }); continue; }
    const helperBefore = c.by.startsWith('h') ? helperByName.get(c.by) : undefined;
    if (helperBefore) addHelper(helperBefore);
    const a = actorOf(tid);
    const byThread = creatorThread(c.by, p.leader);
    const mk = makers.get(tid);
    // (a maker forked early, before its creator's user-ns switch: maker-fork.ts)
    // (variant chainRelays: a maker passing an fd table down a relay chain, chain-relays.ts)
    const mkFiles = (!!mk && filesMakerOf(f, tid)) || !!mk && !byThread && makerPassesFiles(m.chainRelays, p.leader, atBirth(p.leader).files, c.by === ROOT_NAME ? ROOT : c.by.startsWith('t') ? Number(c.by.slice(1)) : undefined, c.by === ROOT_NAME ? filesBirth.get(ROOT) : relayView(taskOf(c.by), p.leader)?.files, filesBirth);
    if (mk && splitMakers.has(tid)) s.addAt(MAKER_FORK, tid, 'helper', `${c.by} forks maker ${mk.name} for ${tid}`, [tid], () => forkMaker(p, mk, byThread ? actorOf(byThread.pid[0]) : c.by, c.cloneParent, mkFiles));
    const moveChild = () => {
      // the creator, its parent, moves it into its group at once (parent-moves.ts)
      if (c.moveTo !== undefined) em.moveChild(byThread ? actorOf(byThread.pid[0]) : c.by, a, c.moveTo, groupVector(f, m, c.moveTo) ?? [], `${c.by} moves its new child ${tid} into group ${c.moveTo}, which ${tid} ${groupVisible(p) ? 'must be in when it forks' : 'cannot join from its own pid ns'} (PGID-2, PID-4)`);
    };
    s.addAt('task', tid, 'task', `create ${tid}`, [tid], mk ? () => { makeInit(p, mk, byThread ? actorOf(byThread.pid[0]) : c.by, c.cloneParent, c.why, mkFiles); moveChild(); } : () => {
      em.clone({
        actor: byThread ? actorOf(byThread.pid[0]) : c.by, child: a, tid, pidns: p.pidns, vector: p.leader.pid, thread: false, cloneParent: c.cloneParent,
        share: withVm(withRootFs(withFiles(shareFlags(atBirth(p.leader), byThread ?? relayView(taskOf(c.by), p.leader), false, eff), ((!byThread || m.threadExecRelays === true) && execBornShare(p.leader, byThread ?? taskOf(c.by))) || (!byThread && deadRelayPasses(taskOf(c.by), c.by === ROOT_NAME, p.leader, atBirth(p.leader), filesBirth, eff)) || (c.by === ROOT_NAME && filesBirth.has(ROOT) && atBirth(p.leader).files === filesBirth.get(ROOT))), c.by === ROOT_NAME && rootFs !== undefined && atBirth(p.leader).fs === rootFs), vmBorn.has(tid) || (!byThread && c.by.startsWith('t') && vmBorn.get(Number(c.by.slice(1))) === eff(p.leader).mm)), newPidns: p.isInit && p.pidns !== f.hostPidNs && !unshareInit.has(p.tgid), why: c.why,
        ...(bornInUser.has(tid) && !sourceMade.has(bornInUser.get(tid)!) ? { newUser: bornInUser.get(tid) } : {}),
      });
      moveChild();
    });
    const tr = transits?.get(tid);
    if (tr) s.addAt('transit', tid, 'group', `${tr.mover} moves ${tid} into group ${tr.group} for a while`, [tid], () => tr.mover === tid ? em.setpgid(a, tr.group, groupVector(f, m, tr.group) ?? [], false, `${tid} joins group ${tr.group} of its session for a while, to fork there what can only inherit it (PGID-2, FORK-6)`) : em.moveChild(actorOf(tr.mover), a, tr.group, groupVector(f, m, tr.group) ?? [], `${tr.mover} moves its child ${tid} into group ${tr.group} of its session for a while, to fork there what can only inherit it and ${tid} cannot join from its pid ns (PGID-2, PID-4, FORK-6)`));
    addNsNodes(p.leader);
    addDeadLeaderJoins(p);
    if (p.leader.subreaper === true) s.addAt('subreaper', tid, 'other', `${tid} becomes a subreaper`, [tid], () => em.emit({ op: 'subreaper', actor: a, value: true, why: subreaperWhy(m, tid) }));
    if (isSessionLeader(f, p)) s.addAt('session', tid, 'session', `${tid} creates session ${tid}`, [tid], () => em.setsid(a, tid, `${tid} leads session ${tid} (SID-2)`));
    else {
      const ledGroup = (f.groups.get(tid)?.length ?? 0) > 0 && !isRootOwned(f, tid);
      if (ledGroup) s.addAt('group', tid, 'group', `${tid} creates group ${tid}`, [tid], () => em.setpgid(a, tid, p.leader.pgid, true, `${tid} creates process group ${tid} (PGID-3)`));
      // (variant visitingLeaders: it visits another group of its session to fork there, visiting-leader.ts)
      const visit = ledGroup && p.pgid === tid ? f.visitingLeaders?.get(tid) : undefined;
      if (visit !== undefined) addVisitSteps(s, em, p, a, visit, groupVector(f, m, visit) ?? []);
      if (p.pgid !== tid) s.addAt('join', tid, 'group', `${tid} joins group ${p.pgid}`, [tid], () => {
        if (isRootOwned(f, p.pgid)) {
          if (em.curGroup(a) !== 0) throw new EmitError(`${tid}'s group is the restorer's, which it can only inherit (PGID-2)`, [tid], 'PGID-2');
          return;
        }
        if (em.curGroup(a) === p.pgid) return;
        // moved by its parent: a re-plan variant (parent-group.ts), or after leaving its birth group (parent-moves.ts)
        if (!groupVisible(p) && p.groupByParent) return em.setpgidOfChild(actorOf(p.parent), a, p.pgid, p.leader.pgid, `${p.parent} moves its child ${tid} into process group ${p.pgid}, which ${tid}'s pid namespace cannot see (PGID-1, PGID-2, PID-4)`);
        // born in another group, moved into this one by its parent (parent-moves.ts)
        const lm = laterMove(f, m, p, groupVisible(p));
        if (lm !== null) {
          em.moveChild(lm.mover, a, p.pgid, p.leader.pgid, `${lm.mover} moves its child ${tid} into group ${p.pgid}, which ${tid} cannot join from its own pid ns, once ${tid} left its birth group (PGID-2, PID-4)`);
          return;
        }
        if (!groupVisible(p)) throw new EmitError(`group ${p.pgid} has no number in ${tid}'s pid namespace and ${tid} was not born in it, so it cannot join it (PGID-2, PID-4)`, [tid], 'PGID-2');
        em.setpgid(a, p.pgid, p.leader.pgid, false, `${tid} joins process group ${p.pgid} itself, in its session (PGID-2)`);
      });
      // (a further build: it makes its group again after forking a child that inherits its final one, regroup-leader.ts)
      if (ledGroup && p.pgid !== tid && f.regroupLeaders?.has(tid) && groupVisible(p) && !isRootOwned(f, p.pgid) && laterMove(f, m, p, true) === null) addRegroupSteps(s, em, p, a);
    }
    for (const h of helperCreatesByCreator.get(a) ?? []) addHelper(h);
    for (const th of p.threads) {
      const creator = pickThreadCreator(p, th);
      s.addAt('task', th.pid[0], 'thread', `create thread ${th.pid[0]} of ${tid}`, [th.pid[0]], () => {
        em.clone({ actor: actorOf(creator.pid[0]), child: actorOf(th.pid[0]), tid: th.pid[0], pidns: p.pidns, vector: th.pid, thread: true, cloneParent: false, share: shareFlags(th, threadCreatorView(p, th, creator), true, eff), newPidns: false, why: `thread of ${tid}, created by a live thread of its group with CLONE_THREAD (FORK-2)${creator.pid[0] === tid ? '' : timeForChildrenCreator(p, th) === creator ? `; by ${creator.pid[0]} after its unshare(CLONE_NEWTIME), to copy its time ns and pending time_for_children (FORK-8, SETNS-6)` : `; by ${creator.pid[0]} to share its fd table/fs (FORK-4)`}` });
      });
      addNsNodes(th);
    }
    if (p.leader.execed === true) s.addAt('execve', tid, 'other', `${tid} execve`, [tid], () => em.execve(a, 'the image task had called execve (PF_FORKNOEXEC clear)'));
  }
  for (const h of m.helpers) addHelper(h);
  addHolderSteps(sctx);

  addHelperExits(sctx);
  addGhostSetsidSteps(sctx);
  for (const t of live) addNsNodes(t);
  addHolderJoinEdges(sctx);
  // (pfcOnTheWay: the pending pid_for_children a user step unshares on its way, filled with the pfcnew steps below)
  const pfcOnTheWay = addUserSteps(sctx, { unshareBy, creationsBy: (a) => creationsBy(a), makerNeedsOuter, settledRelays });
  // (variant settledRelays: a relay entering its sharers' user ns on its way, settled-relay.ts)
  addWaySteps(sctx, settledRelays);
  addHolderUserEdges(sctx);
  if (f.heldOwners) heldOwnerEdges(sctx);

  // A pid ns made by plain CLONE_NEWPID is owned by its creator's user ns at that moment (OWN-1).
  for (const p of procOrder) {
    if (!p.isInit || bornInUser.has(p.tgid) || makers.has(p.tgid) || switchFirst.has(p.tgid) || p.pidns === f.hostPidNs) continue;
    const def = f.pidns.get(p.pidns)?.ns;
    if (!def || def.external) continue;
    const owner = !def.owner || f.nsById.get(def.owner)?.external ? f.rootUserNs : def.owner;
    const by = m.creation.get(p.tgid)?.by ?? ROOT_NAME;
    const b = bornUser(by);
    if (b !== owner && !(by.startsWith('t') && ownerOnTheWay(f, p.tgid, Number(by.slice(1))) === owner)) {
      failures.push({ rule: 'OWN-1', culprits: [p.tgid], reason: `pid ns ${p.pidns} must be owned by user ns ${owner}, but its init ${p.tgid}'s creator ${by} is in ${b} when it creates it` });
      break;
    }
  }

  // Credentials only move down the user-ns tree (setns/unshare into children, SETNS-4, UNSH-3):
  // a task born in user ns B cannot end in a user ns that is not B or below it.
  for (const t of f.image.tasks) {
    const b = bornUserOf(t.pid[0]);
    if (!em.userDescends(t.userns, b)) {
      failures.push({ rule: 'SETNS-4', culprits: [t.pid[0]], reason: `task ${t.pid[0]} would be born in user ns ${b} (its creator's) and cannot move back up to ${t.userns}` });
      // (variant ownBornBelow: every such task, born-below.ts)
      if (!f.ownBornBelow) break;
    }
  }

  checkShareTree(sctx);
  addGhostSetsidEdges(sctx);

  // ---- edges ----
  const nsOfCreator = new Map<number, string[]>();
  for (const [id, t] of nsCreator) {
    if (!nsOfCreator.has(t.pid[0])) nsOfCreator.set(t.pid[0], []);
    nsOfCreator.get(t.pid[0])!.push(id);
  }
  const finals: string[] = [];
  /** processes whose execve may drop capabilities in their final user ns: exec-order.ts decides */
  const execSwitch: number[] = [];
  const initOf = (ns: string) => f.pidns.get(ns)?.init ?? null;
  for (const p of procOrder) {
    const tid = p.tgid;
    const c = m.creation.get(tid);
    if (!c) continue;
    const me = s.at('task', tid);
    // the creator's own part: the clone, or the fork of an early maker (whose child inherits
    // the session and group the maker was born with)
    const fork = s.at(MAKER_FORK, tid) >= 0 ? s.at(MAKER_FORK, tid) : me;
    if (fork !== me) {
      s.edge(fork, me, `maker of ${tid} exists before it creates ${tid}`, 'FORK-1');
      // the maker's parent reaps it after it created the init, and is the init's parent
      const par = c.cloneParent ? parentAtFork(c.by) : c.by;
      if (par.startsWith('h')) s.edge(me, `exit:${par}`, `${par}, parent of the maker of ${tid}, reaps it once it created ${tid}`, 'EXIT-6');
    }
    s.edge(taskNode(c.by), fork, `${c.by} creates ${tid}`, c.cloneParent ? 'FORK-3' : 'FORK-1');
    const bt = creatorThread(c.by, p.leader);
    if (bt) s.edge(s.at('task', bt.pid[0]), fork, `thread ${bt.pid[0]} of ${c.by} creates ${tid}, sharing its fd table or fs`, 'FORK-4');
    if (c.timing === 'after-setsid') s.edge(sessionNode(c.by), fork, `${c.by} must already lead its new session when it creates ${tid}`, 'SID-2');
    if (c.timing === 'before-setsid') s.edge(fork, sessionNode(c.by), `${c.by} forks ${tid} before its own setsid so ${tid} keeps the old session`, 'SID-2', { kind: 'before-setsid', by: c.by, child: tid });
    if (c.via) {
      s.edge(me, `exit:${c.via}`, `${c.via} exits only after creating ${tid}`, 'EXIT-2');
      if (p.parent !== ROOT) {
        s.edge(s.at('task', p.parent), `exit:${c.via}`, `${tid}'s new parent ${p.parent} must exist when ${c.via} exits`, 'EXIT-2');
        s.edge(s.at('subreaper', p.parent), `exit:${c.via}`, `${p.parent} must be a subreaper before ${c.via} exits`, 'EXIT-3');
      }
    }
    const init = initOf(p.pidns);
    if (init !== null && init !== tid) s.edge(s.at('task', init), me, `pid ns ${p.pidns}'s init exists before its other members`, 'FORK-9');
    // (variant outerInits: an init created from outside its parent pid ns after that ns's init, outer-init-first.ts)
    const outer = outerInitFirst(f, p, c.by.startsWith('h') ? helperByName.get(c.by)?.pidns : c.by.startsWith('t') ? f.tasks.get(Number(c.by.slice(1)))?.pidns : f.hostPidNs);
    if (outer !== null) s.edge(s.at('task', outer.init), me, `${c.by} points pid_for_children at ${outer.ns}, the parent of ${tid}'s new pid ns, through its init ${outer.init}'s ns file`, 'NSFD-1');
    s.edge(me, s.at('subreaper', tid), 'flag after birth', 'EXIT-3');
    s.edge(me, s.at('session', tid), 'setsid after birth', 'SID-1');
    s.edge(me, s.at('group', tid), 'group after birth', 'PGID-2');
    s.edge(me, s.at('join', tid), 'join after birth', 'PGID-2');
    s.edge(s.at('group', tid), s.at('join', tid), `${tid} creates group ${tid} before it moves to group ${p.pgid} (a later setpgid(0, 0) would take it back)`, 'PGID-2');
    const tr = transits?.get(tid);
    if (tr) {
      // (variant transitGroups: its parent moves it into group G once G exists, while both are in
      // G's session, before it leaves for its final group or calls execve, transit-group.ts)
      const tn = s.at('transit', tid);
      s.edge(me, tn, `${tr.mover} moves ${tid} into group ${tr.group} after its birth`, 'PGID-2');
      s.edge(groupNode(tr.group), tn, `group ${tr.group} exists before ${tr.mover} moves ${tid} into it`, 'PGID-2');
      const gg = m.groupGhost.get(tr.group) ?? m.sessionGhost.get(tr.group);
      if (gg) s.edge(tn, `exit:${gg.name}`, `ghost ${gg.name} holds group ${tr.group} until ${tid} is moved into it`, 'PGID-3');
      for (const k of ['session', 'group', 'join', 'execve']) s.edge(tn, s.at(k, tid), `${tid} is in group ${tr.group} for a while before it leaves for its final group or calls execve`, 'PGID-2');
      if (tr.mover !== tid && c.timing === 'before-setsid') s.edge(tn, s.at('session', tr.mover), `${tr.mover} moves ${tid} before its own setsid, while in ${tid}'s session`, 'PGID-2');
    }
    const later = laterMove(f, m, p, groupVisible(p));
    if (later !== null) {
      // its parent moves it into its group at its join step (parent-moves.ts): before its execve
      // (PGID-2: EACCES after), while the parent is in its session
      const mv = later.mover;
      s.edge(s.at('join', tid), s.at('execve', tid), `${mv} moves ${tid} into group ${p.pgid} before ${tid}'s execve`, 'PGID-2');
      if (mv.startsWith('h')) s.edge(s.at('join', tid), `exit:${mv}`, `${mv} moves ${tid} into group ${p.pgid} while still its parent`, 'PGID-2');
      // (variant zombieMovers: a zombie that forked it moves it before its final exit, zombie-mover.ts)
      if (zombieMovers(m) && mv.startsWith('t') && mv !== actorOf(p.parent) && f.procs.get(Number(mv.slice(1)))?.zombie === true) s.edge(s.at('join', tid), `zexit:${mv.slice(1)}`, `${mv} moves ${tid} into group ${p.pgid} while still its parent`, 'PGID-2');
      else if (later.timing === 'after-setsid') s.edge(s.at('session', Number(mv.slice(1))), s.at('join', tid), `${mv} moves ${tid} once it leads their session`, 'PGID-2');
      else if (later.timing === 'before-setsid') s.edge(s.at('join', tid), s.at('session', Number(mv.slice(1))), `${mv} moves ${tid} before its own setsid, while in ${tid}'s session`, 'PGID-2');
    }
    if (c.moveTo !== undefined) {
      // moved into group g by its creator right after its birth (parent-moves.ts): g exists then
      const g = c.moveTo;
      // (the group ghost placed where the choice assumed: else no move, PID-4)
      const fns = c.by.startsWith('t') ? f.procs.get(Number(c.by.slice(1)))?.pidns : c.by.startsWith('h') ? helperByName.get(c.by)?.pidns : f.hostPidNs;
      if (fns === undefined || !canMoveFrom(f, m, fns, g)) failures.push({ rule: 'PGID-2', culprits: [tid], reason: `${c.by} was to move ${tid} into group ${g} after its fork, but group ${g} has no number in ${c.by}'s pid namespace (PGID-2, PID-4)` });
      s.edge(groupNode(g), me, `group ${g} exists before ${c.by} moves ${tid} into it`, 'PGID-2');
      const gg = m.groupGhost.get(g) ?? m.sessionGhost.get(g);
      if (gg) s.edge(me, `exit:${gg.name}`, `ghost ${gg.name} holds group ${g} until ${tid} is moved into it`, 'PGID-3');
      const gl = f.procs.get(g);
      if (gl && gl.pgid !== g) s.edge(me, s.at('join', g), `${g} leaves its group only after ${tid} was moved into it`, 'PGID-3');
    }
    if (p.pgid !== tid && !isSessionLeader(f, p)) {
      s.edge(groupNode(p.pgid), s.at('join', tid), `group ${p.pgid} must exist before ${tid} joins it`, 'PGID-2');
      const gg = m.groupGhost.get(p.pgid) ?? m.sessionGhost.get(p.pgid);
      if (gg) s.edge(s.at('join', tid), `exit:${gg.name}`, `ghost ${gg.name} holds group ${p.pgid} until ${tid} has joined`, 'PGID-3');
      if (s.at('regroup', p.pgid) >= 0) regroupMember(s, p.pgid, tid);
      else if (f.procs.has(p.pgid) && f.procs.get(p.pgid)!.pgid !== p.pgid && !heldByAnother(p)) s.edge(s.at('join', tid), s.at('join', p.pgid), `${p.pgid} leaves its group only after ${tid} joined it`, 'PGID-3', { kind: 'leaves-group-after', leader: p.pgid, joiner: tid });
    }
    if (!groupVisible(p) && p.groupByParent) {
      // its parent moves it into the group (planner/creators/parent-group.ts): before its execve (else
      // EACCES), once the parent leads the session, once it is the parent's child again
      s.edge(s.at('join', tid), s.at('execve', tid), `${p.parent} moves ${tid} into group ${p.pgid} before ${tid}'s execve`, 'PGID-2');
      if (p.parent === p.sid) s.edge(s.at('session', p.parent), s.at('join', tid), `${p.parent} moves ${tid} into group ${p.pgid} from session ${p.sid}`, 'PGID-2');
      else if (f.procs.get(p.parent)!.sid !== p.sid && m.bornSid.get(p.parent) !== p.sid) failures.push({ rule: 'PGID-2', culprits: [tid, p.parent], reason: `${p.parent} would move ${tid} into group ${p.pgid}, but is never in ${tid}'s session ${p.sid} (born in another)` });
      else if (f.procs.get(p.parent)!.sid !== p.sid) s.edge(s.at('join', tid), s.at('session', p.parent), `${p.parent} moves ${tid} into group ${p.pgid} while still in session ${p.sid}, before its own setsid`, 'PGID-2');
      if (c.via) s.edge(`exit:${c.via}`, s.at('join', tid), `${tid} is ${p.parent}'s child again once ${c.via} exited`, 'PGID-2');
    } else if (!groupVisible(p) && !isRootOwned(f, p.pgid) && later === null) {
      // group invisible in its pid ns: it can only be inherited at fork (PGID-2, PID-4)
      // Walk up the creators to the one that is finally in G; the ones between fork their child
      // before leaving G. Only when that chain exists (else the join step reports it).
      const chain: Proc[] = [];
      let child = p;
      let anchor: Proc | undefined;
      let transitAt: Proc | undefined;
      for (let guard = 0; guard < 64; guard++) {
        const cc = m.creation.get(child.tgid);
        // moved into g by its creator (parent-moves.ts): in g from its birth
        if (cc?.moveTo === p.pgid) { anchor = child; break; }
        // (a helper that g's leaving leader forks into child's pid ns, sessions.ts, variant
        // leavingLeaders: born in g between the leader's setpgid(0, 0) and its leaving, PGID-2)
        const lh = cc?.by.startsWith('h') ? m.helpers.find((h) => h.name === cc.by) : undefined;
        const gl = f.procs.get(p.pgid);
        if (m.leavingLeaders === true && lh && gl && lh.by === `t${p.pgid}` && !lh.joinsGroup && gl.pgid !== p.pgid && !isSessionLeader(f, gl)) {
          s.edge(s.at('group', p.pgid), `helper:${lh.name}`, `${lh.name} is born in group ${p.pgid}, which ${p.pgid} made, to fork ${child.tgid} there`, 'PGID-2');
          s.edge(`helper:${lh.name}`, s.at('join', p.pgid), `${p.pgid} forks ${lh.name} while still in its group ${p.pgid}`, 'PGID-2');
          break;
        }
        if (!cc || !cc.by.startsWith('t')) break;
        const cr = f.procs.get(Number(cc.by.slice(1)));
        // (variant transitGroups: cr forks it while moved into the group for a while, transit-group.ts)
        if (cr && transits?.get(cr.tgid)?.group === p.pgid && s.at('transit', cr.tgid) >= 0) { transitAt = cr; break; }
        if (!cr || (cr.sid !== p.sid && m.bornSid.get(cr.tgid) !== p.sid)) break;
        // g's leader is in g from its own setpgid(0, 0), even when it leaves g later
        if (cr.pgid === p.pgid || cr.tgid === p.pgid) { anchor = cr; break; }
        chain.push(cr);
        child = cr;
      }
      if (transitAt) {
        const first = chain.length > 0 ? chain[chain.length - 1] : p;
        const fk = s.at(MAKER_FORK, first.tgid) >= 0 ? s.at(MAKER_FORK, first.tgid) : s.at('task', first.tgid);
        s.edge(s.at('transit', transitAt.tgid), fk, `${first.tgid} inherits group ${p.pgid} from ${transitAt.tgid} once its parent moved it there for a while`, 'PGID-2');
        for (const k of ['session', 'group', 'join']) s.edge(fk, s.at(k, transitAt.tgid), `${transitAt.tgid} forks ${first.tgid} while still in group ${p.pgid}`, 'PGID-2', { kind: 'forks-still-in-group', forker: transitAt.tgid, child: first.tgid, group: p.pgid });
        child = p;
      }
      if (anchor && anchor === child) child = p; // (moved: its creation step orders the group, build above)
      else if (anchor) {
        const first = chain.length > 0 ? chain[chain.length - 1] : p;
        s.edge(anchor.tgid === p.pgid ? (isSessionLeader(f, anchor) ? s.at('session', anchor.tgid) : s.at('group', anchor.tgid)) : s.at('join', anchor.tgid), s.at('task', first.tgid), `${first.tgid} inherits group ${p.pgid}, invisible in ${p.tgid}'s pid ns, from ${anchor.tgid}`, 'PGID-2', { kind: 'inherits-invisible-group', member: first.tgid, group: p.pgid, from: anchor.tgid });
        // a leader that leaves g forks the chain before it leaves (PGID-2)
        // (a regrouping leader forks it once it made its group again, regroup-leader.ts)
        if (anchor.pgid !== p.pgid && anchor.tgid === p.pgid && s.at('regroup', anchor.tgid) >= 0) regroupBirth(s, anchor.tgid, s.at('task', first.tgid), String(first.tgid));
        else if (anchor.pgid !== p.pgid) s.edge(s.at('task', first.tgid), s.at('join', anchor.tgid), `${anchor.tgid} forks ${first.tgid} while still in its group ${p.pgid}`, 'PGID-2');
        // (forked before a regrouping anchor makes its own group again, regroup-leader.ts)
        else s.edge(s.at('task', first.tgid), s.at('regroup', anchor.tgid), `${anchor.tgid} forks ${first.tgid} in group ${p.pgid} before making its own group again`, 'PGID-2');
        // (forked before a visiting anchor moves into another group for a while, visiting-leader.ts)
        if (anchor.pgid === p.pgid && s.at('visit', anchor.tgid) >= 0) beforeVisit(s, anchor.tgid, s.at('task', first.tgid), String(first.tgid));
        child = p;
      }
      for (const cr of anchor || transitAt ? chain : []) {
        // cr forks child before it leaves group G (by setsid, setpgid(0,0) or a join), so cr must be born in G too
        // (for an init whose maker is forked early, that fork: the maker's clone inherits its group, maker-fork.ts)
        const fk = s.at(MAKER_FORK, child.tgid) >= 0 ? s.at(MAKER_FORK, child.tgid) : s.at('task', child.tgid);
        // (variant visitingLeaders: cr forks it while it visits group G, visiting-leader.ts)
        if (f.visitingLeaders?.get(cr.tgid) === p.pgid && s.at('visit', cr.tgid) >= 0) { visitBirth(s, cr.tgid, p.pgid, fk, String(child.tgid)); child = cr; continue; }
        s.edge(fk, s.at('join', cr.tgid), `${cr.tgid} forks ${child.tgid} while still in group ${p.pgid}`, 'PGID-2', { kind: 'forks-still-in-group', forker: cr.tgid, child: child.tgid, group: p.pgid });
        // (variant transitGroups: before its parent moves it into another group for a while, transit-group.ts)
        if (transits?.has(cr.tgid) && transits.get(cr.tgid)!.group !== p.pgid) s.edge(fk, s.at('transit', cr.tgid), `${cr.tgid} forks ${child.tgid} in group ${p.pgid} before it is moved into group ${transits.get(cr.tgid)!.group} for a while`, 'PGID-2');
        s.edge(fk, s.at('group', cr.tgid), `${cr.tgid} forks ${child.tgid} while still in group ${p.pgid}`, 'PGID-2', { kind: 'forks-still-in-group', forker: cr.tgid, child: child.tgid, group: p.pgid });
        s.edge(fk, s.at('session', cr.tgid), `${cr.tgid} forks ${child.tgid} while still in group ${p.pgid}`, 'PGID-2', { kind: 'forks-still-in-group', forker: cr.tgid, child: child.tgid, group: p.pgid });
        child = cr;
      }
    }
    // threads that create other threads (those copy their creator's namespaces, not the leader's)
    const threadCreators = p.threads.length > 1 ? new Set(p.threads.map((x) => pickThreadCreator(p, x).pid[0])) : undefined;
    // (the time namespaces a thread must carry as its time_for_children to a thread it creates,
    // which holds it pending: made by the leader, below; O(threads))
    const carriedTfc = threadCreators ? tfcCarriedByThreadCreators(p) : undefined;
    // (threads created after the leader settled, nsfix before them: a thread they create comes
    // after nsfix too, so it cannot keep the namespaces the leader had before its joins, below)
    const afterSettle = new Set<number>();
    for (const th of p.threads) {
      const tt = s.at('task', th.pid[0]);
      s.edge(me, tt, 'the leader exists before its threads', 'FORK-2');
      const creator = pickThreadCreator(p, th);
      s.edge(`task:${creator.pid[0]}`, tt, `${creator.pid[0]} creates thread ${th.pid[0]}`, 'FORK-2');
      // The leader settles its namespaces before its threads exist when they share its fs_struct
      // (setns(mnt) needs an unshared one, SETNS-3) or end in the leader's namespaces (they copy
      // them at clone); a thread in other namespaces is created first and keeps the old ones.
      const npL = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined;
      const npTh = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
      const sameNs = !npL || !npTh || SLOTS.every((sl) => npTh[sl] === npL[sl]);
      const sharesFs = th.fs !== null && th.fs === eff(p.leader).fs;
      // (nor when the thread is born after the leader's user-ns switch, which follows nsfix, and
      // nsfix changes none of the slots where the thread differs: those the leader creates or
      // joins after the switch, and the ns edges below order the thread first)
      // (nor when th can reach its own namespaces from the leader's final ones it copies, directly
      // or from a creator thread in the leader's namespaces, which comes after the leader settled)
      // (nor when the thread that made th's pending time_for_children creates it with its very
      // namespaces: th copies that thread's, not the leader's)
      // (variant ownJoins: slots where the thread joins its own namespace itself, own-joins.ts)
      const ownJoins = f.ownJoins ? ownJoinSlots(f, npL, npTh, sharesFs, bornUserOf(th.pid[0]), ownedWithin) : undefined;
      const copiesCreator = creator !== p.leader && th.nsproxy !== null && th.nsproxy === creator.nsproxy && timeForChildrenCreator(p, th) === creator;
      // (a thread sharing the leader's fs_struct that keeps an older uts/ipc/net/cgroup ns comes
      // after the leader's early mount and time joins, before its other joins: fsThreadKeepers)
      // (variant threadKeeps: also when the deferred joins are all per-thread kinds; and a thread
      // whose every namespace is its creator thread's or reachable keeps none of the leader's, thread-keeps.ts)
      // (variant ownMntKeepers: also after the leader's own mount ns, own-mnt-keeper.ts)
      const keeper = fsThreadKeepers.get(tid)?.has(th.pid[0]) === true && (earlySlots.get(tid)?.mnt === true || ownMntSettles(f, p.leader, npL?.mnt, (id) => nsCreator.get(id))) && (!deferredOf.get(tid)?.size || keeperBeforeDeferred(f, deferredOf.get(tid)));
      if (keeper) s.edge(tt, `nsfix:${tid}`, `thread ${th.pid[0]} keeps the namespaces ${tid} has before its own joins, after its mount ns (SETNS-3, SETNS-7)`, 'SETNS-7');
      // (a thread keeping a relay leader's birth fs_struct keeps its birth mount ns: before its joins, fs-unshare-relay.ts)
      else if (th.fs !== null && threadRelays.get(tid) === th.fs) s.edge(tt, `nsfix:${tid}`, `thread ${th.pid[0]} keeps the namespaces and fs_struct ${tid} had at birth`, 'SETNS-3');
      else if (sameNs || sharesFs || copiesCreator || threadCanJoin(th) || ((creator === p.leader || creator.nsproxy === p.leader.nsproxy) && !threadCreators?.has(th.pid[0]) && threadSettlesAfterLeader(th, npL)) || (hasUserStep(p.leader) && !joinsWhereDiffers(p.leader, npL, npTh, false, th, ownJoins))) {
        s.edge(`nsfix:${tid}`, tt, 'the leader settles its namespaces (mnt needs an unshared fs_struct) before threads exist', 'SETNS-3');
        afterSettle.add(th.pid[0]);
        for (const id of deferredOf.get(tid) ?? []) {
          // (variant keptDeferred: a thread keeping the leader's namespace from before a deferred
          // join of a per-thread kind comes before that join, thread-before-deferred.ts)
          if (threadBeforeDeferred(f, id, npTh, bornUserOf(th.pid[0]), ownedWithin)) s.edge(tt, deferredStep(tid, id), `thread ${th.pid[0]} keeps ${tid}'s namespace from before ${id}`, 'SETNS-7');
          else s.edge(deferredStep(tid, id), tt, 'the leader settles its namespaces before threads exist', 'SETNS-7');
        }
      // (not a thread whose creator thread comes after nsfix: that edge would close a cycle
      // through its creation, FORK-2; it copies its creator's namespaces, FORK-7, seed 96202)
      } else if (!copiesCreatorThread(p, th, creator) && !afterSettle.has(creator.pid[0]) && !(creator !== p.leader && threadNeedsOnlyItsCreator(f, npTh, creator.nsproxy ? f.nsproxy.get(creator.nsproxy) : undefined, (id) => ownedWithin(id, bornUserOf(th.pid[0]))))) s.edge(tt, `nsfix:${tid}`, `thread ${th.pid[0]} keeps the namespaces ${tid} has before its own joins`, 'SETNS-7');
      s.edge(`user:${tid}`, tt, 'user ns switch needs a single-threaded caller', 'SETNS-4');
      s.edge(`execve:${tid}`, tt, 'execve before threads exist', 'EXIT-1');
      for (const id of nsOfCreator.get(tid) ?? []) {
        // unshare of uts/ipc/net/cgroup/pid/time works with threads (UNSH-2 forbids only user,
        // and mnt would unshare a shared fs_struct): a thread not in the new ns comes first
        const ty = f.nsById.get(id)?.type;
        const npT = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
        const inIt = !npT || SLOTS.some((sl) => SLOT_TYPE[sl] === ty && npT[sl] === id);
        // a new time ns the thread does not end in: it keeps the leader's old time_for_children,
        // which it could not reset later (setns(time) needs a single thread, SETNS-6)
        const keepsTime = ty === 'time' && !inIt;
        // (variant threadOwnTfcs: not a thread making its own time_for_children in its leader's time ns, thread-own-tfc.ts)
        if (ty === 'time' && !inIt && threadOwnTfc(f, npT, p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined, id, !!npT && nsCreator.get(npT.timeForChildren) === th)) continue;
        // (a new mount ns too, when the thread has its own fs_struct: the leader's unshare then
        // copies only the leader's, UNSH-1)
        // (nor one whose own namespace of that type the thread makes itself: it needs none of the leader's)
        // (and not for a thread that creates threads, nor one created by another thread: those keep their creator's)
        const ownOfType = !!npT && creator === p.leader && !threadCreators?.has(th.pid[0]) && SLOTS.some((sl) => SLOT_TYPE[sl] === ty && nsCreator.get(npT[sl]) === th)
          // (variant threadKids: not when a child the thread forks keeps the leader's older one, thread-kids.ts)
          && !(f.threadKids && threadKidKeepsOlder({ th, ty: ty!, id, children: childrenOf(actorOf(tid)), creatorThread: (c) => creatorThread(actorOf(tid), c), procLeader: (g) => f.procs.get(g)?.leader, nsproxyOf: (t) => (t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined), bornUserOf, ownedWithin, makes: (x, t) => nsCreator.get(x) === t }));
        // (a thread creating a thread that holds id pending carries it: born after the leader made
        // it, FORK-7/FORK-8, when its own time_for_children is id or one it makes itself, UNSH-6)
        if (keepsTime && carriedTfc?.get(th.pid[0])?.has(id) && npT && (npT.timeForChildren === id || nsCreator.get(npT.timeForChildren) === th)) s.edge(`ns:${id}`, tt, `thread ${th.pid[0]} passes ${id}, its time_for_children then, on to a thread it creates (FORK-8)`, 'SETNS-6');
        else if (((ty !== 'mnt' || !sharesFs) && ty !== 'user' && !inIt && !threadCanJoin(th) && !ownOfType) || keepsTime) s.edge(tt, `ns:${id}`, `thread ${th.pid[0]} keeps ${tid}'s ${ty} ns from before ${id}`, keepsTime ? 'SETNS-6' : 'UNSH-2');
        else s.edge(`ns:${id}`, tt, 'namespaces created by the leader before threads exist', 'UNSH-2');
      }
      if (creator !== p.leader) threadByThreadEdges(th, creator, tt);
      s.edge(s.at('nsmnt', tid), tt, `${tid} joins its time ns before its threads exist`, 'SETNS-6');
    }
    if (s.at('execve', tid) >= 0) {
      // execve recomputes capabilities (lost when the euid is not the user ns's root), gives a
      // private fd table and mm, kills other threads and enters time_for_children: run it after
      // the privileged work and the children that must not share its new tables, before the rest.
      const ex = `execve:${tid}`;
      s.edge(me, ex, 'execve after birth', 'EXIT-1');
      // (no edge from setsid/setpgid: a task's own setsid and setpgid(0, G) need no capability
      // and work after its execve; only a parent's setpgid on an exec'd child fails, PGID-2)
      // (in the execCaps re-plan variant, an execve that keeps every capability lets joins follow it
      // whatever it does to the time ns: execKeepsCaps adds the time ns, which other edges order)
      // (variant execBornFirst: execve goes before the switch, where it keeps them, misc-exec-born-caps.ts)
      const bornFirst = !execKeepsCaps(p) && execBornFirst(f, s, tid, !otherOwners && em.get(ROOT_NAME).euid === 0 && rootMapsToRoot(bornUser(actorOf(tid))), execMovesNoTime(p));
      if (bornFirst) s.edge(ex, `user:${tid}`, 'execve in the born user ns keeps every capability there; the joins may follow it', 'SETNS-7');
      else if (!execKeepsCaps(p) && !(f.execJoinsAfter && execKeepsCapsOnly(p))) {
        s.edge(`nsfix:${tid}`, ex, 'setns needs the capabilities execve may drop', 'SETNS-7');
        for (const id of deferredOf.get(tid) ?? []) s.edge(deferredStep(tid, id), ex, 'setns needs the capabilities execve may drop', 'SETNS-7');
      }
      // (variant lateZombies: not a flag that waits for an exit, which execve keeps, EXIT-3;
      // zombie-late-subreaper.ts lateFlags)
      if (!lateFlags(m).has(tid)) s.edge(`subreaper:${tid}`, ex, 'flag first', 'EXIT-3');
      // execve in the final user ns keeps the capabilities there when global uid 0 is its root
      // (cap_bprm_creds_from_file); only otherwise must it come before the switch
      // (decided once the main phase is built, exec-order.ts: only when a later step needs them)
      if (!rootMapsToRoot(p.leader.userns)) execSwitch.push(tid);
      const npP = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined;
      for (const id of nsOfCreatorEarly.get(tid) ?? []) {
        const d = f.nsById.get(id)!;
        if (d.type === 'time' && npP && npP.time !== id) s.edge(ex, `ns:${id}`, 'execve would enter a pending time_for_children', 'FORK-8');
        // (an execve that keeps every capability leaves the order free: seed 5516 made its uts ns
        // after execve and a thread that keeps the old one)
        else if (!postSwitch(id) && !execKeepsCaps(p)) s.edge(`ns:${id}`, ex, 'namespace creation needs the capabilities execve may drop', 'OWN-3');
      }
    }
  }
  /** Does helper `name` share its creator's fd table from after the creator's execve (share-carriers.ts)? */
  function carriesExecTable(name: string): boolean {
    const h = helperByName.get(name);
    return !!h && !!h.share?.includes('files') && h.by.startsWith('t') && f.procs.get(Number(h.by.slice(1)))?.leader.execed === true && helperPreExecTable(m, name) === undefined;
  }
  for (const h of m.helpers) {
    const hn = `helper:${h.name}`;
    s.edge(taskNode(h.by), hn, `${h.by} creates ${h.name}`, 'FORK-1');
    // a helper sharing an execve'd creator's fd table shares the one execve gave it (share-carriers.ts)
    if (carriesExecTable(h.name)) s.edge(s.at('execve', Number(h.by.slice(1))), hn, `${h.name} shares the fd table ${h.by} has after execve`, 'FORK-4');
    // (variant preExecCarriers: or the one it was born with, before its execve, pre-exec-carrier.ts)
    else if (helperPreExecTable(m, h.name) !== undefined) s.edge(hn, s.at('execve', Number(h.by.slice(1))), `${h.by} forks ${h.name} with the fd table it was born sharing, before its execve unshares it`, 'FORK-4');
    if (h.timing === 'after-setsid') s.edge(sessionNode(h.by), hn, `${h.by} is in session ${h.session} after its setsid`, 'SID-2');
    if (h.timing === 'before-setsid') s.edge(hn, sessionNode(h.by), `${h.by} forks ${h.name} before its setsid`, 'SID-2');
    const init = initOf(h.pidns);
    if (init !== null) s.edge(s.at('task', init), hn, `pid ns ${h.pidns}'s init exists before ${h.name}`, 'FORK-9');
    s.edge(hn, `exit:${h.name}`, 'exit after birth', 'EXIT-1');
    // (a pfc-helper.ts helper forked with CLONE_PARENT by a task still below the helper that
    // forked it: that helper is its parent and reaps it, so it exits after it, EXIT-6)
    const hp = h.keepsPfc && h.cloneParent ? parentAtFork(h.by) : undefined;
    if (hp?.startsWith('h')) s.edge(`exit:${h.name}`, `exit:${hp}`, `${hp}, parent of ${h.name}, reaps it`, 'EXIT-6');
    for (const c of h.creates) {
      s.edge(hn, s.at('task', c), `${h.name} creates ${c}`, 'FORK-1');
      s.edge(s.at('task', c), `exit:${h.name}`, `${h.name} exits after creating ${c}`, 'EXIT-2');
    }
    if (h.role === 'group-ghost' || h.role === 'session-ghost') {
      for (const mbr of f.groups.get(h.role === 'group-ghost' ? h.group! : h.session) ?? []) s.edge(s.at('join', mbr), `exit:${h.name}`, `ghost ${h.name} holds the group until ${mbr} joined`, 'PGID-3');
    }
  }
  // creations that used a creator after which it may switch user ns
  // (built on first use: only tasks that execve, switch user ns or unshare a pid ns ask)
  let creationsMemo: Map<string, string[]> | undefined;
  const creationsBy = (actor: string): string[] | undefined => {
    if (!creationsMemo) {
      const cb = (creationsMemo = new Map<string, string[]>());
      for (const p of procOrder) {
        const c = m.creation.get(p.tgid);
        if (!c) continue;
        if (!cb.has(c.by)) cb.set(c.by, []);
        cb.get(c.by)!.push(forkNodeOf(p.tgid));
      }
      for (const h of m.helpers) {
        if (!cb.has(h.by)) cb.set(h.by, []);
        cb.get(h.by)!.push(`helper:${h.name}`);
      }
    }
    return creationsMemo.get(actor);
  };
  // (variant threadsBeforeAwayPfc: threads before the children that leave pid_for_children away for good, threads-before-away-pfc.ts)
  for (const [th, x] of threadsBeforeAwayPfc(f, { hasUserStep, bornUser, creationsBy, userDescends: (u, a) => em.userDescends(u, a) })) s.edge(s.at('task', th), x, `thread ${th} is created while its leader's pid_for_children is still its own pid ns, which it cannot point back at from its final user ns (SETNS-5)`, 'SETNS-5');
  // A helper joining a live leader's group (group-joiner.ts) does so after the group exists and
  // before its leader leaves it (PGID-2, PGID-3). O(helpers).
  for (const h of m.helpers) {
    if (!h.joinsGroup || h.group === undefined) continue;
    const gn = groupNode(h.group);
    if (gn !== undefined) s.edge(gn, `helper:${h.name}`, `group ${h.group} exists before ${h.name} joins it`, 'PGID-2');
    const gl = f.procs.get(h.group);
    if (gl && gl.pgid !== h.group) s.edge(`helper:${h.name}`, s.at('join', h.group), `${h.group} leaves its group only after ${h.name} joined it`, 'PGID-3');
  }
  // A child whose group has no number in its pid ns inherits the group (PGID-2, PID-4): its
  // creator is in that group first.
  // When the creator ends in another group, it must be born in p's group and create p before
  // leaving it, and so on up the creators (born group, like born_sid): O(depth) per such task.
  for (const p of procOrder) {
    // (nor when its parent moves it into its group later: parent-moves.ts)
    if (groupJoinable(p) || laterMove(f, m, p, groupVisible(p)) !== null) continue;
    let child = p;
    // the step that creates `child` (a task, or the reparent helper that forks the chain below it)
    let childNode = forkNodeOf(p.tgid);
    let cc = m.creation.get(p.tgid);
    let by = cc?.by;
    let timing = cc?.timing;
    for (let guard = 0; guard < 64 && by; guard++) {
      // moved into the group by its creator (parent-moves.ts): in it from birth
      if (cc?.moveTo === p.pgid) break;
      if (by.startsWith('h')) {
        const h = helperByName.get(by);
        // a ghost that recreates the group (or the session whose group it is) is in it itself
        if (!h || h.role !== 'reparent-helper') break;
        // one that joins the group itself is in it (group-joiner.ts; its edges below)
        if (h.joinsGroup && h.group === p.pgid) break;
        // a reparent helper is in the group it was born in: its creator hands it the group
        // (a helper thread's group is its process's at each fork: the fork itself is ordered, thread-holder.ts)
        if (!h.thread) childNode = `helper:${h.name}`;
        by = h.by;
        timing = h.timing;
        continue;
      }
      if (!by.startsWith('t')) break;
      const crn = by.slice(1);
      const cr = f.procs.get(Number(crn));
      if (!cr) break;
      const inG = cr.pgid === p.pgid;
      const what = childNode.startsWith('helper:') ? childNode.slice(7) : String(child.tgid);
      // g's leader is in g after its setpgid(0, 0) until it leaves g (its join)
      if (!inG && cr.tgid === p.pgid && !isSessionLeader(f, cr) && s.at('regroup', cr.tgid) >= 0) { regroupBirth(s, cr.tgid, childNode, what); break; }
      if (!inG && cr.tgid === p.pgid && !isSessionLeader(f, cr)) {
        s.edge(`group:${crn}`, childNode, `${what} inherits group ${p.pgid} from its leader ${crn} once ${crn} created it (PGID-2)`, 'PGID-2');
        s.edge(childNode, `join:${crn}`, `${what} inherits group ${p.pgid} from its leader ${crn} before ${crn} leaves it`, 'PGID-2');
        break;
      }
      // a session leader that must have its session when it creates the child never is in G
      if (!inG && timing === 'after-setsid') break;
      // (variant visitingLeaders: forked during its creator's visit to G, or before it, visiting-leader.ts)
      if (!inG && f.visitingLeaders?.get(cr.tgid) === p.pgid && s.at('visit', cr.tgid) >= 0) { visitBirth(s, cr.tgid, p.pgid, childNode, what); break; }
      if (inG && cr.tgid === p.pgid && s.at('visit', cr.tgid) >= 0) beforeVisit(s, cr.tgid, childNode, what);
      // (variant transitGroups: forked while its creator is moved into G for a while, or before, transit-group.ts)
      const trn = transits?.has(cr.tgid) ? s.at('transit', cr.tgid) : -1;
      if (!inG && trn >= 0 && transits!.get(cr.tgid)!.group === p.pgid) {
        s.edge(trn, childNode, `${what} inherits group ${p.pgid} from ${crn} once ${crn} is moved into it for a while`, 'PGID-2');
        for (const g of [`join:${crn}`, `group:${crn}`, `session:${crn}`]) s.edge(childNode, g, `${what} inherits group ${p.pgid} from ${crn} before ${crn} leaves it for its final group`, 'PGID-2');
        break;
      }
      if (!inG && trn >= 0) s.edge(childNode, trn, `${what} inherits group ${p.pgid} from ${crn} before ${crn} is moved into group ${transits!.get(cr.tgid)!.group} for a while`, 'PGID-2');
      for (const g of [`join:${crn}`, `group:${crn}`, `session:${crn}`]) {
        if (inG) s.edge(g, childNode, `${what} inherits group ${p.pgid} from ${crn} once ${crn} is in it${child === p ? '; it cannot join it from its pid ns' : ` (${p.tgid} cannot join it from its pid ns)`}`, 'PGID-2');
        else s.edge(childNode, g, `${what} inherits group ${p.pgid} from ${crn} before ${crn} leaves it${child === p ? '; it cannot join it from its pid ns' : ` (${p.tgid} cannot join it from its pid ns)`}`, 'PGID-2');
      }
      // (forked before a regrouping creator makes its own group again, regroup-leader.ts)
      if (inG) s.edge(childNode, `regroup:${crn}`, `${what} inherits group ${p.pgid} from ${crn} before ${crn} makes its own group again`, 'PGID-2');
      if (inG) break;
      child = cr;
      childNode = forkNodeOf(cr.tgid);
      cc = m.creation.get(cr.tgid);
      by = cc?.by;
      timing = cc?.timing;
    }
  }
  /**
   * Is leader t in its final namespace of slot sl from birth on, so that none of its join steps
   * changes it? When it is forked by the restorer (whose namespaces do not move) or by an image
   * leader with the same namespace there that has it from birth too (creators only ever move
   * towards their final namespaces). Not for makers, helpers or thread creators (no claim).
   * Memoised by task and slot: O(n x slots) overall.
   */
  function slotFromBirth(t: Task, sl: Slot): boolean {
    const key = `${t.pid[0]}/${sl}`;
    const hit = fromBirthMemo.get(key);
    if (hit !== undefined) return hit;
    fromBirthMemo.set(key, false); // (a creator cycle: no claim)
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    const by = m.creation.get(t.tgid)?.by;
    let r = false;
    if (np && by && t.pid[0] === t.tgid && !makers.has(t.tgid) && creatorThread(by, t) === undefined) {
      // a new time ns of its own moves time_for_children: never "from birth"
      if (by === ROOT_NAME) r = em.get(ROOT_NAME).slots[sl] === np[sl] && nsCreator.get(np[sl]) !== t;
      else if (by.startsWith('t')) {
        const cr = f.tasks.get(Number(by.slice(1)));
        const npCr = cr?.nsproxy ? f.nsproxy.get(cr.nsproxy) : undefined;
        r = !!cr && !!npCr && cr.pid[0] === cr.tgid && npCr[sl] === np[sl] && slotFromBirth(cr, sl);
      }
    }
    fromBirthMemo.set(key, r);
    return r;
  }
  /** the creator of an actor that keeps the namespaces it is born with: a helper, a zombie (helper-origin.ts) */
  const passThrough = (a: string): string | undefined => {
    if (a.startsWith('h')) return helperByName.get(a)?.by;
    const z = a.startsWith('t') ? f.procs.get(Number(a.slice(1))) : undefined;
    return z && z.zombie && z.leader.pid[0] === z.tgid && !makers.has(z.tgid) ? m.creation.get(z.tgid)?.by : undefined;
  };
  /** the step that creates a pass-through actor */
  const throughNode = (a: string): string | number => (a.startsWith('h') ? `helper:${a}` : s.at('task', Number(a.slice(1))));
  /** (attempt zombieBirthNeeds) is actor a a zombie child of an init that an init-join helper forks? */
  const bornThroughHelper = (a: string): boolean => {
    const t = a.startsWith('t') ? f.tasks.get(Number(a.slice(1))) : undefined;
    return t !== undefined && helperBornZombie(f, t.tgid, () => initParentOf(f, t));
  };
  // What a task must be born with for its own children (birth-needs.ts): in the loop below,
  // its creator's order then holds for that namespace as for one of its own. O(processes x slots).
  const taskCreator = (tgid: number): { tid: number } | undefined => {
    const c = m.creation.get(tgid);
    const t = f.tasks.get(tgid);
    if (!c || !t || makers.has(tgid) || creatorThread(c.by, t)) return undefined;
    // (attempt zombieBirthNeeds: not through a zombie an init-join helper forks, which is born with what it needs, zombie-birth-needs.ts)
    const via = helperCreatedBy(c.by, (a) => (bornThroughHelper(a) ? undefined : passThrough(a)));
    const n = via.by.startsWith('t') ? Number(via.by.slice(1)) : NaN;
    return f.procs.get(n)?.leader.pid[0] === n ? { tid: n } : undefined;
  };
  const needsFinal = (tgid: number) => {
    const src = f.tasks.get(tgid);
    const np = src ? nsSource(src).nsproxy : null;
    return np ? f.nsproxy.get(np) : undefined;
  };
  const joinableBy = (tgid: number, ns: string) => em.userDescends(nsOwner(ns), bornUserOf(tgid));
  /**
   * What process q must be born with for its threads (birth-needs.ts threadNeeds): a namespace a
   * thread ends in that neither it nor q can join and that is not q's final one (seed 6424: 22,
   * born in user:3 by CLONE_NEWUSER, makes net:2 after forking threads that keep net:0, owned by
   * user:1). A slot two threads need differently is left out. O(threads x slots).
   */
  function threadNeeds(q: number): Map<NeedSlot, string> | undefined {
    const pr = f.procs.get(q);
    if (!pr || pr.zombie || pr.threads.length === 0 || makers.has(q)) return undefined;
    const src = nsSource(pr.leader);
    const npQ = src.nsproxy ? f.nsproxy.get(src.nsproxy) : undefined;
    if (!npQ) return undefined;
    let out: Map<NeedSlot, string> | undefined;
    const bad = new Set<NeedSlot>();
    for (const th of pr.threads) {
      if (th === src || !th.nsproxy) continue;
      const npTh = f.nsproxy.get(th.nsproxy);
      if (!npTh) continue;
      for (const sl of NEED_SLOTS) {
        const x = npTh[sl];
        if (x === npQ[sl] || bad.has(sl) || nsCreator.get(x)?.tgid === q) continue;
        if (ownedWithin(x, bornUserOf(th.pid[0])) || joinableBy(q, x)) continue;
        const had = out?.get(sl);
        if (had !== undefined && had !== x) { out!.delete(sl); bad.add(sl); continue; }
        (out ??= new Map()).set(sl, x);
      }
    }
    return out;
  }
  /** q's thread needs plus what the makers of the inits it creates inherit from it (maker-kids.ts) */
  function withMakerKidNeeds(q: number, th: Map<NeedSlot, string> | undefined): Map<NeedSlot, string> | undefined {
    const pr = f.procs.get(q);
    if (!pr || pr.zombie || makers.has(q)) return th;
    const npQ = needsFinal(q);
    if (!npQ) return th;
    const kids = childrenOf(actorOf(q)).filter((c) => makers.has(c)).map((c) => makerSlots(c));
    const more = kids.length > 0 ? makerKidBirthNeeds(kids, NEED_SLOTS, npQ, (x) => joinableBy(q, x), (x) => nsCreator.get(x)?.tgid === q) : undefined;
    if (!more) return th;
    const out = new Map(th);
    for (const [sl, x] of more) if (!out.has(sl)) out.set(sl, x);
    return out;
  }
  const birthNeeds: Map<number, Map<Slot, string>> = allInRootUser ? new Map() : inheritedBirthNeeds({
    order: procOrder.map((p) => p.tgid), // (attempt initJoinBirthNeeds: none for a pid-ns init's child an init-join helper may fork, init-join-birth-needs.ts)
    creatorOf: (q) => (initChildNeedsNothing(f, initParentOf(f, f.tasks.get(q)!)) || bornThroughHelper(actorOf(q)) ? undefined : taskCreator(q)?.tid), finalNs: needsFinal,
    joinable: joinableBy, makes: (q, ns) => nsCreator.get(ns) === f.tasks.get(q),
    // (variant makerKids: and for the makers of the inits it creates, maker-kids.ts)
    threadNeeds: f.makerKids ? (q) => withMakerKidNeeds(q, threadNeeds(q)) : threadNeeds,
    // (attempt zombieBirthNeeds: a zombie born with what its children can only inherit, zombie-birth-needs.ts)
    bare: (q) => bareZombie(f, q),
  });
  recordZombieBirthNeeds(f, birthNeeds);
  // Interim joins (birth-needs.ts interimJoins): read by the join step when it runs.
  const lateBorn = new Map<number, number[]>();
  /** those of lateBorn forked before their creator's switch, in a user ns they make (new-user-interim.ts) */
  const earlyBorn = new Set<number>();
  const bornNewBeforeSwitch = (q: number, l: number): boolean => {
    const pq = f.procs.get(q)!;
    const by = m.creation.get(q)?.by;
    return !makers.has(q) && !creatorThread(by!, pq.leader) && newUserChildBeforeSwitch(bornInUser.has(q), bornUserOf(q), f.tasks.get(l)!.userns);
  };
  const leaderOf = (n: number) => { const pr = f.procs.get(n); return pr && pr.leader.pid[0] === n && !pr.zombie && pr.leader.nsproxy ? pr : undefined; };
  if (!allInRootUser) {
    const enterLeader = (p: (typeof procOrder)[number]) => { if (leaderOf(p.tgid) && hasUserStep(p.leader)) lateBorn.set(p.tgid, p.threads.filter((th) => th.nsproxy !== null).map((th) => th.pid[0])); };
    // (variant lateBornAnyOrder: every leader's entry first, so a child walked before its creator counts, late-born-order.ts)
    const first = lateBornEntriesFirst(f);
    if (first) for (const p of procOrder) enterLeader(p);
    for (const p of procOrder) {
      if (!first) enterLeader(p);
      const by = m.creation.get(p.tgid)?.by;
      const l = by?.startsWith('t') ? Number(by.slice(1)) : NaN;
      const lb = lateBorn.get(l);
      if (lb && !makers.has(p.tgid) && !creatorThread(by!, p.leader) && bornUserOf(p.tgid) === f.tasks.get(l)!.userns) lb.push(p.tgid);
      // (variant newUserInterim: a child born in a new user ns of its own before l's switch, new-user-interim.ts)
      else if (lb && f.newUserInterim && bornNewBeforeSwitch(p.tgid, l)) { lb.push(p.tgid); earlyBorn.add(p.tgid); }
    }
  }
  const interimIn: InterimInput = {
    lateBorn,
    needOf: (q, sl) => {
      const x = birthNeeds.get(q)?.get(sl) ?? needsFinal(q)?.[sl];
      return x !== undefined && nsCreator.get(x) !== f.tasks.get(q) ? x : undefined;
    },
    joinable: joinableBy,
    ownNs: (l, sl) => { const w = needsFinal(l)?.[sl]; return w !== undefined && nsCreator.get(w) === f.tasks.get(l) ? w : undefined; },
    sharesFs: (l, q) => { const fs = eff(f.tasks.get(l)!).fs; return fs !== null && eff(f.tasks.get(q)!).fs === fs; },
  };
  const interim = interimJoins(interimIn);
  // (variant threadInterimJoins: for a thread kept before its leader's joins inside its user ns, thread-interim-joins.ts)
  addThreadInterimJoins(f, interimIn, lateJoins, threadBeforeLateJoins, interim);
  for (const [l, mid] of interim) {
    interimOf.set(l, mid);
    for (const [sl, x] of mid) {
      s.edge(`ns:${x}`, s.at('nsfix', l), `${l} joins ${x} for a task it forks after its user-ns switch`, 'SETNS-7');
      const own = needsFinal(l)![sl];
      for (const q of lateBorn.get(l) ?? []) {
        const qx = birthNeeds.get(q)?.get(sl) ?? needsFinal(q)?.[sl];
        if (qx === x && nsCreator.get(own) === f.tasks.get(l)) s.edge(s.at('task', q), `ns:${own}`, `${q} inherits ${x} from ${l}, before ${l} makes ${own}`, 'SETNS-7');
        if (qx === x && earlyBorn.has(q)) s.edge(s.at('nsfix', l), s.at('task', q), `${q}, born in a user ns without rights over ${x}, inherits it from ${l} once ${l} joined it (SETNS-7)`, 'SETNS-7');
      }
    }
  }
  // A helper moves down to the parent of the new user ns it creates a child in (emit.ts clone):
  // its other children that inherit a user ns above that parent, where they could never move
  // back up (SETNS-4), come first (seed 42513). O(children of such helpers).
  for (const p of procOrder) {
    const c = m.creation.get(p.tgid);
    const nu = bornInUser.get(p.tgid);
    if (!c || nu === undefined || !c.by.startsWith('h')) continue;
    const up = f.nsById.get(nu)?.parent ?? f.rootUserNs;
    if (up === bornUser(c.by)) continue;
    for (const x of creationsBy(c.by) ?? []) {
      const q = x.startsWith('task:') ? f.procs.get(Number(x.slice(5))) : undefined;
      if (q && q.tgid !== p.tgid && !bornInUser.has(q.tgid) && !em.userDescends(q.leader.userns ?? f.rootUserNs, up)) s.edge(x, s.at('task', p.tgid), `${c.by} creates ${q.tgid} in its own user ns before moving down to ${up} for ${p.tgid}`, 'SETNS-4');
    }
  }
  // A child whose credentials are in a non-environment user ns from birth cannot setns into
  // namespaces owned outside it (SETNS-3..7 need CAP_SYS_ADMIN over their owner): its creator
  // must still be in them when it creates the child, i.e. before changing its own.
  // A helper (ghost, reparent helper) never changes namespaces: it has those of the task that
  // made it at that moment, so the order applies to the helper's creation (helperCreatedBy).
  for (const p of procOrder) {
    const c = m.creation.get(p.tgid);
    if (!c) continue;
    const via = helperCreatedBy(c.by, passThrough);
    if (!via.by.startsWith('t')) continue;
    if (bornUser(actorOf(p.tgid)) === f.rootUserNs || makers.has(p.tgid)) continue;
    // a child made by a thread of its creator (to share its fd table or fs, FORK-4) copies that
    // thread's namespaces, not the leader's: ordered against the thread's steps (seed 405)
    const byTh = via.helper === undefined ? creatorThread(c.by, p.leader) : undefined;
    const crn = byTh ? byTh.pid[0] : Number(via.by.slice(1));
    const cr = f.tasks.get(crn);
    if (!cr || !p.leader.nsproxy) continue;
    const born0 = via.helper === undefined ? s.at('task', p.tgid) : throughNode(via.helper);
    // a helper that creates p in a new user ns joins for it what it cannot (emit.ts helperJoinsFor): those exist first
    const nu = bornInUser.get(p.tgid);
    if (c.by.startsWith('h') && nu !== undefined && p.leader.nsproxy) {
      const npP = f.nsproxy.get(p.leader.nsproxy);
      for (const sl of SLOTS) if (npP && sl !== 'timeForChildren' && !ownedWithin(npP[sl], nu)) s.edge(`ns:${npP[sl]}`, s.at('task', p.tgid), `${c.by} joins ${npP[sl]} for ${p.tgid}, born in ${nu} (SETNS-7)`, 'SETNS-7');
    }
    // (variant initJoinHelpers: a pid-ns init's child is forked by a helper that joins for it what
    // it cannot, init-join-helper.ts: those exist first)
    if (f.initJoinHelpers) initJoinEdges(sctx, p.leader);
    // (a pfc-helper.ts helper of shape 'join' joins them with its creator's rights at its fork, or
    // passes those rights on to a child born in its own user ns: not its creator's joins' order)
    if (joinHelperFirst(sctx, c.by, via.by, p.tgid)) continue;
    const npC = f.nsproxy.get(p.leader.nsproxy);
    const npCr = cr.nsproxy ? f.nsproxy.get(cr.nsproxy) : undefined;
    if (!npC || !npCr) continue;
    // (what p must be born with for its own children, else its own final namespace)
    const need = birthNeeds.get(p.tgid);
    const want = (sl: Slot): string => need?.get(sl) ?? npC[sl];
    let settleFirst = false;
    let createBefore = false;
    const settled: string[] = []; // the namespaces of the slots that need cr settled first
    const born = bornUser(actorOf(p.tgid));
    // (a kind whose namespace the child makes itself, or joins itself having rights over its
    // owner: what it is born with there does not matter, its unshare or setns replaces it,
    // UNSH-4, SETNS-7; not time, SETNS-6, FORK-8; a mount ns only when made, the child's setns
    // having its own fs_struct condition, SETNS-3)
    // (not a kind a maker it forks must inherit from it: the maker's needs are not in want)
    const makesOwn = (ty: NsType): boolean => SLOTS.some((sl) => SLOT_TYPE[sl] === ty && (nsCreator.get(want(sl)) === p.leader || (ty !== 'mnt' && want(sl) !== npCr[sl] && ownedWithin(want(sl), born)))) && !makerKidsNeed(p.tgid, ty);
    // Time, per time ns cr makes (FORK-8: the child is born in cr's time_for_children at the
    // clone): nothing when the child makes its own time ns, or joins its final one itself (owned
    // within its born user ns, and no other process on its mm, which setns(time) refuses,
    // SETNS-6); else it is born after cr makes the one it needs and before cr makes a later one
    // (cr makes its own time ns before its pending time_for_children, UNSH-6). planner/ordering/time-birth.ts
    const timeOrder = childTimeOrder({
      need: want('time'), childMakes: nsCreator.get(want('time')) === p.leader,
      // (attempt vmTimeBirths: a CLONE_VM child's time order is vm-time-birth.ts's)
      childJoins: (want('time') === npC.time && !need?.has('time') && ownedWithin(want('time'), born) && !mmSharedWithProcess(p.leader)) || (f.vmTimeBirths === true && vmForked(eff(p.leader), eff(cr))),
      crTime: npCr.time, crTfc: npCr.timeForChildren, crMakes: (id) => nsCreator.get(id) === cr,
    });
    for (const sl of SLOTS) {
      // a child's time ns is its creator's time_for_children at the clone (UNSH-6, FORK-8)
      // cr ends where the child must be: settle, then create; unless the child can join that
      // namespace itself from its born user ns (childMayJoinShared: then no order is needed)
      const crSl = sl === 'time' ? 'timeForChildren' : sl;
      // (a namespace the child makes itself it has from its own unshare, not from cr; unless it
      // must be born in another one first, for its own children: birth-needs.ts)
      if (nsCreator.get(want(sl)) === p.leader) continue;
      // (nor when cr has that namespace from birth on: no join step of it changes that slot)
      if (want(sl) === npCr[crSl]) { if (!childMayJoinShared(sl, ownedWithin(want(sl), born)) && !slotFromBirth(cr, crSl)) { settleFirst = true; settled.push(want(sl)); } }
      else if (!ownedWithin(want(sl), born)) createBefore = true; // (one it has rights over, it joins itself)
    }
    // The child must come before cr's join step only when that step changes a slot where the
    // child differs from cr's final namespaces: not a slot of a namespace cr makes itself (its
    // ns step is ordered apart, below), joins after its switch or after its thread made it
    // (joinsWhereDiffers); an interim join does change its slot (birth-needs.ts). E.g. a CLONE_FS
    // child, which comes after cr's user-ns switch and so after the join step.
    const npW: NsProxyOf = need ? { ...npC, ...Object.fromEntries([...need]) } : npC;
    const mid = interimOf.get(crn);
    // (a child that forks a maker needing one of its birth namespaces gets no exemption for its own)
    const whoP = makers.size > 0 && (['mnt', 'uts', 'ipc', 'net', 'cgroup'] as const).some((ty) => makerKidsNeed(p.tgid, ty)) ? undefined : p.leader;
    // (variant ownJoins: not the slots where the child joins its own namespace itself from its born user ns, own-joins.ts)
    const ownC0 = f.ownJoins && whoP ? ownJoinSlots(f, npCr, npW, eff(p.leader).fs === null || (fsUsers.get(eff(p.leader).fs!) ?? 0) > 1, born, ownedWithin, need) : undefined;
    // (variant ownTfc: nor the time slots when the child joins its own time ns itself, own-tfc.ts)
    const ownC = f.ownTfc ? withOwnTime(ownC0, npCr, want('time') === npC.time && !need?.has('time') && ownedWithin(want('time'), born) && !mmSharedWithProcess(p.leader)) : ownC0;
    const crJoins = joinsWhereDiffers(cr, npCr, npW, true, whoP, ownC?.size ? ownC : undefined) || (mid !== undefined && [...mid].some(([sl, x]) => want(sl) !== npCr[sl] && want(sl) !== x));
    // (cr's joins split by type in a further build, split-joins.ts: the child that keeps cr's
    // older namespace in a slot cr joins in a deferred step comes before that step; before the
    // main one only when that still changes a slot where the child differs)
    const laterCr = f.splitJoins ? deferredOf.get(crn) : undefined;
    const crJoinsMain = !laterCr ? crJoins : joinsWhereDiffers(cr, npCr, npW, true, whoP, ownC?.size ? new Set([...laterCr, ...ownC]) : laterCr) || (mid !== undefined && [...mid].some(([sl, x]) => want(sl) !== npCr[sl] && want(sl) !== x));
    const keepsOlder = (why: string): void => {
      if (crJoinsMain) s.edge(born0, s.at('nsfix', crn), why, 'SETNS-7', { kind: 'keeps-original', child: p.tgid, creator: crn, ...(via.helper ? { helper: via.helper } : {}) });
      if (!crJoins) return;
      for (const id of deferredChangesFor(npCr, laterCr, (sl) => { const w = want(sl === 'timeForChildren' ? 'time' : sl); return w !== npCr[sl] && nsCreator.get(w) !== p.leader && !ownedWithin(w, born); })) s.edge(born0, deferredStep(crn, id), `${why} (its join of ${id}, apart)`, 'SETNS-7');
    };
    // (cr's loose early step changes its mount or time ns apart from its main joins: a child
    // that must keep the older one comes before it too)
    // (cr's early step, loose or not, changes its mount or time ns: a child that must keep the
    // older one, and can neither join nor make it, comes before that step too; seed 4626)
    const earlyCr = earlySlots.get(crn);
    const keepsOld = (sl: 'mnt' | 'time', crNs: string) => want(sl) !== crNs && nsCreator.get(want(sl)) !== p.leader && !ownedWithin(want(sl), born);
    // (variant creatorInterimJoins: a child needing both cr's final namespaces and others it left,
    // which cr joins in between, planner/output/interim-joins.ts)
    const rgt = f.creatorInterimJoins === true && createBefore && settleFirst && !via.helper && interimJoinsForChild({ f, s, em, crn, npCr, want, childHandles: (sl) => nsCreator.get(want(sl)) === p.leader || ownedWithin(want(sl), born), crBorn: bornUserOf(crn), nsOwner, interimOf, born0, tid: p.tgid });
    // (variant lateKeeps: also before cr's joins inside its user ns or of its threads' namespaces, late-keeps.ts)
    if (f.lateKeeps && createBefore) lateKeepEdges({ crn, npCr, want, childHandles: (sl) => nsCreator.get(want(sl)) === p.leader || ownedWithin(want(sl), born), late: lateJoins(cr), byThread: threadMadeJoins(cr), has: (x) => s.has(x), edge: (x, y, why, rule) => s.edge(x, y, why, rule), born0, tid: p.tgid });
    if (!rgt && createBefore && crJoins && earlyCr && ((earlyCr.mnt && (looseEarly.has(crn) ? npC.mnt !== npCr.mnt : keepsOld('mnt', npCr.mnt))) || (earlyCr.time && npC.time !== npCr.time && (looseEarly.has(crn) ? npC.time !== npCr.timeForChildren : keepsOld('time', npCr.timeForChildren))))) s.edge(born0, s.at('nsmnt', crn), `${p.tgid} must inherit ${crn}'s namespaces from before its early joins`, 'SETNS-7');
    if (createBefore && !settleFirst) {
      if (crJoins) keepsOlder(`${p.tgid} is born in a user ns without rights over ${crn}'s original namespaces, so ${crn} creates ${via.helper ?? 'it'} before changing them`);
      // (likewise before the joins cr makes inside its user ns, when a further build moved there one the child must not have: kept-rights-joins.ts)
      // (and, in the variant threadKeeps, before every such join: they may then follow its execve, thread-keeps.ts)
      if ((insideJoins.has(crn) || threadKeepsOn(f)) && s.has(`nsfix2:${crn}`) && SLOTS.some((sl) => sl !== 'timeForChildren' && sl !== 'time' && want(sl) !== npCr[sl] && (threadKeepsOn(f) || insideJoins.get(crn)!.has(npCr[sl])) && lateJoins(cr).has(npCr[sl]) && !ownedWithin(want(sl), born) && nsCreator.get(want(sl)) !== p.leader)) s.edge(born0, `nsfix2:${crn}`, `${p.tgid} is born in a user ns without rights over ${crn}'s original namespaces, so ${crn} creates ${via.helper ?? 'it'} before its joins inside its user ns`, 'SETNS-7');
      // (variant ownTfc: a child keeping cr's time_for_children from before cr's time join inside its user ns, own-tfc.ts)
      if (f.ownTfc && lateTimeKept(npCr, want('time'), lateJoins(cr), ownC) && s.has(`nsfix2:${crn}`)) s.edge(born0, `nsfix2:${crn}`, `${p.tgid} is born in ${crn}'s time_for_children from before its join of ${npCr.time} inside its user ns`, 'FORK-8');
      for (const id of nsOfCreatorEarly.get(crn) ?? []) {
        const ty = f.nsById.get(id)?.type;
        // (not one the child ends in too: it inherits it or, having rights over it, joins it;
        // time stays: the child's time ns is cr's time_for_children at the clone, FORK-8; unless
        // the child makes its time ns itself and enters it, whatever it was born in: UNSH-6, SETNS-6)
        if (ty === 'time') {
          const o = timeOrder(id);
          if (o === 'after') s.edge(`ns:${id}`, born0, `${p.tgid} inherits ${id} from ${crn}`, 'FORK-8');
          else if (o === 'before') s.edge(born0, `ns:${id}`, `${p.tgid} must inherit ${crn}'s time ns from before ${id}`, 'FORK-8');
        } else if (ty !== 'user' && !SLOTS.some((sl) => SLOT_TYPE[sl] === ty && want(sl) === id) && !makesOwn(ty!)) s.edge(born0, `ns:${id}`, `${p.tgid} must inherit ${crn}'s namespaces from before ${id}`, 'SETNS-7');
      }
    } else if (!createBefore || rgt) {
      // (variant helperJoinsFor: the helper joins them for it right before the fork, helper-joins-for.ts)
      if (settleFirst && f.helperJoinsFor && via.helper) {
        s.edge(s.at('nsfix', crn), s.at('task', p.tgid), `${p.tgid} is born in a user ns without rights over these namespaces: ${via.helper} joins them for it once ${crn} is in them`, 'SETNS-7');
        em.helperJoinKids.set(p.tgid, settled.slice());
      } else if (settleFirst) s.edge(s.at('nsfix', crn), born0, `${p.tgid} is born in a user ns without rights over these namespaces: it inherits them from ${crn}${via.helper ? ` through ${via.helper}` : ''} once ${crn} is in them`, 'SETNS-7', via.helper ? undefined : { kind: 'inherits-joined', child: p.tgid, creator: crn });
      // (a namespace cr joins in its deferred step: the child inherits it only after that step)
      const later = deferredOf.get(crn);
      // (likewise its loose early step: the mount or time ns the child inherits)
      const early = looseEarly.has(crn) ? earlySlots.get(crn) : undefined;
      if (early && settled.some((id) => (early.mnt && id === npCr.mnt) || (early.time && id === npCr.time))) s.edge(s.at('nsmnt', crn), born0, `${p.tgid} inherits ${crn}'s early-joined namespaces`, 'SETNS-7');
      // (variant lateSettledBirths: also after its joins inside its user ns, late-settled-birth.ts)
      const lateStep = settleFirst ? lateSettledStep(f, crn, settled, lateJoins(cr), (x) => s.has(x)) : undefined;
      if (lateStep) s.edge(lateStep, born0, `${p.tgid} is born in a user ns without rights over these namespaces: it inherits from ${crn} those ${crn} joins inside its own user ns, once it did`, 'SETNS-7');
      for (const id of settled) if (later?.has(id)) s.edge(deferredStep(crn, id), born0, `${p.tgid} is born in a user ns without rights over these namespaces: it inherits them from ${crn} once ${crn} is in them`, 'SETNS-7', { kind: 'inherits-joined', child: p.tgid, creator: crn });
      // (not one of a kind the child ends elsewhere in: one it makes itself or joins, SETNS-N;
      // time stays, the child's time ns being cr's time_for_children at the clone, FORK-8)
      for (const id of nsOfCreatorEarly.get(crn) ?? []) {
        const ty = f.nsById.get(id)?.type;
        if (ty === 'user' || postSwitch(id) || (ty !== 'time' && !SLOTS.some((sl) => SLOT_TYPE[sl] === ty && want(sl) === id))) continue;
        if (ty === 'time') {
          const o = timeOrder(id);
          if (o === 'after') s.edge(`ns:${id}`, born0, `${p.tgid} inherits ${id} from ${crn}`, 'FORK-8');
          else if (o === 'before') s.edge(born0, `ns:${id}`, `${p.tgid} must inherit ${crn}'s time ns from before ${id}`, 'FORK-8');
          continue;
        }
        s.edge(`ns:${id}`, born0, `${p.tgid} inherits ${id} from ${crn}`, 'SETNS-7');
      }
    } else {
      if (crJoins) keepsOlder(`${p.tgid} is born in a user ns without rights over ${crn}'s original namespaces, so ${crn} creates ${via.helper ?? 'it'} before changing them`);
      // per slot: a namespace the creator makes that the child shares is made before the child;
      // one the child must not have is made after it (the child inherits the older one)
      for (const id of nsOfCreatorEarly.get(crn) ?? []) {
        const ty = f.nsById.get(id)?.type;
        if (!ty || ty === 'user') continue;
        if (ty === 'time') {
          const o = timeOrder(id);
          if (o === 'after' && !postSwitch(id)) s.edge(`ns:${id}`, born0, `${p.tgid} inherits ${id} from ${crn}`, 'FORK-8');
          else if (o === 'before') s.edge(born0, `ns:${id}`, `${p.tgid} must inherit ${crn}'s time ns from before ${id}`, 'FORK-8');
          continue;
        }
        const shared = SLOTS.some((sl) => SLOT_TYPE[sl] === ty && want(sl) === id);
        if (shared && !postSwitch(id)) s.edge(`ns:${id}`, born0, `${p.tgid} inherits ${id} from ${crn}`, 'SETNS-7');
        else if (!shared && !makesOwn(ty)) s.edge(born0, `ns:${id}`, `${p.tgid} must inherit ${crn}'s ${ty} ns from before ${id}`, 'SETNS-7');
      }
    }
  }
  addMakerEdges(sctx, { passThrough, throughNode, forkNodeOf });
  addFsShareEdges(sctx, { relays, userRelays, fsUnshareRelays, atBirth, rootFs, settledRelays });
  // (variant zombieShares: a zombie handing its fs_struct on settles its mount ns first)
  addZombieMntJoins(sctx, atBirth);
  // (variant zombieJoins: a zombie joins before its switch what its later children can only inherit)
  addZombieJoins(sctx, { birthNeeds });
  addFilesUnshareEdges(sctx, filesBirth, filesAfterExec, atBirth);
  // (attempt vmTimeBirths: CLONE_VM children against their creator's time namespaces, vm-time-birth.ts)
  if (f.vmTimeBirths) addVmTimeBirthEdges(sctx);
  addFirstTableEdges(s, f, firstTables, FILES_UNSHARE, (l, th) => pickThreadCreator(f.procs.get(l)!, th));
  /**
   * Does t create child only after its own user-ns switch (the user-step edges below: a pid ns
   * owned by t's final user ns, a shared fs_struct, the second build's late children)? O(1).
   */
  /** (variant standInFsFirst: a zombie's CLONE_FS child of an upper user ns, forked before its switch, stand-in-fs-switch.ts) */
  const standInFsFirst = (t: Task, child: Task): boolean => standInFsBeforeSwitch(f, t, child, eff, (a, b) => em.userDescends(a, b));
  const followsSwitch = (t: Task, child: Task): boolean => {
    if (s.at('user', t.pid[0]) < 0 || (makers.has(child.pid[0]) && !makerNeedsOuter(child, t))) return false;
    if (child.pid[0] === child.tgid && creatorThread(actorOf(t.pid[0]), child) !== undefined) return false;
    const fsOfT = eff(t).fs;
    return switchFirst.get(child.pid[0]) === t.pid[0] || (fsOfT !== null && eff(child).fs === fsOfT && !standInFsFirst(t, child)) || (afterSwitch.has(child.pid[0]) && !makers.has(child.pid[0]));
  };
  /**
   * Does t create x (a task or helper creation step) before its user-ns switch, with the
   * PRIVILEGED_CREATION edge of the user-step loop below (not a maker that needs none, a child of
   * its thread, one that follows the switch, nor a helper sharing its fs_struct)? O(1).
   */
  const createdBeforeSwitch = (t: Task, x: string, child: Task | undefined): boolean => {
    if (s.at('user', t.pid[0]) < 0) return false;
    if (!child) return x.startsWith('helper:') && !helperByName.get(x.slice(7))?.share?.includes('fs') && !lateHelpers.has(x.slice(7));
    if (makers.has(child.pid[0]) && !makerNeedsOuter(child, t)) return false;
    if (child.pid[0] === child.tgid && creatorThread(actorOf(t.pid[0]), child) !== undefined) return false;
    return !followsSwitch(t, child);
  };
  /** Does p's execve keep every capability while p is still in its born user ns (uid 0 there is the restorer's)? */
  const execKeepsCapsBorn = (p: Proc): boolean => (!otherOwners || f.execRoot === true || euidStaysRoot(f, bornUser(actorOf(p.tgid)))) && em.get(ROOT_NAME).euid === 0 && rootMapsToRoot(bornUser(actorOf(p.tgid)));
  /** (process, creation step) pairs whose FORK-9 edge before execve waits for the execve order */
  const postSwitchKids: [number, string][] = [];
  for (const p of procOrder) {
    const ex = s.at('execve', p.tgid);
    if (ex < 0) continue;
    const me = eff(f.tasks.get(p.tgid)!);
    for (const x of creationsBy(actorOf(p.tgid)) ?? []) {
      const child = x.startsWith('task:') ? f.tasks.get(Number(x.slice(5))) : undefined;
      // (a dead leader's fd table is its threads' while it lived: eff)
      // (or its table before its own execve is p's after p's: seed 7065)
      const shares = !!child && eff(child).files !== null && (eff(child).files === me.files || (execBorn.get(child.pid[0]) === me.files && !execBornFresh.has(child.pid[0])));
      // a helper carrying p's fd table from after its execve (the FORK-4 edge of the helper loop)
      // is forked after it: what it forks gets its numbers through ns_last_pid when execve
      // dropped the capabilities (PID-6, emit.ts setTidFor), as for any creator without them
      if (x.startsWith('helper:') && carriesExecTable(x.slice(7))) continue;
      // a child created by one of p's threads comes after execve (which precedes threads, EXIT-1)
      const byThread = !!child && child.pid[0] === child.tgid && creatorThread(actorOf(p.tgid), child) !== undefined;
      if (child && execBorn.get(p.tgid) === eff(child).files) { s.edge(x, ex, `${x} shares the fd table ${p.tgid} holds before its execve`, 'FORK-4'); continue; }
      // (variant execMmRelays: or the mm it holds before, exec-mm-relay.ts)
      if (child && child.execed !== true && vmBorn.get(p.tgid) === eff(child).mm) { s.edge(x, ex, `${x} shares the address space ${p.tgid} holds before its execve (FORK-2)`, 'FORK-4'); continue; }
      // a process sharing p's address space got it with CLONE_VM after p's execve, which gives p a new mm (FORK-2)
      const sharesMm = !!child && child.pid[0] === child.tgid && me.mm !== null && eff(child).mm === me.mm;
      if (shares || byThread) s.edge(ex, x, shares ? `${x} shares the fd table ${p.tgid} has after execve` : `${x} is created by a thread of ${p.tgid}, and threads come after execve`, shares ? 'FORK-4' : 'EXIT-1');
      else if (sharesMm) s.edge(ex, x, `${x} shares the address space ${p.tgid} has since its execve`, 'FORK-2');
      else if (!(rootMapsToRoot(bornUser(actorOf(p.tgid))) && rootMapsToRoot(me.userns))) {
        // a child created after the switch: before execve only when execve comes after the
        // switch (decided with the execve order below, exec-order.ts); with execve first, the
        // switch gives the capabilities back (SETNS-4)
        if (child && !rootMapsToRoot(p.leader.userns) && followsSwitch(p.leader, child)) postSwitchKids.push([p.tgid, x]);
        else if (!child && !rootMapsToRoot(p.leader.userns) && s.at('user', p.tgid) >= 0 && lateHelpers.has(x.slice(7))) postSwitchKids.push([p.tgid, x]);
        // a creator that never switches and was asked (a further build) to create it late: after
        // execve drops its capabilities, ns_last_pid written by a privileged task names the
        // child's numbers (PID-6, emit.ts), as it does for any creator without them (seed 700)
        // (variant lateKidCaps: not one that makes a namespace, which needs the capabilities, late-kid-caps.ts)
        else if (child && afterSwitch.has(child.pid[0]) && !makers.has(child.pid[0]) && s.at('user', p.tgid) < 0 && !lateKidNeedsCaps(sctx, child)) continue;
        // created before the switch (PRIVILEGED_CREATION) by a creator whose execve keeps the
        // capabilities in its born user ns (its root there is the restorer's): an execve before
        // the switch drops nothing, one after it follows x anyway (seed 4309)
        else if (createdBeforeSwitch(p.leader, x, child) && execKeepsCapsBorn(p)) continue;
        else s.edge(x, ex, `${p.tgid} creates ${x} ${SET_TID_BEFORE_EXEC}`, 'FORK-9', { kind: 'set-tid-before-exec', creator: p.tgid });
      }
    }
  }
  // (variant fsSourceJoins: the user ns an fs source helper joins exists before its birth, fs-source-join.ts)
  if (f.fsSourceJoins) for (const h of m.helpers) {
    const u = fsSourceJoinUser(f, h, bornInUser, bornUser(h.name), (a, b) => em.userDescends(a, b), eff);
    const ucr = u ? nsCreator.get(u) : undefined;
    if (ucr) s.edge(bornInUser.get(ucr.pid[0]) === u ? `task:${ucr.pid[0]}` : `user:${ucr.pid[0]}`, `helper:${h.name}`, `user ns ${u} exists before ${h.name} enters it to fork its CLONE_FS sharers there`, 'SETNS-4', { kind: 'user-ns-exists', ns: u! });
  }
  for (const [id, cr] of nsCreator) {
    const def = f.nsById.get(id)!;
    const crn = cr.pid[0];
    if (def.type === 'user') {
      const parent = def.parent;
      const pcr = parent ? nsCreator.get(parent) : undefined;
      const made = bornInUser.get(crn) === id ? `task:${crn}` : `user:${crn}`;
      const pmade = pcr ? (bornInUser.get(pcr.pid[0]) === parent ? `task:${pcr.pid[0]}` : `user:${pcr.pid[0]}`) : undefined;
      if (parent) s.edge(pmade, made, `user ns ${parent} exists before its child ${id}`, 'OWN-1', { kind: 'user-ns-exists', ns: parent });
      for (const mbr of nsMembers.get(id) ?? []) if (mbr !== cr) s.edge(made, s.at('user', mbr.pid[0]), `user ns ${id} exists before ${mbr.pid[0]} enters it`, 'SETNS-4', { kind: 'user-ns-exists', ns: id, enters: { role: 'task', tid: mbr.pid[0] } });
      continue;
    }
    const nsn = `ns:${id}`;
    s.edge(s.at('task', crn), nsn, `${crn} exists`, 'UNSH-4');
    if (postSwitch(id)) s.edge(s.at('user', crn), nsn, `${crn} must be in ${id}'s owner user ns when creating it`, 'OWN-1');
    else s.edge(nsn, s.at('user', crn), `${crn} creates ${id} while still in the owner user ns`, 'OWN-1');
    const np = f.nsproxy.get(cr.nsproxy!)!;
    if (def.type === 'time' && np.time !== id) {
      // its own time ns made by itself too: entering that one sets time_for_children as well
      // (SETNS-6); its join step then touches neither time slot, so only that creation comes first
      if (nsCreator.get(np.time) === cr) s.edge(`ns:${np.time}`, nsn, `${crn} enters its own new time ns ${np.time} before making ${id} its time_for_children`, 'SETNS-6');
      else s.edge(earlySlots.get(crn)?.time ? `nsmnt:${crn}` : `nsfix:${crn}`, nsn, `${crn} settles its own time ns before making ${id} its time_for_children`, 'UNSH-6', { kind: 'own-tfc-after-join', tid: crn, ns: id });
    }
    else if (!postSwitch(id) && !ownNsAfterJoins(def.type)) s.edge(nsn, `nsfix:${crn}`, `${crn} created ${id}`, 'UNSH-4');
    for (const mbr of nsMembers.get(id) ?? []) if (mbr !== cr) s.edge(nsn, joinStep(mbr, id), `${def.type} ns ${id} exists before ${mbr.pid[0]} joins it`, 'SETNS-7', { kind: 'exists-before-join', type: def.type, ns: id, joiner: mbr.pid[0] });
  }
  // (variant wayDownOrder: the order around an init forked on its creator's way down, way-down-order.ts)
  addWayDownEdges(sctx, creationsBy, createdBeforeSwitch);
  for (const [tid, joins] of deadLeaderJoins) {
    s.edge(`task:${tid}`, `nsfix:${tid}`, 'after birth', 'SETNS-7');
    s.edge(`nsfix:${tid}`, `user:${tid}`, 'join namespaces while still privileged', 'SETNS-7', PRIVILEGED_JOIN_TAG);
    for (const want of joins.values()) {
      s.edge(`ns:${want}`, `nsfix:${tid}`, `${want} exists before dead leader ${tid} joins it for its threads`, 'SETNS-7');
      const hd = holderOfNs.get(want);
      if (hd) s.edge(`nsfix:${tid}`, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${want} until ${tid} joined`, 'SETNS-7');
    }
  }
  for (const t of live) {
    s.edge(`task:${t.pid[0]}`, `nsfix:${t.pid[0]}`, 'after birth', 'SETNS-7');
    s.edge(`nsfix:${t.pid[0]}`, `user:${t.pid[0]}`, 'join namespaces while still privileged', 'SETNS-7', PRIVILEGED_JOIN_TAG);
    if (looseEarly.has(t.pid[0])) {
      s.edge(`nsmnt:${t.pid[0]}`, `user:${t.pid[0]}`, 'join namespaces while still privileged', 'SETNS-7', PRIVILEGED_JOIN_TAG);
      const pr = f.procs.get(t.tgid);
      if (!pr || pr.leader !== t || !execKeepsCaps(pr)) s.edge(`nsmnt:${t.pid[0]}`, `execve:${t.pid[0]}`, 'setns before execve', 'SETNS-7');
    }
    for (const id of deferredOf.get(t.pid[0]) ?? []) {
      const d = deferredStep(t.pid[0], id);
      s.edge(d, `user:${t.pid[0]}`, 'join namespaces while still privileged', 'SETNS-7', PRIVILEGED_JOIN_TAG);
      s.edge(d, `nsfix2:${t.pid[0]}`, 'the privileged joins first', 'SETNS-7');
      s.edge(d, `nsfix3:${t.pid[0]}`, 'the other joins first', 'SETNS-7');
    }
    if (lateJoins(t).size > 0) {
      s.edge(`user:${t.pid[0]}`, `nsfix2:${t.pid[0]}`, 'namespaces of its own user ns, joined from inside it', 'SETNS-7');
      s.edge(`nsfix:${t.pid[0]}`, `nsfix2:${t.pid[0]}`, 'the privileged joins first', 'SETNS-7');
      const pr = f.procs.get(t.tgid);
      if (pr && pr.leader === t) {
        for (const th of pr.threads) {
          if (threadBeforeLateJoins(t, th)) s.edge(`task:${th.pid[0]}`, `nsfix2:${t.pid[0]}`, `thread ${th.pid[0]} keeps ${t.pid[0]}'s namespaces from before its joins inside its user ns (SETNS-7 is per thread)`, 'SETNS-7');
          else s.edge(`nsfix2:${t.pid[0]}`, `task:${th.pid[0]}`, 'threads copy the leader\'s namespaces; setns needs a single thread for some kinds', 'SETNS-7');
        }
      }
      const pr2 = f.procs.get(t.tgid);
      if (!pr2 || pr2.leader !== t || !(execKeepsCaps(pr2) || lateJoinsFreeOfExec(f, execKeepsCapsOnly(pr2)))) s.edge(`nsfix2:${t.pid[0]}`, `execve:${t.pid[0]}`, 'setns before execve', 'SETNS-7');
    }
  }
  for (const t of f.image.tasks) {
    if (s.at('user', t.pid[0]) < 0) continue;
    s.edge(s.at('task', t.pid[0]), s.at('user', t.pid[0]), 'after birth', 'SETNS-4');
    // (setsid and setpgid need no capability, SID-1, PGID-2: they may come before or after the switch)
    const fsOfT = eff(t).fs;
    for (const x of creationsBy(actorOf(t.pid[0])) ?? []) {
      const child = x.startsWith('task:') ? f.tasks.get(Number(x.slice(5))) : undefined;
      if (child && makers.has(child.pid[0]) && !makerNeedsOuter(child, t)) continue; // the maker has no need of the creator's privilege
      // a child made by one of t's threads comes after t's switch, like the thread (SETNS-4);
      // its outer pid numbers then go through ns_last_pid (FORK-9, OWN-6)
      if (child && child.pid[0] === child.tgid && t.pid[0] === t.tgid && creatorThread(actorOf(t.pid[0]), child) !== undefined) continue;
      if (child && switchFirst.get(child.pid[0]) === t.pid[0]) s.edge(`user:${t.pid[0]}`, x, f.procs.get(child.tgid)?.isInit === false ? `${t.pid[0]} enters user ns ${t.userns} before sharing its fs_struct with ${child.pid[0]}, whose threads keep it (SETNS-4)` : `${t.pid[0]} enters user ns ${t.userns} first, so the pid ns it creates for ${child.pid[0]} is owned by it (OWN-1)`, f.procs.get(child.tgid)?.isInit === false ? 'SETNS-4' : 'OWN-1');
      // (with `shares`, a relay child too: it shares t's fs_struct from birth until its own copy, fs-relays.ts)
      else if (child && fsOfT !== null && !standInFsFirst(t, child) && (eff(child).fs === fsOfT || (m.shares === true && atBirth(child).fs === fsOfT))) s.edge(`user:${t.pid[0]}`, x, `${t.pid[0]} enters its user ns before sharing its fs_struct with ${child.pid[0]} (SETNS-4)`, 'SETNS-4');
      else if (!child && x.startsWith('helper:') && helperByName.get(x.slice(7))?.share?.includes('fs')) s.edge(`user:${t.pid[0]}`, x, `${t.pid[0]} enters its user ns before sharing its fs_struct with ${x.slice(7)} (SETNS-4)`, 'SETNS-4');
      else if (child && afterSwitch.has(child.pid[0]) && !makers.has(child.pid[0])) s.edge(`user:${t.pid[0]}`, x, `${t.pid[0]} creates ${child.pid[0]} from its final user ns ${t.userns} (set_tid there, ns_last_pid outside)`, 'FORK-9');
      else if (!child && lateHelpers.has(x.slice(7))) s.edge(`user:${t.pid[0]}`, x, `${t.pid[0]} forks ${x.slice(7)} from its final user ns ${t.userns} (its children's numbers: set_tid there, ns_last_pid outside)`, 'FORK-9');
      else s.edge(x, `user:${t.pid[0]}`, `${t.pid[0]} ${PRIVILEGED_CREATION}`, 'FORK-9', { kind: 'privileged-creation', creator: t.pid[0] });
    }
  }

  // A pending pid_for_children that is a new, still empty pid ns (unshare(CLONE_NEWPID) with no
  // child yet): created in the main phase, while the task's credentials are in the ns's owner
  // (OWN-1), after every task it creates (its later children would land there, UNSH-5).
  // One held by several tasks is unshared by one of them; the others join it (empty-pfc.ts).
  const sharedPfc = sharedEmptyPfc(f);
  for (const t of live) {
    const np = f.nsproxy.get(t.nsproxy!);
    if (!np || np.pidForChildren === t.pidns) continue;
    const info = f.pidns.get(np.pidForChildren);
    if (!info || info.populated || info.ns.external) continue;
    const sharers = sharedPfc.get(np.pidForChildren);
    if (sharers && sharers[0] !== t.pid[0]) continue;
    const id = `pfcnew:${t.pid[0]}`;
    const a = actorOf(t.pid[0]);
    // (an owner strictly between the task's birth user ns and its final one: pfcOnTheWay below,
    // the unshare happens in the user step, inside that owner)
    s.add(id, 'ns-create', `${t.pid[0]} unshares pid ns ${np.pidForChildren}`, [t.pid[0]], () => em.finalPfc(a, np.pidForChildren, `pending pid_for_children ${np.pidForChildren} of ${t.pid[0]}: unshare(CLONE_NEWPID) with no child yet (UNSH-5)`));
    s.edge(s.at('task', t.pid[0]), id, 'after birth', 'UNSH-5');
    for (const x of creationsBy(a) ?? []) s.edge(x, id, `${t.pid[0]}'s children are born in its own pid ns before the unshare`, 'UNSH-5');
    const pr = f.procs.get(t.tgid);
    if (pr) for (const th of pr.threads) s.edge(s.at('task', th.pid[0]), id, 'threads cannot be created after unshare(CLONE_NEWPID)', 'FORK-2');
    if (pr) s.edge(s.at('task', pr.tgid), id, 'leader first', 'FORK-2');
    const owner = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
    // (an unshare from inside the owner comes after the switch, which gives every capability
    // there back, SETNS-4; execve then precedes the switch when it would drop them)
    const ownerNow = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
    const born = bornUser(a);
    if (owner !== t.userns && owner !== born) {
      // owned by a user ns t passes through on its way to its own: unshared in its user step
      if (s.at('user', t.pid[0]) >= 0 && em.userDescends(t.userns, owner) && em.userDescends(owner, born)) {
        pfcOnTheWay.set(t.pid[0], { owner, pfc: np.pidForChildren });
        s.edge(`user:${t.pid[0]}`, id, `${t.pid[0]} unshares ${np.pidForChildren} in its user step, inside ${owner}`, 'OWN-1');
        for (const x of creationsBy(a) ?? []) s.edge(x, `user:${t.pid[0]}`, `${t.pid[0]}'s children are born in its own pid ns before the unshare`, 'UNSH-5');
      } else failures.push({ rule: 'OWN-1', culprits: [t.pid[0]], reason: `pid ns ${np.pidForChildren}, pending pid_for_children of ${t.pid[0]}, is owned by user ns ${owner}, which ${t.pid[0]} (born in ${born}, ending in ${t.userns}) never has its credentials in` });
      continue;
    }
    // (not when execve keeps every capability: seed 319 shares its post-execve fd table with a
    // child born before the unshare)
    // (nor, variant execCaps, when it precedes the switch and execve keeps them in the born user ns: born-exec-caps.ts)
    const beforeSwitch = !(owner === t.userns && owner !== bornUser(a));
    const keeps = pr !== undefined && pr.leader === t && (execKeepsCapsOnly(pr) || (beforeSwitch && execFreeBeforeSwitch(f, s, t.pid[0], execKeepsCapsBorn(pr))));
    if (!(ownerNow === t.userns && ownerNow !== bornUser(a) && !rootMapsToRoot(t.userns)) && !keeps) s.edge(id, `execve:${t.pid[0]}`, 'unshare needs the capabilities execve may drop', 'UNSH-4');
    if (owner === t.userns && owner !== bornUser(a)) s.edge(`user:${t.pid[0]}`, id, `${np.pidForChildren} is owned by ${owner}, so ${t.pid[0]} unshares it from there`, 'OWN-1');
    else s.edge(id, `user:${t.pid[0]}`, `${np.pidForChildren} is owned by ${owner}, so ${t.pid[0]} unshares it before leaving it`, 'OWN-1');
  }

  // inits born into a pid ns their creator unshared before its switch (unshare-init.ts)
  if (f.unshareInits || f.setidsUnshareInits) {
    // (or forked after an execve that drops the capability: it shares the table execve gave)
    const afterExec = (init: number, by: number): boolean => {
      const cr = f.procs.get(by);
      const files = eff(f.tasks.get(init)!).files;
      return !!cr && s.at('execve', by) >= 0 && !execKeepsCapsOnly(cr) && files !== null && files === eff(cr.leader).files && execBorn.get(by) !== files;
    };
    for (const [init, by] of unshareInitsOf(f, m, live, makers, bornInUser, bornUser, (tid) => s.at('user', tid) >= 0, afterExec)) {
      unshareInit.set(init, by);
      unshareBy.add(by);
      addUnshareInitStep(s, f, em, init, by, creationsBy(actorOf(by)) ?? [], helperByName);
    }
  }
  // a final pid_for_children only the born user ns may set: before the switch (pfc-early.ts)
  // (variant threadPfc: a child one of the creator's threads forks does not wait for the leader's pid_for_children, thread-creators.ts pfcThread)
  const leaderCreationsBy = !f.threadPfc ? creationsBy : (a: string) => creationsBy(a)?.filter((x) => {
    const c = x.startsWith('task:') ? f.tasks.get(Number(x.slice(5))) : undefined;
    return !c || creatorThread(a, c) === undefined;
  });
  // (a pfc-helper.ts helper is born in its creator's own pid ns: no reason to move pid_for_children)
  const pfcCreationsBy = m.helpers.some((h) => h.keepsPfc) ? (a: string) => leaderCreationsBy(a)?.filter((x) => !(x.startsWith('helper:') && helperByName.get(x.slice(7))?.keepsPfc)) : leaderCreationsBy;
  addEarlyPfcSteps(s, f, em, live.filter((t) => !unshareBy.has(t.pid[0])), actorOf, bornUser, pfcCreationsBy, rootMapsToRoot, (tid) => { const pr = f.procs.get(tid); return pr !== undefined && pr.leader.pid[0] === tid && execKeepsCapsOnly(pr); },
    (tid) => { const pr = f.procs.get(tid); return pr !== undefined && pr.leader.pid[0] === tid && execFreeBeforeSwitch(f, s, tid, execKeepsCapsBorn(pr)); });

  addFinalPhase(sctx, { live, failures, finals, execSwitch, postSwitchKids, sharedPfc, creationsBy });
  // a share-source helper makes its sharers' mount ns before its member creator would (source-mnt.ts)
  // (not when its creator ends in that ns: the helper is then born there)
  for (const h of m.helpers) {
    const mnt = sourceMntOf(f, h);
    const cr = mnt ? nsCreator.get(mnt) : undefined;
    const by = h.by.startsWith('t') ? f.tasks.get(Number(h.by.slice(1))) : undefined;
    if (!mnt || !cr || !s.has(`ns:${mnt}`) || (by?.nsproxy && f.nsproxy.get(by.nsproxy)?.mnt === mnt)) continue;
    sourceMnt.set(h.name, mnt);
    s.edge(`helper:${h.name}`, `ns:${mnt}`, `${h.name} makes mnt ns ${mnt} for the fs_struct it hands out (UNSH-1, SETNS-3)`, 'SETNS-3');
  }
  // (variant sourceShares: a share-source helper of an address space makes its sharers' pending
  // time_for_children before its CLONE_VM forks, source-shares.ts)
  for (const h of m.helpers) {
    const kids = h.creates.map((x) => f.procs.get(x)).filter((p): p is NonNullable<typeof p> => p !== undefined);
    const mm = kids.length > 1 ? kids.map((p) => eff(p.leader).mm) : [];
    const tm = sourceTimeOf(m.sourceShares, f.procs, (np) => { const x = f.nsproxy.get(np); return x ? { time: x.time, tfc: x.timeForChildren } : undefined; }, (ns) => f.nsById.get(ns)?.external === true, h, mm.length > 1 && mm[0] !== null && mm.every((o) => o === mm[0]));
    if (!tm || !s.has(`ns:${tm}`)) continue;
    h.makesTime = tm;
    s.edge(`helper:${h.name}`, `ns:${tm}`, `${h.name} makes time ns ${tm}, the pending time_for_children of the processes it forks with CLONE_VM (FORK-7, UNSH-6)`, 'UNSH-6');
  }
  // the top of an fs_struct creator chain enters its sharers' mount ns before forking them (relay-mnt.ts)
  addRelayMntSteps(sctx, relays, fsUnshareRelays, atBirth);
  return { schedule: s, helperVectors, failures, nsCreators: new Map([...nsCreator].map(([id, t]) => [id, t.pid[0]])), makers: [...makers].map(([tid, mk]) => ({ name: mk.name, init: tid, owner: mk.owner })), holders: [...holders.values()].map((hd) => ({ name: hd.name, ns: hd.nss.join(', '), owner: hd.owner, envOwner: hd.envOwner })) };

  /** Is p's group visible in p's pid ns (its leader's ns is p's or below it, PID-4)? */
  function groupVisible(p: Proc): boolean {
    const g = p.pgid;
    const ns = f.procs.get(g)?.pidns ?? (m.groupGhost.get(g) ?? m.sessionGhost.get(g))?.pidns ?? pidNsAtLevel(f, p.pidns, p.leader.pgid.length - 1);
    return !!ns && p.leader.pgid.length > p.level && pidNsWithin(f, ns, p.pidns);
  }
}
