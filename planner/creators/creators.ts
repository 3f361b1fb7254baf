/**
 * Who creates each process, and in which session state: the tree half of the constraint model.
 *
 * Rules encoded (docs/kernel-rules.md): a session is only inherited or created by setsid (SID-2),
 * so a process is created by a task that is in its session at that moment, or it is the session's
 * leader and calls setsid itself; a task that must hand its pre-setsid session to children forks
 * them before its own setsid (born_sid, CRIU / Laadan SESSION flag); CLONE_PARENT makes a sibling
 * that keeps the caller's session (FORK-3, refused from pid-ns inits); an orphan (image parent is
 * an init, a subreaper or the restorer) may be created by a helper that exits so that it reparents
 * (EXIT-2); a session whose leader is dead needs a ghost with pid = sid (SID-3, PID-3).
 *
 * Phases, all linear in processes except the per-session choice components:
 * 1. born_sid propagation: for each non-leader whose parent is in another session, walk up the
 *    leaders that could be born in that session; commit when the walk reaches a task permanently
 *    in it. Walks stop at already-committed ancestors and failures are memoised: amortised O(n).
 * 2. forced choices: a process whose parent can create it directly is created by its parent.
 * 3. the rest, per session: CLONE_PARENT from a sibling in that session, the session's ghost
 *    (placed under a parent so that it CLONE_PARENTs or forks the members), or a reparent helper
 *    under a carrier of the session whose exit hands the orphans to their image parent. Solved by
 *    sessions.ts (LP via javascript-lp-solver for small components, or the greedy constructive fallback).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { Task } from '../../model/image.js';
import { ROOT, canCreateIn, deadGroupNsOf, groupJoinable, isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import { SiblingIndex } from './siblings.js';
import { noteUserOrphanLeader, parentBornAbove } from './user-orphans.js';
import { canMoveFrom, returnsToGroup } from './parent-moves.js';
import { leavesLedGroup } from './leaving-leader.js';
import { parentMovesLater } from './moved-born-group.js';
import { zombieMovesLater } from '../variants/zombie-mover.js';
import { rootSiblingBirth } from '../variants/root-sibling-birth.js';
import { sharerBelowInit } from '../variants/init-sharer.js';
import { leaderSiblingBirths } from '../variants/leader-sibling-birth.js';
import { parentFormsInBornGroup } from '../variants/parent-born-group.js';

/** When the creator must be in the session: after its setsid, before it, or any time. */
export type Timing = 'after-setsid' | 'before-setsid' | 'any';

export interface Creation {
  /** creator: 't<tid>' image task, 'h<n>' helper, ROOT_ACTOR */
  by: string;
  cloneParent: boolean;
  timing: Timing;
  /** when created by a reparent helper or a ghost that exits: the helper */
  via?: string;
  /** chosen in the forced phase only to share an fd table, fs or mm with a sibling (planner/sharing/sharers.ts may undo it) */
  sharer?: true;
  /** the creator, its parent at birth, moves it into this group right after the fork (planner/creators/parent-moves.ts) */
  moveTo?: number;
  why: string;
}

export interface HelperSpec {
  name: string;
  role: 'session-ghost' | 'group-ghost' | 'reparent-helper';
  why: string;
  /** pid numbers per image level, outermost first; null = free numbers chosen later */
  vector: number[] | null;
  pidns: string;
  /** creator actor and its timing */
  by: string;
  timing: Timing;
  session: number;
  group?: number;
  setsid: boolean;
  setpgid: boolean;
  /** tgids it creates */
  creates: number[];
  /** for ghosts: placed (by is meaningful) */
  placed: boolean;
  /** created by `by` with CLONE_PARENT: its parent is by's parent (FORK-3) */
  cloneParent?: boolean;
  /** created by `by` with CLONE_FILES / CLONE_FS, to pass them on to what it creates (planner/sharing/share-carriers.ts) */
  share?: ('files' | 'fs')[];
  /** a share-source helper (planner/sharing/share-sources.ts): the kind of object it is the first holder of, passed on with CLONE_FILES / CLONE_FS */
  source?: 'files' | 'fs';
  /** (variant sourceShares) the time ns such a helper of an address space makes before its CLONE_VM forks (source-shares.ts sourceTimeOf) */
  makesTime?: string;
  /** (variant threadHolders) a helper THREAD of `by`, created without CLONE_FILES, holding fd table holdsFiles for the children it forks (thread-holder.ts) */
  thread?: true;
  holdsFiles?: string;
  /** a reparent helper that exits before this subreaper sets its flag (planner/creators/helper-heirs.ts) */
  lateSubreaper?: number;
  /** further subreapers above lateSubreaper that set their flag after its exit too (helper-heirs.ts lateSubreaperPair) */
  lateSubreaperAlso?: number[];
  /** a reparent helper that joins `group` itself right after its birth, setpgid(0, g) (planner/creators/group-joiner.ts) */
  joinsGroup?: true;
  /** a reparent helper of planner/creators/helper-heirs.ts (late subreaper, child pid ns): replan.ts bans it on any cycle through its members */
  heirs?: true;
  /** a reparent helper whose exit this task brackets with PR_SET_CHILD_SUBREAPER set and cleared (planner/creators/leader-under-subreaper.ts) */
  tempSubreaper?: number;
  /** the helper keeping this one's creator below tempSubreaper, which exits after it (leader-under-subreaper.ts) */
  underHelper?: string;
  /** a helper of planner/ordering/pfc-helper.ts: born in its creator's own pid ns, it forks a child elsewhere so its creator's pid_for_children stays home */
  keepsPfc?: true;
  /** a pfc-helper.ts helper of shape 'join': it joins for the child it creates in a new user ns what the child cannot (emit.ts helperJoinsFor), so its creator's joins do not bind that birth */
  joinsForChild?: true;
}

