/**
 * Indexes of an image the planner reads everything through: processes (thread groups) with their
 * image parent, session and group, pid namespaces with levels and inits, namespace objects with
 * their members. One pass over tasks and namespaces: O(tasks + namespaces).
 */
import type { Image, Namespace, NsProxy } from '../../model/image.js';
import { knownUserNs, type PlannedImage, type PlannedTask as Task } from '../checks/unknowns.js';

/** The restorer's own process, as a parent (image ppid 0) or a session/group owner. */
export const ROOT = 0;

export interface Proc {
  tgid: number;
  leader: Task;
  /** non-leader threads, by tid */
  threads: Task[];
  /** image parent tgid, 0 = the restorer (ROOT) */
  parent: number;
  /** level-0 numbers of session and group; 0 = the restorer's (inherited from outside) */
  sid: number;
  pgid: number;
  pidns: string;
  level: number;
  zombie: boolean;
  children: number[];
  /** depth in the image tree (children of ROOT: 1) */
  depth: number;
  /** innermost pid is 1: this process is the init of its pid ns */
  isInit: boolean;
  /**
   * its group has a number in its pid ns: the group leader's pid ns (the leader's, or for a dead
   * leader the one at the vector's level on p's chain) is p's or a descendant (PID-4). A pgid
   * vector long enough is not enough: a leader in a sibling pid ns of the same level has one
   * entry per level too (seed 849). Set by buildFacts.
   */
  groupInNs: boolean;
  /**
   * its group has no number in its pid ns, but its parent, in an outer pid ns, can move it there
   * with setpgid (planner/creators/parent-group.ts); set only by a re-plan that offers it
   */
  groupByParent?: true;
}

export interface PidNsInfo {
  ns: Namespace;
  level: number;
  parent: string | null;
  /** tgid of the process whose innermost pid is 1 here, if any */
  init: number | null;
  /** numbers in use at this ns's level by image tasks, groups and sessions (PID-3) */
  used: Set<number>;
  /** any image task lives in this ns */
  populated: boolean;
}