export interface CreatorModel {
  creation: Map<number, Creation>;
  bornSid: Map<number, number>;
  helpers: HelperSpec[];
  /** session ghost by sid */
  sessionGhost: Map<number, HelperSpec>;
  /** group ghost by pgid */
  groupGhost: Map<number, HelperSpec>;
  failures: { reason: string; culprits: number[]; rule: string }[];
  components: { id: string; members: number[] }[];
  /**
   * For a process whose parent cannot be born in its session by direct forks alone: the leaders
   * above it that could still fork their branch before their setsid (born_sid). Lifting commits
   * them and leaves the topmost one to be created in the session by other means (Laadan's
   * SESSION propagation up to a placeholder).
   */
  liftPath: Map<number, number[]>;
  /**
   * Born groups: a process that must be in group g (the value) when it creates a child that
   * cannot join g from its pid ns, while its own final group is another (like born_sid).
   */
  bornGroup: Map<number, number>;
  /**
   * The second attempt (index.ts planImage), made only where the first found no plan, so that
   * every plan found without them stays as it was: parents move children into groups
   * (planner/creators/parent-moves.ts), and a lift takes one step when only the nearest leader on the
   * path can be born in the session (sessions.ts liftable).
   */
  extended?: boolean;
  /** the initSharers re-plan variant: no sharer in a pid-ns init's own pid ns creates it (planner/variants/init-sharer.ts) */
  initSharers?: boolean;
  /** the bornCreators re-plan variant (planner/creators/born-creators.ts) */
  bornCreators?: boolean;
  /** the tempOpen re-plan variant (planner/variants/misc-temp-open.ts) */
  tempOpen?: boolean;
  /** zombie -> the task that is a subreaper only around its exit (planner/creators/temp-subreaper.ts) */
  tempSubreaper?: Map<number, number>;
  /**
   * Re-plan variant `shares` (index.ts): the further clone-time sharing constructions of
   * planner/sharing/born-sharer.ts, share-ghosts.ts and share-carriers.ts's fallbacks, tried only where
   * the first attempt found no plan, so that every plan found without them stays as it was.
   */
  shares?: boolean;
  /**
   * Re-plan variant `zombieShares` (index.ts, with `shares`): a zombie settles the mount ns its
   * CLONE_FS children end in before forking them (planner/graph/zombie-mnt.ts); tried last, so every plan
   * found without it stays as it was.
   */
  zombieShares?: boolean;
  /** re-plan variant threadFsEntries (index.ts, with shares and zombieShares): a process whose thread keeps an fs_struct its leader left counts as its holder (planner/variants/thread-fs-entry.ts) */
  threadFsEntries?: boolean;
  /** re-plan variant lateZombies (index.ts, with shares and zombieShares): a zombie relay exits before a subreaper's flag (planner/sharing/zombie-late-subreaper.ts) */
  lateZombies?: boolean;
  /** (variant lateZombies) an execve'd relay forked by the thread holding the fd table it passes on (planner/sharing/thread-exec-relay.ts) */
  threadExecRelays?: boolean;
  /** re-plan variant chainRelays (index.ts, with shares): execve'd dead leaders and maker-made inits as fd-table chain relays (planner/variants/chain-relays.ts) */
  chainRelays?: boolean;
  /** re-plan variant sourceShares (index.ts, with shares): share-source helpers for address spaces and for groups only inherited (planner/variants/source-shares.ts) */
  sourceShares?: boolean;
  /** re-plan variant subreaperSources (index.ts, with shares): a helper below one sharer's parent forks both, the other reparenting at its exit to a temporary subreaper (planner/variants/subreaper-source.ts) */
  subreaperSources?: boolean;
  /** re-plan variant threadHolders (index.ts, with shares): a transient thread of the chains' common creator holds their fd table (planner/variants/thread-holder.ts) */
  threadHolders?: boolean;
  /** zombie -> the subreaper whose flag waits for its exit (zombie-late-subreaper.ts) */
  zombieLate?: Map<number, number>;
  /** processes planner/sharing/zombie-relay.ts had a zombie create: the later sharing passes leave them */
  zombieRelayed?: Set<number>;
  /** zombie-relay.ts zombies that exit before subreaper S sets its flag: zombie -> S (edges: zombie-late-subreaper.ts lateZombieEdges) */
  zombieLateSubreaper?: Map<number, number>;
  /**
   * Re-plan variant lastResort (index.ts): a member whose only option closes a creator cycle
   * takes the last-resort helpers kept aside for it (sessions.ts); plans found without stay.
   */
  lastResort?: boolean;
  /** re-plan variant leavingLeaders (index.ts): a group's leader creates members before it leaves the group (planner/creators/leaving-leader.ts) */
  leavingLeaders?: boolean;
  /** re-plan variant movedBornGroups (index.ts): a process born in a group is moved to its final one later by its parent (planner/creators/moved-born-group.ts) */
  movedBornGroups?: boolean;
  /** re-plan variant orphanSharers (index.ts): a user-ns orphan leader born in a sharer's session (planner/creators/orphan-sharer-session.ts) */
  orphanSharers?: boolean;
  /** re-plan variant sharerLifts (index.ts): no lift of a sharer's parent into a session its own descendant creates (planner/creators/sharer-lift.ts) */
  sharerLifts?: boolean;
  /** re-plan variant groupJoiners (index.ts): a helper joins a live leader's group to fork a member there (planner/creators/group-joiner.ts) */
  groupJoiners?: boolean;
  /** re-plan variant siblingGhosts (index.ts): a group's ghost or joiner forked with CLONE_PARENT by a sibling of its member (planner/creators/sibling-ghost.ts) */
  siblingGhosts?: boolean;
  /** re-plan variant leaderUnderSubreaper (index.ts): a session's leader born below a member's parent, a temporary subreaper (planner/creators/leader-under-subreaper.ts) */
  leaderUnderSubreaper?: boolean;
  /** re-plan variant groupGhostHeirs (index.ts): a group ghost forked before its forker's setsid, or forking a helper into the pid ns below whose init is the member's parent (planner/creators/group-ghost-heirs.ts) */
  groupGhostHeirs?: boolean;
  /** session leader -> the temporary subreaper it is born below (leader-under-subreaper.ts) */
  leaderSubreaper?: Map<number, number>;
  /** re-plan variant holders (index.ts, with shares and zombieShares): a zombie first holder through its parent's born session, user-ns checked (planner/variants/hold-born-chain.ts); holdersLast: zombies tried in reverse order */
  holders?: boolean;
  holdersLast?: boolean;
  /** re-plan variant zombiePreSwitchNs: zombies ending in an fs_struct's entries' user ns tried first (planner/variants/zombie-pre-switch-ns.ts) */
  zombiePreSwitchNs?: boolean;
  /** (variant holders) set when it decided anything the shares+zombieShares attempt does not: else index.ts stops that attempt early */
  holdersUsed?: boolean;
  /** re-plan variant rootSiblingBirths (index.ts): the born_sid walk may end at a restorer's child a sibling forks in the session (planner/variants/root-sibling-birth.ts) */
  rootSiblingBirths?: boolean;
  /** re-plan variant leaderSiblingBirths (index.ts): a session-leader sibling born in a member's session forks it with CLONE_PARENT (planner/variants/leader-sibling-birth.ts) */
  leaderSiblingBirths?: boolean;
  /** re-plan variant threadForkedRelays (index.ts SHR_VARIANTS, with shares): a thread relay forked by a thread of its creator's process (planner/sharing/thread-forked-relay.ts) */
  threadForkedRelays?: boolean;
  /** re-plan variant settledRelays (index.ts SHR_VARIANTS, with shares): an fs relay settles its namespaces and enters its sharers' user ns before forking them with CLONE_FS (planner/variants/settled-relay.ts) */
  settledRelays?: boolean;
  /** re-plan variant deadFsSources (index.ts SHR_VARIANTS, with shares and sourceShares): a dead leader's fs_struct, which its threads keep, shared from a source helper (planner/variants/dead-leader-source.ts) */
  deadFsSources?: boolean;
  /** re-plan variant keptStandIns (index.ts SHR_VARIANTS, with shares): a dead leader stands for the table a later thread keeps from outside its process (planner/sharing/dead-leader-kept.ts) */
  keptStandIns?: boolean;
  /** siblings by session, built on first use (siblingCandidates); kept in step with bornSid by setBornSid */
  siblings?: SiblingIndex;
}

/** The only way to add a born_sid entry: keeps the sibling index in step. */
export function setBornSid(m: CreatorModel, tgid: number, n: number): void {
  m.bornSid.set(tgid, n);
  m.siblings?.noteBornSid(tgid, n);
}

export const ROOT_NAME = 'root';

export function actorOf(tid: number): string {
  return tid === ROOT ? ROOT_NAME : `t${tid}`;
}

/** Is P the leader of its own session (it calls setsid)? */
export function isSessionLeader(f: Facts, p: Proc): boolean {
  return p.sid === p.tgid && !isRootOwned(f, p.sid);
}

/** Session a process must be born in, or null when free. */
export function needOf(f: Facts, m: CreatorModel, p: Proc): number | null {
  if (isSessionLeader(f, p)) return m.bornSid.get(p.tgid) ?? null;
  return isRootOwned(f, p.sid) ? 0 : p.sid;
}

/** Can process (or ROOT) X be in session N at some moment, and when? */
export function timingIn(f: Facts, m: CreatorModel, x: number, n: number): Timing | null {
  if (x === ROOT) return n === 0 ? 'any' : null;
  const p = f.procs.get(x);
  if (!p) return null;
  const sid = isRootOwned(f, p.sid) ? 0 : p.sid;
  if (sid === n) return isSessionLeader(f, p) ? 'after-setsid' : 'any';
  if (m.bornSid.get(x) === n) return 'before-setsid';
  return null;
}

/** Phase 1: born_sid propagation (see file comment). */
function propagateBornSid(f: Facts, m: CreatorModel, noInitWalk?: ReadonlySet<number>): Set<number> {
  const direct = new Set<number>();
  // Failed walks, per session n: x -> the next leader on the lift path recorded through x (END
  // at its end), or STOP where a walk stopped. A lift path is read by following the pointers
  // (O(its length)); storing each suffix as an array was O(length^2) on a deep chain.
  const END = -1;
  const STOP = -2;
  const failedIn = new Map<number, Map<number, number>>();
  // (variant rootSiblingBirths: the walk may end at a restorer's child born in n by a sibling there)
  const rootSibling = m.rootSiblingBirths ? rootSiblingBirth(f) : undefined;
  for (const p of f.order) {
    if (isSessionLeader(f, p)) continue;
    const n = isRootOwned(f, p.sid) ? 0 : p.sid;
    const failed = failedIn.get(n);
    const path: number[] = [];
    let x = p.parent;
    let ok = false;
    for (;;) {
      // (the restorer's STOP does not hold for this variant's test, which depends on the walk's top)
      if (failed?.has(x) && !(x === ROOT && rootSibling)) break;
      if (x === ROOT) { ok = n === 0 || (rootSibling !== undefined && path.length > 0 && rootSibling(path[path.length - 1], n)); break; }
      const q = f.procs.get(x);
      if (!q) break;
      const qsid = isRootOwned(f, q.sid) ? 0 : q.sid;
      if (qsid === n) { ok = true; break; }
      if (!isSessionLeader(f, q)) break;
      const b = m.bornSid.get(x);
      if (b === n) { ok = true; break; }
      if (b !== undefined) break;
      // A pid-ns init created with CLONE_NEWPID can still be born in a session; keep walking;
      // but not in a session whose leader lives in the init's own pid ns or below: that leader
      // was born after the init, so the session did not exist yet (PID-8, SID-2). The walk stops
      // below the init, and the topmost leader it kept is created in session n by other means.
      if (q.isInit && n !== 0) {
        // a re-plan found this walk on an ordering cycle: stop below the init (init-walk.ts)
        if (noInitWalk?.has(x)) break;
        const sns = pidNsAtLevel(f, p.pidns, p.leader.sid.length - 1);
        if (sns !== undefined && pidNsWithin(f, sns, q.pidns)) break;
      }
      path.push(x);
      x = q.parent;
    }
    if (ok) {
      for (const y of path) setBornSid(m, y, n);
      direct.add(p.tgid);
    } else {
      let fm = failed;
      if (!fm) failedIn.set(n, (fm = new Map()));
      const full = path.slice();
      const xNext = fm.get(x);
      if (xNext !== undefined && xNext !== STOP) for (let y = x; y !== END; y = fm.get(y)!) full.push(y);
      for (let i = 0; i < path.length; i++) fm.set(path[i], i + 1 < full.length ? full[i + 1] : END);
      if (!fm.has(x)) fm.set(x, STOP);
      if (full.length > 0) m.liftPath.set(p.tgid, full);
    }
  }
  return direct;
}