export interface Facts {
  /** a re-plan variant (planner/ordering/unshare-init.ts): inits born into a pid ns their creator unshared */
  unshareInits?: true;
  /** a re-plan variant (planner/ordering/split-joins.ts): a creator's joins split by type around the children of an ordering cycle, and children held before a time ns made on the way created after the switch */
  splitJoins?: true;
  /** a further build (planner/ordering/regroup-leader.ts): group leaders that make their group again after forking a child into their final group */
  regroupLeaders?: ReadonlySet<number>;
  /** a further build of re-plan variant visitingLeaders (planner/variants/visiting-leader.ts): group leaders visiting another group G of their session (leader -> G) to fork there */
  visitingLeaders?: ReadonlyMap<number, number>;
  /** re-plan variant visitingLeaders: such leaders are looked for on ordering cycles */
  visitLeaders?: true;
  /** re-plan variant transitGroups (planner/variants/transit-group.ts): a process moved by its parent into a second group of its birth session for a while, to fork there */
  transitGroups?: true;
  /** re-plan variant heldOwnersAlone (planner/variants/held-owner-alone.ts): a rebuild round handing a user ns to a holder moves no creation after a switch */
  heldOwnersAlone?: true;
  /** re-plan variant helperJoinsFor (planner/variants/helper-joins-for.ts): a helper joins for its child what it must inherit from its creator's final namespaces */
  helperJoinsFor?: true;
  /** re-plan variant insideOwnerInits (planner/variants/inside-owner-init.ts): an init not born making its owner forked by its creator from inside that owner, no maker */
  insideOwnerInits?: true;
  image: PlannedImage;
  procs: Map<number, Proc>;
  /** processes in top-down order (parents before children), ties by tgid: O(n) */
  order: Proc[];
  tasks: Map<number, Task>;
  nsById: Map<string, Namespace>;
  nsproxy: Map<string, NsProxy>;
  pidns: Map<string, PidNsInfo>;
  /** the image's level-0 pid ns and whether the restorer already lives in it */
  rootPidNs: string;
  rootPidNsExternal: boolean;
  /** the restorer's pid ns id as the planner names it (the image root when external) */
  hostPidNs: string;
  rootUserNs: string;
  /** session leaders that exist in the image (alive or zombie) by sid */
  sessions: Map<number, number[]>;
  groups: Map<number, number[]>;
  /** processes whose parent is the restorer (ppid 0), by tgid */
  rootChildren: number[];
  /**
   * a second plan after an undecided first (planner/index.ts): time-ns makers first, i.e. a user
   * ns made by the shallow member that made a time ns (or another namespace) inside it, not by a
   * deeper init at its birth or a deeper single-threaded member (build.ts shallowerMaker, holdsTimeOwnedBy)
   */
  timeMakersFirst?: boolean;
  /** A re-plan variant (planner/index.ts): a new time ns is made by the first member that may, not the one highest up its creator's chain (build.ts topCreatorInNs; seed 5997). */
  timeCreatorFirstFound?: true;
  /**
   * Re-plan variant: a process whose leader is dead counts as a holder of its threads' mm for
   * planner/sharing/sharers.ts (the leader held it before it exited: threads share one mm, FORK-2), so it
   * creates a sibling sharing that mm with CLONE_VM|CLONE_PARENT before its leader exits.
   */
  deadLeaderMm?: true;
  /**
   * Re-plan variant (planner/index.ts execCaps): a task whose execve keeps every capability (uid 0
   * of its user ns is the restorer's, cap_bprm_creds_from_file) may join namespaces after it even
   * when its time ns and time_for_children differ (build.ts execKeepsCapsOnly, SETNS-7).
   */
  execJoinsAfter?: true;
  /** variant execBornFirst: an execve before the user-ns switch, in a born user ns where it keeps every capability, lets joins follow it (misc-exec-born-caps.ts) */
  execBornFirst?: true;
  /**
   * Re-plan variant (planner/index.ts threadKeeps, with execCaps): threads and children keeping a
   * leader's older namespaces while it joins its final ones around its execve (planner/ordering/thread-keeps.ts).
   */
  threadKeeps?: true;
  /** re-plan variant ownJoins (planner/variants/own-joins.ts): a thread or child that joins its own namespace in a slot, owned within its born user ns, keeps nothing of its creator's there */
  ownJoins?: true;
  /** re-plan variant keptDeferred, with splitJoins (planner/variants/thread-before-deferred.ts): a thread keeping its leader's namespace from before a deferred per-thread join is created before that join */
  keptDeferred?: true;
  /** re-plan variant threadTimeOwner, with splitJoins (planner/variants/thread-time-owner.ts): threads' pending time ns owned by their leader's born user ns is made by the leader before its switch */
  threadTimeOwner?: true;
  /** re-plan variant ownTfc (planner/variants/own-tfc.ts): a join step leaves both time slots alone when the time ns is from birth and time_for_children the task's own */
  ownTfc?: true;
  /** re-plan variant ownBornBelow (planner/variants/born-below.ts): build.ts lists every task born above its final user ns, and the re-plan bans every component choice behind them at once */
  ownBornBelow?: true;
  /** re-plan variant holderOwners (planner/ordering/holder-owner.ts): a holder making a namespace inside a user ns on an ordering cycle makes that user ns too */
  holderOwners?: true;
  /** further builds of variant holderOwners (planner/ordering/holder-owner.ts): user namespaces made by their holder, every member entering them */
  heldOwners?: ReadonlySet<string>;
  /** re-plan variant ownTimeThreads (planner/variants/time-threads.ts): a pending time_for_children several threads hold made by the one tied to another task of its process, copied by the others whatever their tids */
  ownTimeThreads?: true;
  /** re-plan variant threadPfc (thread-creators.ts): a child that its process's leader and a thread would create sharing the same is created by the thread whose pid_for_children is the child's pid ns, when the leader's is not */
  threadPfc?: true;
  /** re-plan variant makerKids (maker-needs.ts earlyChildNeed): a maker-made init's namespaces that the maker of an init it creates must inherit from it count as its early needs */
  makerKids?: true;
  /** re-plan variant newUserInterim (new-user-interim.ts): interim joins also for children a creator forks into a new user ns before its own switch */
  newUserInterim?: true;
  /** re-plan variant zombieKids (zombie-kids.ts, maker-needs.ts earlyChildNeed): the children of the zombies a maker-made init forks count among its early children */
  zombieKids?: true;
  /** re-plan variant zombieJoins (zombie-joins.ts): a zombie joins, before its user-ns switch, the namespaces the children it forks after it can only inherit */
  zombieJoins?: true;
  /** re-plan variant zombiePreSwitchNs (zombie-pre-switch-ns.ts): a zombie makes or enters its CLONE_FS children's pid and time ns before its user-ns switch */
  zombiePreSwitchNs?: true;
  /** re-plan variant deadLeaderMntRelays (dead-leader-mnt-relay.ts): a dead leader forks its CLONE_FS children ending elsewhere before it makes its mount ns */
  deadLeaderMntRelays?: true;
  /** re-plan variant deadUserRelays (dead-leader-user-relay.ts): a dead leader leaving its creator's user ns relays the fs_struct its creator passed on */
  deadUserRelays?: true;
  /** re-plan variant deadFirstHolderMnts (dead-first-holder-mnt.ts): dead leaders planned in their sharers' mount ns -> the fs_struct they first held */
  deadFirstHolderFs?: ReadonlyMap<number, string>;
  /** re-plan variant deepMakerNeeds (deep-maker-needs.ts): a pid-ns maker joins for its init what the init's descendants can only inherit through it */
  deepMakerNeeds?: true;
  /** re-plan variant setidsCreators (setids-ns-creators.ts, pfc-early.ts): tasks whose final pid_for_children is set before their user-ns switch although their final user ns still has the rights */
  setidsEarlyPfc?: Set<number>;
  /** re-plan variant setidsCreators (setids-ns-creators.ts, unshare-init.ts): pid-ns inits born into the pid ns their creator unshared, which could open no task there later */
  setidsUnshareInits?: Set<number>;
  /** re-plan variant setidsLateJoins (late-joins.ts): joins after the user-ns switch even with user namespaces owned by other uids */
  setidsLateJoins?: true;
  /** re-plan variant dumpable (dump-after-switch.ts, emit.ts): a task made non-dumpable by a credential change makes itself dumpable again at once */
  dumpAfterSwitch?: true;
  /** re-plan variant userHolders (user-holder.ts, emit.ts enterUserChain): a bare user ns with several child user namespaces is made by a holder the others join through */
  userHolders?: true;
  /** re-plan variant pfcEmitHelpers (pfc-emit-helper.ts, emit.ts clone): a child forked into another pid ns by a helper of its creator, whose pid_for_children stays on its own pid ns */
  pfcEmitHelpers?: true;
  /** re-plan variant groupGhostHeirs (group-taken-number.ts): a dead leader's group -> the pid ns its leader lived in, where a member's own one of that level has the group's number as a task's pid */
  deadGroupNs?: Map<number, string>;
  /** re-plan variant initJoinHelpers (init-join-helper.ts, emit.ts clone): a pid-ns init's child forked by a helper holding what the init cannot give it, handed to the init at the helper's exit */
  initJoinHelpers?: true;
  /** re-plan variant execRoot (exec-root.ts): a privileged task takes its user ns's uid 0 before its execve, which keeps its capabilities then */
  execRoot?: true;
  /** attempt initJoinGroups (index.ts, with initJoinHelpers): that helper's source may be in another group of the child's session (init-join-groups.ts) */
  initJoinGroups?: true;
  /** re-plan variant creatorInterimJoins (interim-joins.ts): a creator joins in between what a child born in a new user ns needs besides its final namespaces */
  creatorInterimJoins?: true;
  /** re-plan variant rootEuidExec (root-euid-exec.ts): with credential switches, an execve keeps its capabilities where no switch reaches the process (its user namespaces all created by uid 0) */
  rootEuidExec?: true;
  /** re-plan variant initsOnTheWay (init-on-the-way.ts): a pid-ns init forked by its creator once it entered the pid ns's owner on its way down to its final user ns */
  initsOnTheWay?: true;
  /** re-plan variant wayDownOrder (way-down-order.ts, with initsOnTheWay): the init's owner made, and its creator's privileged creations made, before the creator enters that owner */
  wayDownOrder?: true;
  /** re-plan variant forkingThreadMnt (forking-thread-mnt.ts): a CLONE_FS child forked by a thread holding what it shares: that thread settles its mount ns first */
  forkingThreadMnt?: true;
  /** re-plan variant zombieSwitchMnt (zombie-switch-mnt.ts): a zombie first holder makes its CLONE_FS children's mount ns after its switch into the user ns that owns it */
  zombieSwitchMnt?: true;
  /** re-plan variant lateKidCaps (late-kid-caps.ts): a late child that makes a namespace is forked before its creator's execve */
  lateKidCaps?: true;
  /** re-plan variant filesMakers (files-maker.ts): a pid-ns maker forked with CLONE_FILES carries its creator's fd table to an init sharing only that */
  filesMakers?: true;
  /** re-plan variant fsSourceJoins (fs-source-join.ts): an fs_struct source helper joins the user ns its sharers end in, made by another task, before its CLONE_FS forks */
  fsSourceJoins?: true;
  /** re-plan variant lateKeeps (late-keeps.ts): a child that keeps a creator's older namespace is forked before its later join steps too */
  lateKeeps?: true;
  /** re-plan variant threadKids (thread-kids.ts): a thread forking a child that keeps its leader's older namespace is created before the leader's unshare */
  threadKids?: true;
  /** re-plan variant userBoundCreators (user-bound-creators.ts): every member's creator in a user ns at or above the one it must be born in, its own children counted */
  userBoundCreators?: true;
  /** re-plan variant standInFsFirst (stand-in-fs-switch.ts): a zombie standing in for an fs_struct forks its CLONE_FS children of an upper user ns before its switch */
  standInFsFirst?: true;
  /** re-plan variant outerInits (outer-init-first.ts): an init created from outside its parent pid ns after that ns's init */
  outerInits?: true;
  /** re-plan variant userKeepers (user-ns-keeper.ts): a holder keeps a user ns open that its last member leaves before its other members enter it; a helper makes a bare user ns on its way */
  userKeepers?: true;
  /** re-plan variant threadedLeaderJoins (threaded-leader-joins.ts): a leader with threads joins its mount and time ns before its user-ns switch, never from inside it */
  threadedLeaderJoins?: true;
  /** re-plan variant vmTimeThreads (vm-time-thread.ts): a CLONE_VM child forked by the thread of its creator's process holding its time ns and time_for_children */
  vmTimeThreads?: true;
  /** re-plan variant lateSettledBirths (late-settled-birth.ts): a child inheriting namespaces its creator joins inside its own user ns is born after those joins */
  lateSettledBirths?: true;
  /** re-plan variant sharedFsMnts (shared-fs-mnt.ts): an fs relay is in the mount ns of its birth fs_struct's live holders until its copy */
  sharedFsMnts?: true;
  /** re-plan variant nsKeeperThreads (ns-keeper-thread.ts): a child forked by the thread of its creator's process still holding the namespaces it is born with, the leader having left them */
  nsKeeperThreads?: true;
  /** re-plan variant threadOwnTfcs (thread-own-tfc.ts): a thread making its own time_for_children in its leader's time ns is not ordered against the leader's time ns making */
  threadOwnTfcs?: true;
  /** attempt initJoinOwnTfcs (init-join-own-tfc.ts): the init-join helper also for a child making its own time_for_children */
  initJoinOwnTfcs?: true;
  /** re-plan variant execMmRelays (exec-mm-relay.ts): an execve'd process born with its creator's mm forks with CLONE_VM the children keeping it before its execve */
  execMmRelays?: true;
  /** re-plan attempt vmTimeBirths (vm-time-birth.ts): CLONE_VM children forked against their creator's time namespaces */
  vmTimeBirths?: true;
  /** re-plan variant threadInterimJoins (thread-interim-joins.ts): a leader joins before its switch what a thread kept before its late joins inherits */
  threadInterimJoins?: true;
  /** re-plan variant ownMntKeepers (own-mnt-keeper.ts): a thread keeping an older per-thread ns comes before the join step of a leader that makes its own mount ns */
  ownMntKeepers?: true;
  /** re-plan variant ownFsThreadKeeps (own-fs-thread-keeps.ts): a thread with its own fs_struct keeping an older mount ns comes before its leader's late mount join */
  ownFsThreadKeeps?: true;
  /** re-plan variant lateBornAnyOrder (late-born-order.ts): a leader's late-born tasks collected whatever the walk's order */
  lateBornAnyOrder?: true;
  /** re-plan attempt initJoinNewPidns (init-join-new-pidns.ts): an init-join helper also for a child making its own pid ns */
  initJoinNewPidns?: true;
  /** re-plan variant threadsBeforeAwayPfc (threads-before-away-pfc.ts): a leader's threads before the children that leave its pid_for_children away */
  threadsBeforeAwayPfc?: true;
  /** re-plan variant makerEarlyJoins (maker-early-joins.ts): a maker forked before its creator's early mount/time join it must not follow */
  makerEarlyJoins?: true;
  /** re-plan attempt initJoinBirthNeeds (init-join-birth-needs.ts): a pid-ns init's child puts no birth needs on its creator */
  initJoinBirthNeeds?: true;
}