/** Reapers seen from image tasks and the restorer depend on the image alone: one memo per Facts, shared by every session. */
const taskReaperMemo = new WeakMap<Facts, Map<string, number>>();
/** Helpers by name, extended as CreatorModel.helpers grows (it only grows). */
const helperIndex = new WeakMap<CreatorModel, { byName: Map<string, HelperSpec>; seen: number }>();

function helperNamed(m: CreatorModel, name: string): HelperSpec | undefined {
  let ix = helperIndex.get(m);
  if (!ix) helperIndex.set(m, (ix = { byName: new Map(), seen: 0 }));
  for (; ix.seen < m.helpers.length; ix.seen++) {
    const h = m.helpers[ix.seen];
    if (!ix.byName.has(h.name)) ix.byName.set(h.name, h); // first of a name wins, as a find would
  }
  return ix.byName.get(name);
}

/**
 * Where does a child of a task exiting under creator C (in pid ns `ns`) reparent to (EXIT-2)?
 * Image subreaper flags are set at each task's birth, so the nearest image subreaper ancestor in
 * the same pid ns wins, else that ns's init (ROOT for the restorer's own ns). Answers for image
 * tasks are memoised per image (O(n) over all sessions, walked without recursion); answers through
 * a helper per call, since a ghost's placement is decided per session.
 */
export function makeReaper(f: Facts, m: CreatorModel) {
  let taskMemo = taskReaperMemo.get(f);
  if (!taskMemo) taskReaperMemo.set(f, (taskMemo = new Map()));
  const tmemo = taskMemo;
  const memo = new Map<string, number>();
  const initOf = (ns: string): number => {
    if (ns === f.hostPidNs) return ROOT;
    return f.pidns.get(ns)?.init ?? -1;
  };
  /** image task or the restorer: walk up the image parents to a memoised answer or an end */
  const taskReaper = (c: string, ns: string): number => {
    const path: string[] = [];
    let r: number;
    for (;;) {
      const key = `${c}|${ns}`;
      const hit = tmemo.get(key);
      if (hit !== undefined) { r = hit; break; }
      path.push(key);
      if (c === ROOT_NAME) { r = ns === f.hostPidNs ? ROOT : initOf(ns); break; }
      const p = f.procs.get(Number(c.slice(1)));
      if (!p || p.pidns !== ns) { r = initOf(ns); break; }
      if (p.leader.subreaper === true || p.isInit) { r = p.tgid; break; }
      c = actorOf(p.parent);
    }
    for (const k of path) tmemo.set(k, r);
    return r;
  };
  const reaper = (c: string, ns: string): number => {
    if (!c.startsWith('h')) return taskReaper(c, ns);
    const key = `${c}|${ns}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const h = helperNamed(m, c);
    // a CLONE_PARENT helper's orphans go where its creator's parent's would (FORK-3, EXIT-2)
    const up = h?.cloneParent === true && h.by.startsWith('t') ? actorOf(f.procs.get(Number(h.by.slice(1)))?.parent ?? ROOT) : h?.by;
    const r = !h || !h.placed || h.pidns !== ns ? initOf(ns) : reaper(up!, ns);
    memo.set(key, r);
    return r;
  };
  return reaper;
}

/**
 * Could R create P with CLONE_PARENT (same parent, R in session N, not an init, same pid ns)?
 * Walks only the siblings that are in N or born in it (SiblingIndex), in sibling order: the same
 * answer as a scan of every sibling, in O(siblings in N) instead of O(siblings).
 *
 * `cache` (parent -> the siblings passing every test that does not depend on P) lets a caller
 * asking for many members of one component pay that walk once per parent: the siblings in N are
 * often the component's own open members, none anchored, so each query would walk them all
 * (O(members^2) for an orphaned session under one parent). The caller clears it whenever
 * anchored(), born_sid or the creations change.
 */
export function siblingCandidates(f: Facts, m: CreatorModel, p: Proc, n: number, anchored: (t: number) => boolean, cache?: Map<number, number[]>, group?: number): number[] {
  if (!m.siblings) {
    m.siblings = new SiblingIndex(f);
    for (const [y, b] of m.bornSid) m.siblings.noteBornSid(y, b);
  }
  const parent = f.procs.has(p.parent) ? p.parent : ROOT;
  const usable = (r: number): boolean => !f.procs.get(r)!.isInit && anchored(r) && timingIn(f, m, r, n) !== null;
  let pool: Iterable<number> = m.siblings.candidates(parent, n);
  if (cache) {
    let list = cache.get(parent);
    if (!list) {
      list = [];
      for (const r of pool) if (usable(r)) list.push(r);
      cache.set(parent, list);
    }
    pool = list;
  }
  const out: number[] = [];
  for (const r of pool) {
    if (r === p.tgid) continue;
    const rp = f.procs.get(r)!;
    if (!canCreateIn(f, rp.pidns, p)) continue;
    if (!cache && !usable(r)) continue;
    // a group that cannot be joined from p's pid ns is inherited from the creator (PGID-2, PID-4)
    // (variant leavingLeaders: or from the group's leader before it leaves it, leaving-leader.ts)
    if (!groupJoinable(p) && rp.pgid !== p.pgid && !leavesLedGroup(f, m, rp, p.pgid)) continue;
    // and a group it must be born in, from a sibling in it for good (`group`, born groups)
    if (group !== undefined && rp.pgid !== group && !leavesLedGroup(f, m, rp, group)) continue;
    out.push(r);
    if (out.length >= 4) break; // a few candidates are enough for the choice model
  }
  return out;
}

export function newModel(): CreatorModel {
  return { creation: new Map(), bornSid: new Map(), helpers: [], sessionGhost: new Map(), groupGhost: new Map(), failures: [], components: [], liftPath: new Map(), bornGroup: new Map() };
}

/** Phases 1 and 2; returns the processes left for the per-session choice (phase 3). */
/**
 * `initStop` (a re-plan, planner/index.ts): the born-group walk stops below a pid-ns init
 * whose child would inherit the group from it: the child is left to the session's choice,
 * where a task of the group forks a helper into the init's pid ns whose exit hands the child to
 * the init (EXIT-2, helper-heirs.ts childNsForHeir; seed 11700). The walk through the init is
 * one way among others: it makes the init and its creators born in the group.
 */
export function forcedCreators(f: Facts, m: CreatorModel, noInitWalk?: ReadonlySet<number>, initStop = false): Map<number, number[]> {
  const direct = propagateBornSid(f, m, noInitWalk);
  // (variant leaderSiblingBirths: session-leader siblings born in a member's session to fork it, leader-sibling-birth.ts)
  if (m.leaderSiblingBirths) leaderSiblingBirths(f, m);
  const open = new Map<number, number[]>();
  // Both searches below look among P's siblings (the list Proc.children or rootChildren holds P
  // in); scanning the whole list per process is O(n^2) under a busy init, so each reads an index
  // built in O(n) instead. Key of the sibling list a process is in, or null when in none (a
  // dangling parent: the image is then rejected by validation anyway).
  const listOf = (r: Proc): number | null => (f.procs.has(r.parent) ? r.parent : r.parent === ROOT ? ROOT : null);
  const queryList = (p: Proc): number => (f.procs.has(p.parent) ? p.parent : ROOT);
  // Clone-time sharing between siblings (CLONE_FILES/CLONE_FS/CLONE_VM without the parent):
  // only the sharer itself can create the other, with CLONE_PARENT (FORK-3, FORK-4).
  const objs = (t: Proc['leader']) => [t.files, t.fs, t.mm];
  // Holders of each fd table / fs / mm (one map per slot, keyed by the image's object id) among
  // the processes that are in a sibling list and not inits: a tgid, or a list when several hold
  // it (clone-time sharing between processes, rare). A list is grouped by (sibling list, pid ns)
  // into its smallest tgid on first use, so every query is O(1) after O(n) in all.
  type Holders = number | { tgids: number[]; first?: Map<string, number>; firstTwo?: Map<string, number[]> };
  const holders: Map<string, Holders>[] = [new Map(), new Map(), new Map()];
  for (const r of f.procs.values()) {
    if (r.isInit || listOf(r) === null) continue;
    const mine = objs(r.leader);
    for (let i = 0; i < 3; i++) {
      const o = mine[i];
      if (o === null) continue;
      const h = holders[i].get(o);
      if (h === undefined) holders[i].set(o, r.tgid);
      else if (typeof h === 'number') holders[i].set(o, { tgids: [h, r.tgid] });
      else h.tgids.push(r.tgid);
    }
  }
  const groupKey = (list: number, pidns: string) => `${list}\u0000${pidns}`;
  /** smallest holder of slot i's object o in sibling list `list` and pid ns `pidns`, if any */
  const firstHolder = (i: number, o: string, list: number, pidns: string): number | undefined => {
    const h = holders[i].get(o);
    if (h === undefined) return undefined;
    if (typeof h === 'number') {
      const rp = f.procs.get(h)!;
      return listOf(rp) === list && rp.pidns === pidns ? h : undefined;
    }
    if (!h.first) {
      h.first = new Map();
      for (const r of h.tgids) {
        const k = groupKey(listOf(f.procs.get(r)!)!, f.procs.get(r)!.pidns);
        const cur = h.first.get(k);
        if (cur === undefined || r < cur) h.first.set(k, r);
      }
    }
    return h.first.get(groupKey(list, pidns));
  };
  /** the two smallest holders of slot i's object o in sibling list `list` and pid ns `pidns` (O(1) after O(holders) once) */
  const firstHolders = (i: number, o: string, list: number, pidns: string): number[] => {
    const h = holders[i].get(o);
    if (h === undefined) return [];
    if (typeof h === 'number') {
      const rp = f.procs.get(h)!;
      return listOf(rp) === list && rp.pidns === pidns ? [h] : [];
    }
    if (!h.firstTwo) {
      h.firstTwo = new Map();
      for (const r of h.tgids) {
        const k = groupKey(listOf(f.procs.get(r)!)!, f.procs.get(r)!.pidns);
        const cur = h.firstTwo.get(k) ?? [];
        h.firstTwo.set(k, cur.concat(r).sort((a, b) => a - b).slice(0, 2));
      }
    }
    return h.firstTwo.get(groupKey(list, pidns)) ?? [];
  };
  /**
   * The first sibling below P's tgid, not an init, in P's pid ns, sharing one of P's objects.
   * Sibling lists are in tgid order (facts.ts), so that is the smallest such tgid: O(1).
   */
  /**
   * An fd table or mm given at clone time does not survive p's own execve (exec unshares a shared
   * fd table, unshare_files, and replaces the mm): an execve'd p shares those only with what it
   * creates after, so a sibling cannot give them (seeds 24583, 18212). objs order: files, fs, mm.
   */
  const lostAtExec = (p: Proc, i: number): boolean => p.leader.execed === true && i !== 1;
  const sharerOf = (p: Proc): number | null => {
    const mine = objs(p.leader);
    if (mine.every((o) => o === null)) return null;
    const par = f.procs.get(p.parent);
    if (par && objs(par.leader).some((o, i) => o !== null && o === mine[i])) return null;
    const list = queryList(p);
    let best: number | null = null;
    for (let i = 0; i < 3; i++) {
      const o = mine[i];
      if (o === null || lostAtExec(p, i)) continue;
      const r = firstHolder(i, o, list, p.pidns);
      // (variant initSharers: not for an init, born before such a sibling, init-sharer.ts)
      if (r !== undefined && r < p.tgid && (best === null || r < best) && !sharerBelowInit(f, m, p, r)) best = r;
    }
    return best;
  };
  /**
   * A session leader free to be born in any session (no born_sid) that shares an fd table, fs
   * or mm with a sibling its parent does not hold: that sibling, of any tgid, creates it with
   * CLONE_PARENT before its setsid (FORK-3, FORK-4). Not a sibling in or born in its own
   * session, which it may itself have to create (no cycle: the sibling is then never in session
   * p.tgid, so p never creates it, being in no other session, creators.ts timingIn). O(1)
   * after firstHolders' O(n).
   */
  const leaderSharerOf = (p: Proc): number | null => {
    if (!isSessionLeader(f, p)) return null;
    const mine = objs(p.leader);
    if (mine.every((o) => o === null)) return null;
    const par = f.procs.get(p.parent);
    if (par && objs(par.leader).some((o, i) => o !== null && o === mine[i])) return null;
    const list = queryList(p);
    for (let i = 0; i < 3; i++) {
      const o = mine[i];
      if (o === null || lostAtExec(p, i)) continue;
      for (const r of firstHolders(i, o, list, p.pidns)) {
        if (r === p.tgid) continue;
        const rp = f.procs.get(r)!;
        // (not a sibling that cannot create p: one inside the pid ns p is the init of, FORK-7)
        if (!canCreateIn(f, rp.pidns, p)) continue;
        if (rp.sid !== p.tgid && m.bornSid.get(r) !== p.tgid && m.creation.get(r)?.by !== actorOf(p.tgid)) return r;
      }
    }
    return null;
  };
  /** (sibling list, level-0 pgid) -> siblings in that group, in sibling order; built on first use */
  let inGroup: Map<number, Map<number, number[]>> | undefined;
  const groupSiblings = (list: number, pgid: number): number[] => {
    if (!inGroup) {
      inGroup = new Map();
      const add = (parent: number, sibs: number[]) => {
        for (const r of sibs) {
          const g = f.procs.get(r)!.pgid;
          let byG = inGroup!.get(parent);
          if (!byG) inGroup!.set(parent, (byG = new Map()));
          let l = byG.get(g);
          if (!l) byG.set(g, (l = []));
          l.push(r);
        }
      };
      add(ROOT, f.rootChildren);
      for (const q of f.procs.values()) add(q.tgid, q.children);
    }
    return inGroup.get(list)?.get(pgid) ?? [];
  };
  // A group invisible in the task's pid ns can only be inherited at fork (PGID-2, PID-4): when
  // the parent is not in it, a sibling in that group creates the task with CLONE_PARENT.
  // Born groups: a process whose group it cannot join inherits it from its creator; when neither
  // its parent nor a sibling is in that group, the parent must be born in it (and create it
  // before leaving), and so on up: needG (like born_sid). O(depth) per such process.
  const inGroupSibling = (x: Proc, g: number): boolean => {
    for (const r of groupSiblings(queryList(x), g)) {
      const rp = f.procs.get(r)!;
      // a sibling that can enter g by itself (setpgid, its pid ns sees g), or an older one (its
      // own need was settled first, f.order): two that must inherit g would wait for each other
      if (r !== x.tgid && !rp.isInit && (groupJoinable(rp) || r < x.tgid) && canCreateIn(f, rp.pidns, x)) return true;
    }
    return false;
  };
  const needG = m.bornGroup;
  /** is process a an image ancestor of process (or group leader) number d? O(depth) */
  const isAncestorOf = (a: Proc, d: number): boolean => {
    let x = f.procs.get(d);
    while (x && x.depth > a.depth) x = f.procs.get(x.parent);
    return x === a;
  };
  /** the session of p's group: every member's (SID-2, PGID-2), 0 for the restorer's */
  const sessionOfGroup = (p: Proc): number => (isRootOwned(f, p.sid) ? 0 : p.sid);
  /** must p inherit its group at birth (no number in its pid ns, PGID-2, PID-4)? */
  const mustInherit = (p: Proc): boolean => {
    if (isRootOwned(f, p.pgid)) return false;
    // a group led from a deeper pid ns still has a number at p's level (vector longer than p's)
    if (groupJoinable(p)) return false;
    const gns0 = f.procs.get(p.pgid)?.pidns ?? deadGroupNsOf(f, p, p.pgid, p.leader.pgid);
    return !(gns0 && p.leader.pgid.length > p.level && pidNsWithin(f, gns0, p.pidns));
  };
  /** can par fork x in session n (x's session at birth) and move it into group g (parent-moves.ts)? O(levels) */
  const parentMoves = (par: Proc, x: Proc, g: number, n: number): boolean =>
    !isRootOwned(f, g) && canMoveFrom(f, m, par.pidns, g) && timingIn(f, m, par.tgid, n) !== null && parentBornAbove(f, x) === undefined;
  /** is `par` in group g at some moment it can fork (finally, as g's leader, or born in it)? */
  const inGroupWhenForking = (par: Proc | undefined, g: number): boolean => {
    // up the decided creators (f.order is top-down): a creator that is not in g for good hands
    // g on only when it is born in g itself and forks before leaving it (build.ts orders that)
    let x = par;
    for (let guard = 0; x && guard < 64; guard++) {
      if (x.pgid === g || x.tgid === g || needG.get(x.tgid) === g) return true;
      // one born in another group it must keep (it cannot join its own from its pid ns) never
      // is in g (PGID-2, PID-4; seed 1640)
      if (needG.has(x.tgid) || mustInherit(x)) return false;
      const c = m.creation.get(x.tgid);
      // moved into g by its creator right after its birth (parent-moves.ts)
      if (c?.moveTo === g) return true;
      if (!c || !c.by.startsWith('t') || c.via) return false;
      const cr = f.procs.get(Number(c.by.slice(1)));
      // after its setsid a leader is in its own group only
      if (!cr || (c.timing === 'after-setsid' && cr.tgid !== g)) return false;
      x = cr;
    }
    return false;
  };
  for (const p of f.order) {
    // (one that leaves g to create its own group is moved back by its parent, whatever it was born in)
    if (!mustInherit(p) || returnsToGroup(f, m, p, false)) continue;
    /** the pid ns g's leader lived in (a live leader's own: it may be a sibling branch of p's, seed 1317) */
    const gns = f.procs.get(p.pgid)?.pidns ?? deadGroupNsOf(f, p, p.pgid, p.leader.pgid);
    let x = p;
    for (let guard = 0; guard < 64; guard++) {
      const par = f.procs.get(x.parent);
      // (g's own leader is in g from its setpgid(0, 0) until it leaves: no need to be born in it)
      if (!par || par.pgid === p.pgid || par.tgid === p.pgid || needG.get(par.tgid) === p.pgid || inGroupSibling(x, p.pgid)) break;
      // the parent sees g from its pid ns and is in g's session at some moment: it forks x and
      // moves it into g at once (PGID-2, parent-moves.ts); no born group above
      if (parentMoves(par, x, p.pgid, sessionOfGroup(p))) break;
      // a session leader is in another group only before its setsid (SID-2): it can be born in
      // g only when it is born in g's session (born_sid), and then creates x before its setsid
      if (needG.has(par.tgid) || (isSessionLeader(f, par) && m.bornSid.get(par.tgid) !== sessionOfGroup(p))) break;
      // a parent that must inherit its own (other) group cannot be born in g: it could never
      // move to its final group from its pid ns afterwards (PGID-2, PID-4; seed 1640)
      // (variant movedBornGroups: unless its parent moves it there later, moved-born-group.ts;
      // variant zombieMovers: or a zombie of g that forks it, zombie-mover.ts)
      if (par.pgid !== p.pgid && mustInherit(par) && !parentMovesLater(f, m, par) && !zombieMovesLater(f, m, par, p.pgid)) break;
      if (initStop && par.isInit && x.pidns === par.pidns) break;
      // a non-leader never changes session, so it is in g only if g is in its session; and g
      // exists only once its leader made it: not before the birth of the leader's ancestors
      if ((!isSessionLeader(f, par) && (isRootOwned(f, par.sid) ? 0 : par.sid) !== sessionOfGroup(p)) || isAncestorOf(par, p.pgid)) break;
      // nor before its pid ns existed: an init is older than every group led from its ns (PID-8)
      if (par.isInit && gns !== undefined && pidNsWithin(f, gns, par.pidns)) break;
      needG.set(par.tgid, p.pgid);
      x = par;
    }
  }
  /** (sibling list, group) -> siblings that must be born in that group (needG), in sibling order */
  const needGSiblings = new Map<number, Map<number, number[]>>();
  for (const [r, g] of needG) {
    const list = queryList(f.procs.get(r)!);
    let byG = needGSiblings.get(list);
    if (!byG) needGSiblings.set(list, (byG = new Map()));
    let l = byG.get(g);
    if (!l) byG.set(g, (l = []));
    l.push(r);
  }
  // O(siblings in the group) per process.
  const groupSibling = (p: Proc, n: number | null): number | null => {
    const g = needG.get(p.tgid) ?? p.pgid;
    if (isRootOwned(f, g)) return null;
    if (!needG.has(p.tgid)) {
      // (its parent moves it into g: planner/creators/parent-group.ts)
      if (p.groupByParent) return null;
      const gns = f.procs.get(p.pgid)?.pidns ?? deadGroupNsOf(f, p, p.pgid, p.leader.pgid);
      if (gns && p.leader.pgid.length > p.level && pidNsWithin(f, gns, p.pidns)) return null;
    }
    const par = f.procs.get(p.parent);
    if (par && (par.pgid === g || par.tgid === g || needG.get(par.tgid) === g)) return null;
    // (variant zombieMovers: one born in g that only a zombie of g can move to its final group is
    // forked by that zombie, not by a sibling with CLONE_PARENT, which cannot move it: zombie-mover.ts)
    if (needG.get(p.tgid) === g && g !== p.pgid && mustInherit(p) && zombieMovesLater(f, m, p, g)) return null;
    // a task sharing its parent's fd table, fs or mm is created by the parent, born in its group
    const shares = (a: Task, b: Task) => (a.files !== null && a.files === b.files) || (a.fs !== null && a.fs === b.fs) || (a.mm !== null && a.mm === b.mm);
    if (par && shares(p.leader, par.leader)) return null;
    // (variant parentBornGroups: the parent forks it while in g itself, before its setsid, parent-born-group.ts)
    if (par && n !== null && parentFormsInBornGroup(m, timingIn(f, m, par.tgid, n) !== null, () => inGroupWhenForking(par, g))) return null;
    const list = queryList(p);
    for (const r of groupSiblings(list, g).concat(needGSiblings.get(list)?.get(g) ?? [])) {
      if (r === p.tgid) continue;
      const rp = f.procs.get(r)!;
      if ((rp.pgid !== g && needG.get(r) !== g) || rp.isInit || !canCreateIn(f, rp.pidns, p)) continue;
      const rc = m.creation.get(r);
      if (!rc || rc.by === actorOf(p.tgid)) continue;
      if (n !== null && timingIn(f, m, r, n) === null) continue;
      return r;
    }
    return null;
  };
  /**
   * A pid-ns init whose parent (often the restorer, after its first parent died) is in another
   * pid ns than its pid ns's parent: CLONE_NEWPID makes the new pid ns a child of the creator's
   * own pid ns (FORK-7: copy_pid_ns refuses a pid_for_children elsewhere), so the parent cannot
   * fork it. A sibling in that pid ns, already placed and not created by p, not an init
   * (CLONE_PARENT from an init is refused), forks it with CLONE_PARENT, so its parent is still
   * the image's (FORK-3; seed 13875: init 58 of pid:4, child of pid:2, whose parent is the
   * restorer, forked by 42, a child of the restorer living in pid:2). O(siblings) per such init.
   */
  const initSibling = (p: Proc): number | null => {
    if (!p.isInit || p.pidns === f.hostPidNs) return null;
    const par = f.procs.get(p.parent);
    if (canCreateIn(f, par ? par.pidns : f.hostPidNs, p)) return null;
    for (const r of par ? par.children : f.rootChildren) {
      const rp = f.procs.get(r);
      if (!rp || r === p.tgid || rp.isInit || !canCreateIn(f, rp.pidns, p)) continue;
      const rc = m.creation.get(r);
      if (rc && rc.by !== actorOf(p.tgid)) return r;
    }
    return null;
  };
  for (const p of f.order) {
    const n = needOf(f, m, p);
    const by = actorOf(p.parent);
    // leading a group of its own, p leaves its birth group and only its parent can move it back
    // into its group (parent-moves.ts): its image parent, else a helper of its session's choice
    if (n !== null && !needG.has(p.tgid) && mustInherit(p) && returnsToGroup(f, m, p, false)) {
      const par = f.procs.get(p.parent);
      if (par && parentMoves(par, p, p.pgid, n)) {
        m.creation.set(p.tgid, { by, cloneParent: false, timing: timingIn(f, m, p.parent, n)!, why: `its parent forks it in session ${n}; it moves it back into group ${p.pgid}, which it cannot join from its own pid ns, once it created its own group (PGID-2, PGID-3)` });
      } else {
        if (!open.has(n)) open.set(n, []);
        open.get(n)!.push(p.tgid);
      }
      continue;
    }
    const gsib = groupSibling(p, n);
    if (gsib !== null) {
      m.creation.set(p.tgid, { by: actorOf(gsib), cloneParent: true, timing: n === null ? 'any' : timingIn(f, m, gsib, n)!, why: `its group ${p.pgid} has no number in its pid ns, so it must inherit it: its sibling ${gsib}, in that group, creates it with CLONE_PARENT (FORK-3, PGID-2)` });
      continue;
    }
    const sharer = sharerOf(p);
    if (sharer !== null) {
      const st = n === null ? 'any' : timingIn(f, m, sharer, n);
      const sc = m.creation.get(sharer);
      if (st !== null && sc && sc.by !== actorOf(p.tgid)) {
        m.creation.set(p.tgid, { by: actorOf(sharer), cloneParent: true, timing: st, why: `its sibling ${sharer} creates it with CLONE_PARENT so they share what the image shows shared (FORK-3, FORK-4)` });
        continue;
      }
    }
    const freeSharer = n === null ? leaderSharerOf(p) : null;
    if (freeSharer !== null) {
      m.creation.set(p.tgid, { by: actorOf(freeSharer), cloneParent: true, timing: 'any', sharer: true, why: `its sibling ${freeSharer} creates it with CLONE_PARENT so they share what the image shows shared; it then creates session ${p.tgid} with setsid (FORK-3, FORK-4, SID-2)` });
      continue;
    }
    // A group it must inherit that its parent is never in: the parent cannot hand it over;
    // the session's choice looks for a creator in that group (a zombie, a helper's carrier).
    const gNeed = needG.get(p.tgid) ?? (mustInherit(p) ? p.pgid : undefined);
    if (gNeed !== undefined && n !== null && !inGroupWhenForking(f.procs.get(p.parent), gNeed)) {
      const par = f.procs.get(p.parent);
      if (par && parentMoves(par, p, gNeed, n)) {
        m.creation.set(p.tgid, { by, cloneParent: false, timing: timingIn(f, m, p.parent, n)!, moveTo: gNeed, why: `its parent forks it in session ${n} and moves it into group ${gNeed} at once, which ${gNeed === p.pgid ? 'it cannot join from its own pid ns' : 'it must be in when it forks'} (PGID-2, PID-4)` });
        continue;
      }
      if (!open.has(n)) open.set(n, []);
      open.get(n)!.push(p.tgid);
      continue;
    }
    // a parent born in a user ns above which p lives cannot fork it (planner/creators/user-orphans.ts):
    // the session's choice finds a creator in p's pid ns whose exit hands p to that parent; a
    // free session leader waits (a lift may still give it a session), see userOrphanLeaders
    if (parentBornAbove(f, p) !== undefined) {
      if (n === null) { noteUserOrphanLeader(m, p.tgid); continue; }
      if (!open.has(n)) open.set(n, []);
      open.get(n)!.push(p.tgid);
      continue;
    }
    if (n === null) {
      const isib = initSibling(p);
      if (isib !== null) {
        m.creation.set(p.tgid, { by: actorOf(isib), cloneParent: true, timing: 'any', why: `its parent's pid ns is not the parent of pid ns ${p.pidns}, which it creates at birth (CLONE_NEWPID needs the creator's own pid ns, FORK-7): its sibling ${isib}, in that parent pid ns, forks it with CLONE_PARENT${isSessionLeader(f, p) ? `; it then creates session ${p.tgid} with setsid (SID-2)` : ''} (FORK-3)` });
        continue;
      }
      m.creation.set(p.tgid, { by, cloneParent: false, timing: 'any', why: isSessionLeader(f, p) ? `its parent forks it; it then creates session ${p.tgid} with setsid (SID-2)` : 'its parent forks it (FORK-1)' });
      continue;
    }
    const t = timingIn(f, m, p.parent, n);
    if (t !== null || direct.has(p.tgid)) {
      m.creation.set(p.tgid, {
        by, cloneParent: false, timing: t ?? 'any',
        why: t === 'before-setsid' ? `its parent forks it before its own setsid so that it keeps session ${n} (SID-2, born_sid)` : `its parent forks it in session ${n} (FORK-6)`,
      });
      continue;
    }
    if (!open.has(n)) open.set(n, []);
    open.get(n)!.push(p.tgid);
  }
  return open;
}

/** The pid ns a session's or group's leader lived in, from a member's vector. */
export function leaderNs(f: Facts, member: Proc, vec: number[]): string | undefined {
  return pidNsAtLevel(f, member.pidns, vec.length - 1);
}