/** The pid ns dead group g's leader lived in, as member p sees it: the one group-taken-number.ts proved, else p's own of that level. O(levels). */
export function deadGroupNsOf(f: Facts, p: Proc, g: number, vec: number[]): string | undefined {
  return f.deadGroupNs?.get(g) ?? pidNsAtLevel(f, p.pidns, vec.length - 1);
}

export const HOST_PIDNS = '@host-pidns';

export function leaderTid(t: Task): number {
  return t.pid[0];
}

export function buildFacts(image: Image): Facts {
  // planImage answers "undecided" before this for an image with an unknown user ns (planner/checks/unknowns.ts)
  if (!knownUserNs(image)) throw new Error('planner: buildFacts needs the user namespace of every task');
  const nsById = new Map<string, Namespace>();
  for (const n of image.namespaces) nsById.set(n.id, n);
  const nsproxy = new Map<string, NsProxy>();
  for (const p of image.nsproxies) nsproxy.set(p.id, p);
  const tasks = new Map<number, Task>();
  for (const t of image.tasks) tasks.set(t.pid[0], t);

  const rootPid = image.namespaces.find((n) => n.type === 'pid' && (n.level ?? 0) === 0 && !n.parent);
  const rootUser = image.namespaces.find((n) => n.type === 'user' && !n.parent);
  const rootPidNs = rootPid?.id ?? '@missing-pidns';
  const rootPidNsExternal = rootPid?.external === true;

  const pidns = new Map<string, PidNsInfo>();
  for (const n of image.namespaces) {
    if (n.type !== 'pid') continue;
    pidns.set(n.id, { ns: n, level: n.level ?? 0, parent: n.parent ?? null, init: null, used: new Set(), populated: false });
  }
  const levelNs = (ns: string, level: number): PidNsInfo | undefined => {
    let cur = pidns.get(ns);
    while (cur && cur.level > level) cur = cur.parent ? pidns.get(cur.parent) : undefined;
    return cur && cur.level === level ? cur : undefined;
  };

  const procs = new Map<number, Proc>();
  for (const t of image.tasks) {
    if (t.pid[0] !== t.tgid) continue;
    procs.set(t.tgid, {
      tgid: t.tgid, leader: t, threads: [], parent: t.ppid, sid: t.sid[0] ?? 0, pgid: t.pgid[0] ?? 0,
      pidns: t.pidns, level: t.pid.length - 1, zombie: t.state === 'zombie', children: [], depth: 0,
      isInit: t.pid[t.pid.length - 1] === 1, groupInNs: true,
    });
  }
  for (const t of image.tasks) {
    if (t.pid[0] === t.tgid) continue;
    procs.get(t.tgid)?.threads.push(t);
  }
  // Reserve numbers per level (PID-3). A chain walk per task: O(tasks x levels).
  for (const t of image.tasks) {
    const info = pidns.get(t.pidns);
    if (info) info.populated = true;
    for (const vec of [t.pid, t.pgid, t.sid]) {
      for (let l = 0; l < vec.length; l++) {
        const ns = levelNs(t.pidns, l);
        if (ns && vec[l] > 0) ns.used.add(vec[l]);
      }
    }
    const innermost = t.pid[t.pid.length - 1];
    if (innermost === 1 && t.pid[0] === t.tgid && info) info.init = t.tgid;
  }
  const sessions = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  for (const p of procs.values()) {
    p.threads.sort((a, b) => a.pid[0] - b.pid[0]);
    const parent = procs.get(p.parent);
    if (parent) parent.children.push(p.tgid);
    if (!sessions.has(p.sid)) sessions.set(p.sid, []);
    sessions.get(p.sid)!.push(p.tgid);
    if (!groups.has(p.pgid)) groups.set(p.pgid, []);
    groups.get(p.pgid)!.push(p.tgid);
  }
  // Top-down order: BFS from the processes whose parent is ROOT or absent. O(n).
  const order: Proc[] = [];
  const roots = [...procs.values()].filter((p) => !procs.has(p.parent)).sort((a, b) => a.tgid - b.tgid);
  for (const r of roots) r.depth = 1;
  order.push(...roots);
  for (let i = 0; i < order.length; i++) {
    const p = order[i];
    p.children.sort((a, b) => a - b);
    for (const c of p.children) {
      const cp = procs.get(c)!;
      cp.depth = p.depth + 1;
      order.push(cp);
    }
  }
  const facts: Facts = {
    image, procs, order, tasks, nsById, nsproxy, pidns, rootPidNs, rootPidNsExternal,
    hostPidNs: rootPidNsExternal ? rootPidNs : HOST_PIDNS,
    rootUserNs: rootUser?.id ?? '@missing-userns', sessions, groups,
    rootChildren: roots.filter((r) => r.parent === ROOT).map((r) => r.tgid),
  };
  // O(processes x levels)
  for (const p of procs.values()) {
    const len = p.leader.pgid.length;
    if (len <= p.level) { p.groupInNs = false; continue; }
    const gl = procs.get(p.pgid);
    const gns = gl && gl.leader.pid.length === len ? gl.pidns : levelNs(p.pidns, len - 1)?.ns.id;
    p.groupInNs = gns === undefined || pidNsWithin(facts, gns, p.pidns);
  }
  return facts;
}

/** The pid ns at `level` on the chain of `ns` (ancestors by parent). O(levels). */
export function pidNsAtLevel(f: Facts, ns: string, level: number): string | undefined {
  let cur = f.pidns.get(ns);
  while (cur && cur.level > level) cur = cur.parent ? f.pidns.get(cur.parent) : undefined;
  return cur && cur.level === level ? cur.ns.id : undefined;
}

/** Is the session/group number `n` the restorer's own (inherited from outside the image)? */
export function isRootOwned(f: Facts, n: number): boolean {
  if (n === 0) return true;
  return f.rootPidNsExternal && n === 1 && !f.procs.has(1);
}

/**
 * Can p join its own group with setpgid once born? Not when the group has no number in p's pid
 * ns (its leader lives in an ancestor ns or a sibling branch, PID-4, PGID-2): then p must inherit
 * it from its creator.
 */
export function groupJoinable(p: Proc): boolean {
  return p.groupInNs || p.groupByParent === true;
}

/** Is `ns` the pid ns `anc` or one of its descendants? O(levels). */
export function pidNsWithin(f: Facts, ns: string, anc: string): boolean {
  if (ns === anc) return true;
  if (anc === f.hostPidNs && !f.rootPidNsExternal) return true;
  let cur = f.pidns.get(ns);
  while (cur) {
    if (cur.ns.id === anc) return true;
    cur = cur.parent ? f.pidns.get(cur.parent) : undefined;
  }
  return false;
}

/**
 * Can a task whose active pid ns is `creatorNs` create process p? Its pid_for_children must
 * reach p's ns: its own ns or a descendant by setns (SETNS-5); an init by CLONE_NEWPID from
 * the parent ns (FORK-7).
 */
export function canCreateIn(f: Facts, creatorNs: string, p: Proc): boolean {
  if (p.isInit && p.pidns !== f.hostPidNs) {
    const parent = f.pidns.get(p.pidns)?.parent ?? f.hostPidNs;
    return parent === creatorNs;
  }
  return pidNsWithin(f, p.pidns, creatorNs);
}
