/**
 * Phase 3 of the creator model: per session, the processes whose parent cannot hand them their
 * session directly. Each is one independent component (its options touch only that session's
 * ghost and helpers). Options per process P with image parent Q:
 *   sib(R)        a sibling R already in the session calls clone(CLONE_PARENT)   (FORK-3)
 *   ghostCp(Q)    the session's ghost, placed as Q's child, calls clone(CLONE_PARENT)
 *   ghostFork(Q') the ghost, placed under Q', forks P; its exit hands P to Q      (EXIT-2)
 *   zfork(Z)      Z, in the session and a zombie in the image, forks P; Z's own exit in the
 *                 final phase hands P to Q, as it did before the checkpoint  (EXIT-2, EXIT-4)
 *   helper(C)     a reparent helper forked by carrier C in the session forks P and exits
 *   helper(C, cp) the same helper forked by C with CLONE_PARENT: a sibling of C, its exit hands
 *                 P to the reaper of C's parent (FORK-3, EXIT-2), e.g. when C is a subreaper
 * Objective: fewest helpers, then fewest operations. Solved exactly by javascript-lp-solver on the
 * component (binary model, a few variables per member) within the component budget; the greedy
 * constructive fallback takes the first feasible option in the order above and always yields a
 * choice when the LP would (it tries every option kind).
 */
import solverModule from 'javascript-lp-solver';
import type { ComponentStatus } from '../plan.js';
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, canCreateIn, deadGroupNsOf, groupJoinable, isRootOwned, pidNsAtLevel, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from './creators.js';
import { leavesLedGroup } from './leaving-leader.js';
import { bornForParentMove } from './moved-born-group.js';
import { bornBeforeSession } from './sharer-lift.js';
import { joinerNamespaces } from './group-joiner.js';
import { ROOT_NAME, actorOf, leaderNs, makeReaper, setBornSid, siblingCandidates, timingIn } from './creators.js';
import { childNsForHeir, lateSubreaperHeir, lateSubreaperPair } from './helper-heirs.js';
import { NO_INIT_WALK } from './init-walk.js';
import { inGhostConflict, noteGhostConflict } from './ghost-conflict.js';
import { canForkUser, parentBornAbove } from './user-orphans.js';
import { canMoveFrom, returnsToGroup } from './parent-moves.js';
import { bornCreators, deepInitHelper, deferBeforeLift, zombieForksGroupGhost } from './born-creators.js';
import { noteTempSubreaper, tempSubreaperFor } from './temp-subreaper.js';
import { siblingForker } from './sibling-ghost.js';
import { carrierUnderSubreaper, leaderUnderSubreaper } from './leader-under-subreaper.js';
import { bornGhostForkers, ghostForkerLift, ghostHeirNs } from './group-ghost-heirs.js';
import { zombieHeirs } from './session-zombie-heirs.js';
import { lateOnlyChild, noteTempLate, stopsOrphans, tempOpen, tempSubreaperLate, tempZombiesFor, waitsForOpenTempZombie } from '../variants/misc-temp-open.js';
import { ghostBirthPlaces, placedUnder } from '../variants/sess-ghost-birth.js';
import { ghostHelperUser } from '../variants/user-bound-creators.js';
import { ghostOptionsAgain } from '../variants/sess-ghost-options.js';
import { looseZombies, oneStepLifts } from '../variants/one-step-lift.js';
import { zombieLeaderOf } from '../variants/zombie-leaver.js';
import { ghostAbove } from '../variants/ghost-forked-group.js';
import { ghostHeir, lateGhostForker } from '../variants/late-ghost-forker.js';
import { settledCarriers } from '../variants/settled-carriers.js';
import { preSwitchZombieUser } from '../variants/pre-switch-zombie-fork.js';
import { freePlacement, unusedGhostPlaces } from '../variants/unused-ghost-place.js';
import { ghostLatePair, ghostLatePairs } from '../variants/ghost-late-pair.js';

type Option =
  | { kind: 'sib'; r: number }
  | { kind: 'zfork'; z: number; temp?: number; late?: number }
  | { kind: 'ghostCp'; q: number }
  | { kind: 'ghostFork'; q: number; late?: number; also?: number }
  | { kind: 'helper'; carrier: string; cp: boolean; late?: number; also?: number; ns?: string };

/**
 * The helper an option uses: one per carrier and way of creating it (fork or CLONE_PARENT; an
 * exit before subreaper `late` sets its flag, or a helper forked into pid ns `ns`: helper-heirs.ts).
 */
function helperKey(o: { carrier: string; cp: boolean; late?: number; also?: number; ns?: string }): string {
  return `${carrierKey(o)}${o.late !== undefined ? `~${o.late}` : ''}${o.also !== undefined ? `~${o.also}` : ''}${o.ns !== undefined ? `@${o.ns}` : ''}`;
}
/** The carrier part of helperKey: what a re-plan bans (replan.ts names helpers so). */
function carrierKey(o: { carrier: string; cp: boolean }): string {
  return o.cp ? `${o.carrier}cp` : o.carrier;
}

const HELPER_COST = 1000;
/** The package's typings describe the CommonJS namespace; at run time the default export is the solver. */
const solver = solverModule as unknown as { Solve(model: unknown): { feasible: boolean; result: number; [k: string]: unknown } };


function pidnsOfActor(f: Facts, x: number): string {
  return x === ROOT ? f.hostPidNs : f.procs.get(x)!.pidns;
}

export interface SessionDecision {
  status: ComponentStatus;
  ok: boolean;
}

let helperCounter = 0;
export function resetHelperNames(): void {
  helperCounter = 0;
}
export function newHelperName(): string {
  helperCounter += 1;
  return `h${helperCounter}`;
}

/**
 * Options a re-plan must not offer, per member: the creator keys (optionKey) of choices that closed
 * an ordering cycle in an earlier attempt (planner/replan.ts).
 */
export type Avoid = Map<number, Set<string>>;

/**
 * The key naming option o's creator, as the schedule shows it: a task creator `tX` (sib, zfork),
 * a reparent helper's carrier (`tXcp` for its CLONE_PARENT form), the ghost placed under q.
 */
export function optionKey(o: Option): string {
  return o.kind === 'sib' ? actorOf(o.r) : o.kind === 'zfork' ? actorOf(o.z) : o.kind === 'helper' ? carrierKey(o) : `ghost@${actorOf(o.q)}`;
}

export function decideSession(
  f: Facts, m: CreatorModel, n: number, open: number[], opts: { budgetMs: number; fallbackOnly: boolean; noCloneParent: boolean; noHelpers: boolean; lpMemo?: LpMemo; avoid?: Avoid; second?: boolean },
): SessionDecision {
  const t0 = Date.now();
  const openSet = new Set(open);
  const leaderAlive = n === 0 || f.procs.has(n);
  const first = f.procs.get(open[0])!;
  let ghost: HelperSpec | undefined = m.sessionGhost.get(n);
  if (!leaderAlive && !ghost) {
    // (variant rootSiblingBirths: the first open member may be a leader born in n, whose sid is
    // its own: the ghost's pid is read from a member of n, root-sibling-birth.ts)
    const mem = m.rootSiblingBirths ? open.map((t) => f.procs.get(t)!).find((p) => p.sid === n) ?? first : first;
    const vec = mem.leader.sid;
    const ns = leaderNs(f, mem, vec);
    ghost = {
      name: newHelperName(), role: 'session-ghost', why: `session ${n}'s leader is dead; a ghost with pid ${n} calls setsid so members can inherit the session (SID-2, SID-3)`,
      vector: vec.slice(), pidns: ns ?? mem.pidns, by: actorOf(ROOT), timing: 'any', session: n, setsid: true, setpgid: false, creates: [], placed: false,
    };
    m.sessionGhost.set(n, ghost);
    m.helpers.push(ghost);
  }
  const reaper = makeReaper(f, m);
  // a re-plan after this session's ghost was needed under two parents (ghost-conflict.ts)
  const conflict = inGhostConflict(opts.avoid, n);
  const anchored = (t: number) => !openSet.has(t) && m.creation.has(t);
  /** usable CLONE_PARENT siblings per parent for this session; lift() changes what they are: cleared then */
  const sibCache = new Map<number, number[]>();

  // Candidate carriers for reparent helpers: the leader and a few permanent members.
  const carriers: string[] = [];
  if (n !== 0 && f.procs.has(n)) carriers.push(actorOf(n));
  if (n === 0) carriers.push(actorOf(ROOT));
  for (const t of f.sessions.get(isRootOwned(f, n) ? n : n) ?? []) {
    if (carriers.length >= 4) break;
    if (t === n || openSet.has(t)) continue;
    const p = f.procs.get(t)!;
    if (timingIn(f, m, t, n) === 'any' && m.creation.has(t)) carriers.push(actorOf(t));
  }
  /**
   * Carriers for a member that must be born in group g: members of g (the session's first few
   * may all be elsewhere). Per group, once: O(group members).
   */
  const groupCarriers = new Map<number, string[]>();
  const carriersFor = (p: Proc): string[] => {
    const g = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    if (g === undefined) return carriers;
    let l = groupCarriers.get(g);
    if (!l) {
      // the session's carriers first (the leader), then up to 4 more from the group
      groupCarriers.set(g, (l = carriers.slice()));
      // (at most 64 members looked at: a lift rebuilds the list, which stays O(1) per lift)
      const members = f.groups.get(g) ?? [];
      for (let i = 0; i < members.length && i < 64; i++) {
        const t = members[i];
        if (l.length >= carriers.length + 4) break;
        if (l.includes(actorOf(t))) continue;
        const tm = timingIn(f, m, t, n);
        // (a session leader is in its own group only after its setsid)
        if (!openSet.has(t) && m.creation.has(t) && (tm === 'any' || (tm === 'after-setsid' && t === g))) l.push(actorOf(t));
      }
      // (variant leavingLeaders: g's live leader, gone to another group of the session, carries
      // the helper while it still leads g: leaving-leader.ts)
      const gl = f.procs.get(g);
      if (gl && l.length < carriers.length + 4 && !l.includes(actorOf(g)) && !openSet.has(g) && m.creation.has(g) && gl.sid === n && timingIn(f, m, g, n) === 'any' && leavesLedGroup(f, m, gl, g)) l.push(actorOf(g));
    }
    return l;
  };
  // Zombies of the session: their children, which a zombie has none of in the image, reparent
  // at their exit to the nearest subreaper above them or their pid ns's init (EXIT-2).
  const zombiesAmong = (list: number[], cap = 4, withOpen = false, subreapers = false): { z: number; heir: number }[] => {
    const out: { z: number; heir: number }[] = [];
    for (const z of list) {
      const zp = f.procs.get(z)!;
      // not a subreaper: until its exit, orphans below the child would go to it, not to the
      // child's image reaper (EXIT-2, EXIT-3)
      // (withOpen: also this component's open zombies, whose chains only loose options accept)
      // (subreapers: for a child whose own orphans stop at itself, misc-temp-open.ts)
      if (!zp.zombie || zp.isInit || (zp.leader.subreaper === true && !subreapers) || (openSet.has(z) ? !withOpen : !m.creation.has(z)) || timingIn(f, m, z, n) === null) continue;
      out.push({ z, heir: reaper(actorOf(zp.parent), zp.pidns) });
      if (out.length >= cap) break;
    }
    return out;
  };
  const zombies = zombiesAmong(f.sessions.get(n) ?? []);
  /**
   * A member that cannot join its group from its pid ns needs a creator in that group: the
   * zombies of the group itself (the session's first few may all be elsewhere). Per group, once:
   * O(group members).
   */
  const groupZombies = new Map<number, Map<number, { z: number; heir: number }[]>>();
  /** (variant groupGhostHeirs) the session's zombies by heir, 4 per heir: built on first use (session-zombie-heirs.ts) */
  let sessionZombiesByHeir: Map<number, { z: number; heir: number }[]> | undefined;
  const zombiesFor = (p: Proc): { z: number; heir: number }[] => {
    const g = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    // (variant looseZombies too: past the session's first eight zombies, one-step-lift.ts)
    if (g === undefined && (zombieHeirs(m) || looseZombies(m))) {
      if (!sessionZombiesByHeir) {
        sessionZombiesByHeir = new Map();
        for (const zh of zombiesAmong(f.sessions.get(n) ?? [], Infinity, looseZombies(m))) {
          const l = sessionZombiesByHeir.get(zh.heir);
          if (!l) sessionZombiesByHeir.set(zh.heir, [zh]);
          else if (l.length < 4) l.push(zh);
        }
      }
      return sessionZombiesByHeir.get(p.parent) ?? [];
    }
    if (g === undefined) return zombies;
    // by heir, so that each member reads the few whose exit hands it to its parent
    let byHeir = groupZombies.get(g);
    if (!byHeir) {
      groupZombies.set(g, (byHeir = new Map()));
      // (variant zombieLeavers: g's leader too, a zombie that leaves g later, zombie-leaver.ts)
      const zl = zombieLeaderOf(f, m, g);
      for (const zh of zombiesAmong(zl !== undefined ? [zl, ...(f.groups.get(g) ?? [])] : f.groups.get(g) ?? [], Infinity, true)) {
        const l = byHeir.get(zh.heir);
        if (!l) byHeir.set(zh.heir, [zh]);
        else if (l.length < 4) l.push(zh);
      }
    }
    return byHeir.get(p.parent) ?? [];
  };
  // Where the ghost may be placed (under an open member's parent), and the same places by the
  // task their ghost's exit hands children to, so that each member finds its ghostFork options
  // in O(its options) rather than a scan of every placement (O(members x placements) otherwise).
  const ghostPlacements = new Set<number>();
  const placementsByReaper = new Map<number, number[]>();
  /** (conflict) places whose ghost exits before subreaper `late` sets its flag, by the heir past it */
  const latePlacements = new Map<number, { q: number; late: number; also?: number }[]>();
  // (variant ghostBirths: a ghost born in another session, to fork a sharer there before its
  // setsid, is placed only where it can be born there: sess-ghost-birth.ts)
  const birth = ghost ? ghostBirthPlaces(f, m, n, ghost, reaper, openSet) : undefined;
  const addPlacement = (q: number): void => {
    if (birth && !birth.allows(q)) { for (const x of birth.extras(q)) addPlacement(x); return; }
    // (a second component finds its session's ghost placed already)
    if (!ghost || ghostPlacements.has(q) || (ghost.placed && placedUnder(ghost) !== actorOf(q)) || !pidNsWithin(f, ghost.pidns, pidnsOfActor(f, q))) return;
    ghostPlacements.add(q);
    const r = reaper(actorOf(q), ghost.pidns);
    const l = placementsByReaper.get(r);
    if (l) l.push(q);
    else placementsByReaper.set(r, [q]);
    const late = conflict ? lateSubreaperHeir(f, reaper, actorOf(q), ghost.pidns) : undefined;
    if (late) latePlacements.set(late.heir, (latePlacements.get(late.heir) ?? []).concat({ q, late: late.late }));
    // (variant ghostLatePairs: an exit before two nested subreapers' flags, ghost-late-pair.ts)
    const pair = late && ghostLatePairs(m) ? ghostLatePair(f, reaper, actorOf(q), ghost.pidns) : undefined;
    if (pair) latePlacements.set(pair.heir, (latePlacements.get(pair.heir) ?? []).concat({ q, late: pair.late, also: pair.also }));
  };
  if (ghost) for (const t of open) addPlacement(f.procs.get(t)!.parent);

  const options = new Map<number, Option[]>();
  /** helpers by name (m.helpers only grows: indexed as it does) */
  const helperIdx = new Map<string, HelperSpec>();
  let helperSeen = 0;
  const helperNamed = (name: string): HelperSpec | undefined => {
    for (; helperSeen < m.helpers.length; helperSeen++) helperIdx.set(m.helpers[helperSeen].name, m.helpers[helperSeen]);
    return helperIdx.get(name);
  };
  /** the actor that creates a member under option o (a helper is created by its carrier) */
  const creatorOf = (o: Option): string => (o.kind === 'sib' ? actorOf(o.r) : o.kind === 'zfork' ? actorOf(o.z) : o.kind === 'helper' ? o.carrier : actorOf(o.q));
  /**
   * Walks the creator chain from actor `by`, through placed helpers' creators. For each task x on
   * it, atTask(x) stops the walk with a boolean answer, or names the next actor (a string), or
   * (undefined) lets the walk go on to x's decided creator. The restorer ends it with `atRoot`; an
   * undecided link or an unplaced helper with false. O(depth).
   */
  const walkChain = (by: string, atTask: (x: number) => boolean | string | undefined, atRoot: boolean): boolean => {
    for (let guard = 0; guard < 4096; guard++) {
      if (by.startsWith('h')) {
        const h = helperNamed(by);
        if (!h || !h.placed) return false;
        by = h.by;
        continue;
      }
      if (!by.startsWith('t')) return atRoot;
      const x = Number(by.slice(1));
      const r = atTask(x);
      if (typeof r === 'boolean') return r;
      if (r !== undefined) { by = r; continue; }
      const c = m.creation.get(x);
      if (!c) return false;
      by = c.by;
    }
    return false;
  };
  /** Does the chain from `by` reach member t, through decided creations, helpers and this component's choices? */
  const chainHits = (by: string, t: number, chosen: Map<number, Option>): boolean =>
    walkChain(by, (x) => (x === t ? true : chosen.has(x) ? creatorOf(chosen.get(x)!) : undefined), false);
  /** is carrier c's creator chain decided, free of open members and of member t? */
  const settledCarrier = (c: string, t: number): boolean =>
    walkChain(c, (x) => (x === t || openSet.has(x) ? false : undefined), true);
  const work = open.slice();
  open = [];
  /**
   * Is z's chain of creators decided and free of this component's open members? Then a zfork by
   * z cannot close a creation cycle (a zombie forking one of its own creators). O(depth).
   */
  const settledChain = (z: number, p: Proc, loose: boolean): boolean => {
    // `loose` (a member that must inherit its group and has no other creator than the group's
    // few zombies): accept an undecided chain that does not already pass through p (a cycle
    // closed later by the choice is dropped or caught by the schedule: undecided as before).
    let by: string | undefined = actorOf(z);
    for (let guard = 0; guard < 4096 && by && by.startsWith('t'); guard++) {
      const x: number = Number(by.slice(1));
      if (x === p.tgid) return false;
      if (openSet.has(x)) return loose;
      by = m.creation.get(x)?.by;
      if (by === undefined) return false;
    }
    return true;
  };
  /**
   * Does carrier c have its image parent from birth (forked by it, or CLONE_PARENT by a sibling;
   * not handed over later by a helper's or a zombie's exit)? Then a helper c creates with
   * CLONE_PARENT is that parent's child (FORK-3; refused from a pid-ns init).
   */
  const parentFromBirth = (c: Proc): boolean => {
    const cr = m.creation.get(c.tgid);
    return !c.isInit && cr !== undefined && cr.via === undefined && (cr.by === actorOf(c.parent) || cr.cloneParent);
  };
  // members their parent cannot fork for want of a user ns: only creators at or above theirs (user-orphans.ts)
  // (a member lifted in later, lift(), may be one too: asked per member, O(user-ns depth))
  // (variant userBoundCreators: every member, user-bound-creators.ts)
  const userBound = { has: (t: number) => f.userBoundCreators === true || parentBornAbove(f, f.procs.get(t)!) !== undefined };
  // the session's ghost may stand in for their dead creator from the restorer, whose orphans in
  // a pid ns below it go to that ns's init (EXIT-2): a placement at or above any user ns
  if (ghost && work.some((t) => userBound.has(t))) addPlacement(ROOT);
  const userOf = (o: Option): string | null => {
    const tu = (x: number) => f.procs.get(x)?.leader.userns ?? null;
    if (o.kind === 'sib') return tu(o.r);
    // (variant preSwitchZombieForks: a zombie the restorer forks forks before its switch, pre-switch-zombie-fork.ts)
    if (o.kind === 'zfork') return preSwitchZombieUser(f, m, o.z) ?? tu(o.z);
    if (o.kind === 'helper') return o.carrier === ROOT_NAME ? f.rootUserNs : o.carrier.startsWith('t') ? tu(Number(o.carrier.slice(1))) : o.carrier === ghost?.name ? ghostHelperUser(f, ghostUser(), ghostPlacements.has(ROOT)) : null;
    // a ghost placed under q is forked by q (its by): q's user ns
    return o.q === ROOT ? f.rootUserNs : tu(o.q);
  };
  /** the user ns of the task session n's ghost is placed under, once placed (undefined before) */
  const ghostUser = (): string | null | undefined => {
    if (!ghost?.placed) return undefined;
    const at = placedUnder(ghost);
    return at === actorOf(ROOT) ? f.rootUserNs : at.startsWith('t') ? f.procs.get(Number(at.slice(1)))?.leader.userns ?? null : null;
  };
  const keepUserOk = (p: Proc, ...lists: Option[][]): void => {
    for (const l of lists) for (let i = l.length - 1; i >= 0; i--) if (!canForkUser(f, userOf(l[i]), p)) l.splice(i, 1);
  };
  /** is option o's creator in group `need` (finally)? (the ghost leads group n, like the session, SID-2) */
  const groupOf = (x: string | number): number => (x === ROOT_NAME || x === ROOT ? 0 : x === ghost?.name ? n : f.procs.get(typeof x === 'number' ? x : Number(x.slice(1)))!.pgid);
  // (a sibling leading `need` that leaves it later is in it when it forks: leaving-leader.ts)
  /** a carrier task (not the restorer or a helper) that leads `need` and leaves it later (leaving-leader.ts) */
  const carrierLeavesGroup = (c: string, need: number): boolean => {
    const cp = /^t\d+$/.test(c) ? f.procs.get(Number(c.slice(1))) : undefined;
    return cp !== undefined && leavesLedGroup(f, m, cp, need);
  };
  const inNeedGroup = (o: Option, need: number): boolean => (o.kind === 'sib' ? groupOf(o.r) === need || leavesLedGroup(f, m, f.procs.get(o.r)!, need) : o.kind === 'zfork' ? groupOf(o.z) === need || zombieLeaderOf(f, m, need) === o.z : o.kind === 'helper' ? groupOf(o.carrier) === need || carrierLeavesGroup(o.carrier, need) : need === n);
  /** the pid ns of the task that forks the member under option o (its parent at birth), or undefined for CLONE_PARENT */
  const forkerNs = (o: Option): string | undefined => {
    if (o.kind === 'zfork') return f.procs.get(o.z)!.pidns;
    if (o.kind === 'ghostFork') return ghost?.pidns;
    if (o.kind !== 'helper') return undefined;
    if (o.ns !== undefined) return o.ns;
    if (o.carrier === ROOT_NAME || o.carrier === ghost?.name) return f.hostPidNs;
    return f.procs.get(Number(o.carrier.slice(1)))!.pidns;
  };
  /** can the member's forker under o move it into group `need` right after the fork (parent-moves.ts)? */
  const movesInto = (o: Option, need: number): boolean => {
    const ns = forkerNs(o);
    return ns !== undefined && canMoveFrom(f, m, ns, need);
  };
  /** the group a member's creator under o moves it into, if any */
  const moveOf = (p: Proc, o: Option): number | undefined => {
    const need = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    return need !== undefined && !inNeedGroup(o, need) && movesInto(o, need) ? need : undefined;
  };
  /**
   * Per member with ordinary options, the helpers of helper-heirs.ts it was not offered (the last
   * options, ext below): taken when each ordinary one closes a creator cycle (the choice loop).
   */
  const lastResort = new Map<number, Option[]>();
  const optionsFor = (p: Proc, loose = false): Option[] => {
    const q = p.parent;
    const list: Option[] = [];
    /** helpers of helper-heirs.ts: offered only when list ends up empty */
    const ext: Option[] = [];
    const t = p.tgid;
    // A member whose group cannot be joined from its pid ns may also be created by an open
    // sibling of that group with a smaller pid: still acyclic (creators point to smaller pids).
    const need = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    const usable = groupJoinable(p) ? anchored : (r: number) => anchored(r) || (openSet.has(r) && r < t);
    // (a member born in a group takes its siblings from that group)
    // (a sibling forked by a zombie counts too: it is that zombie's child until the zombie's final
    // exit, and so is what it forks with CLONE_PARENT; each zombie ignores SIGCHLD only right
    // before its own exit, so neither is reaped early: seed 17207)
    if (!opts.noCloneParent) for (const r of siblingCandidates(f, m, p, n, usable, groupJoinable(p) ? sibCache : undefined, need)) list.push({ kind: 'sib', r });
    // born in a group and no settled sibling in it: an older open one (cycles are dropped below)
    if (!opts.noCloneParent && list.length === 0 && need !== undefined && groupJoinable(p)) for (const r of siblingCandidates(f, m, p, n, (r: number) => openSet.has(r) && r < t, undefined, need)) list.push({ kind: 'sib', r });
    // a zombie P exits (final phase) first, while Z is still its parent; Z's exit then hands
    // the zombie to Q (build.ts orders the two exits; EXIT-2, EXIT-4, EXIT-5)
    for (const { z, heir } of zombiesFor(p)) if (heir === q && canCreateIn(f, f.procs.get(z)!.pidns, p) && !isDescendant(f, actorOf(z), p) && settledChain(z, p, loose)) list.push({ kind: 'zfork', z });
    // (the bornCreators variant: a zombie whose exit reaches q once q is a subreaper around it,
    // temp-subreaper.ts; only for a member with no other option, like the helpers below)
    // (variant tempOpen: the zombies filtered by q before the cap, misc-temp-open.ts)
    if (bornCreators(m)) for (const { z } of (tempOpen(m) ? tempZombiesFor(f, zombiesAmong(need !== undefined ? f.groups.get(need) ?? [] : f.sessions.get(n) ?? [], Infinity, loose, stopsOrphans(p)), q) : zombiesAmong(need !== undefined ? f.groups.get(need) ?? [] : f.sessions.get(n) ?? [], 8, loose))) if (tempSubreaperFor(f, z, q) === q && canCreateIn(f, f.procs.get(z)!.pidns, p) && !isDescendant(f, actorOf(z), p) && settledChain(z, p, loose)) ext.push({ kind: 'zfork', z, temp: q });
    // (variant tempOpen: past one subreaper whose flag follows the zombie's exit, misc-temp-open.ts)
    if (bornCreators(m) && tempOpen(m) && !ext.some((o) => o.kind === 'zfork')) {
      for (const { z } of zombiesAmong(need !== undefined ? f.groups.get(need) ?? [] : f.sessions.get(n) ?? [], Infinity, loose, stopsOrphans(p) || lateOnlyChild(f, p))) {
        const lt = tempSubreaperLate(f, z, q);
        if (lt && canCreateIn(f, f.procs.get(z)!.pidns, p) && !isDescendant(f, actorOf(z), p) && settledChain(z, p, loose)) { ext.push({ kind: 'zfork', z, temp: q, late: lt.late }); break; }
      }
    }
    if (ghost && canCreateIn(f, ghost.pidns, p)) {
      if (!opts.noCloneParent && ghostPlacements.has(q)) list.push({ kind: 'ghostCp', q });
      for (const g of placementsByReaper.get(q) ?? []) list.push({ kind: 'ghostFork', q: g });
      for (const { q: g, late, also } of latePlacements.get(q) ?? []) list.push(also !== undefined ? { kind: 'ghostFork', q: g, late, also } : { kind: 'ghostFork', q: g, late });
    }
    if (!opts.noHelpers) for (const c of carriersFor(p)) {
      const cp = c === ROOT_NAME ? undefined : f.procs.get(Number(c.slice(1)))!;
      const cns = cp ? cp.pidns : f.hostPidNs;
      if (isDescendant(f, c, p)) continue;
      // a carrier found in p's group (beyond the session's) must have a settled creator chain
      // (variant settledCarriers: the session's own carriers too, settled-carriers.ts)
      if ((!carriers.includes(c) || settledCarriers(m)) && !settledCarrier(c, p.tgid)) continue;
      if (!canCreateIn(f, cns, p)) {
        // p (an init two or more pid-ns levels below c) is still created by a helper c forks
        // into the pid ns whose init is q, which clones p with CLONE_NEWPID (seed 2036); offered
        // only once a re-plan stopped the born_sid walk at q (init-walk.ts): elsewhere lifting
        // and group ghosts were tried first and stay so
        const walked = opts.avoid?.get(q)?.has(NO_INIT_WALK) === true;
        const ns = walked || deepInitHelper(m) ? childNsForHeir(f, cns, p, q) : undefined;
        // (childNsForHeir gives only a pid ns below c's, which c can enter as pid_for_children, SETNS-5)
        if (ns !== undefined && canCreateIn(f, ns, p)) ext.push({ kind: 'helper', carrier: c, cp: false, ns });
        continue;
      }
      if (reaper(c, cns) === q) list.push({ kind: 'helper', carrier: c, cp: false });
      // (variant leavingLeaders: p's group's leader, which leaves it later, forks the helper into
      // the pid ns below it whose init is q, SETNS-5: the helper is born in the group, forks p
      // there and exits, so p goes to that init, EXIT-2; leaving-leader.ts)
      else if (cp && cp.tgid === p.pgid && cp.pgid !== p.pgid && leavesLedGroup(f, m, cp, p.pgid)) {
        const ns = childNsForHeir(f, cns, p, q);
        if (ns !== undefined && canCreateIn(f, ns, p)) list.push({ kind: 'helper', carrier: c, cp: false, ns });
      }
      else if (cp && !opts.noCloneParent && parentFromBirth(cp) && reaper(actorOf(cp.parent), cns) === q) list.push({ kind: 'helper', carrier: c, cp: true });
      else {
        // a heir past a subreaper that sets its flag late, or the init of a pid ns below c
        const late = lateSubreaperHeir(f, reaper, c, cns);
        const ns = childNsForHeir(f, cns, p, q);
        const pair = late && late.heir !== q && ns === undefined ? lateSubreaperPair(f, reaper, c, cns, q) : undefined;
        if (late && late.heir === q) ext.push({ kind: 'helper', carrier: c, cp: false, late: late.late });
        else if (ns !== undefined) ext.push({ kind: 'helper', carrier: c, cp: false, ns });
        else if (pair) ext.push({ kind: 'helper', carrier: c, cp: false, late: pair.late, also: pair.also });
      }
    }
    // the session's ghost (in session n wherever it is placed) may fork a helper into a pid ns
    // below it whose init is p's parent (seed 271, helper-heirs.ts)
    if (ghost && !opts.noHelpers) {
      const ns = childNsForHeir(f, ghost.pidns, p, q);
      if (ns !== undefined) ext.push({ kind: 'helper', carrier: ghost.name, cp: false, ns });
    }
    if (need !== undefined) {
      // p cannot setpgid into its group later (PGID-2, PID-4), or must be in group `need` when it
      // forks a child that cannot (born group): its creator must already be in that group, or
      // fork it and move it there at once (parent-moves.ts)
      // (one that leaves its group to create its own needs its forker to move it back later)
      const back = need === p.pgid && returnsToGroup(f, m, p, groupJoinable(p));
      // (variant movedBornGroups: one whose parent must move it into its final group later is
      // forked by that parent, lifted: moved-born-group.ts)
      const lifted = bornForParentMove(f, m, p);
      const keep = (o: Option) => !lifted && ((!back && inNeedGroup(o, need)) || movesInto(o, need));
      for (let i = list.length - 1; i >= 0; i--) if (!keep(list[i])) list.splice(i, 1);
      for (let i = ext.length - 1; i >= 0; i--) if (!keep(ext[i])) ext.splice(i, 1);
    }
    const bannedKeys = opts.avoid?.get(t);
    // choices that closed an ordering cycle before (a re-plan): not offered again. When they are
    // all p has, p is lifted if it can be (its parent, born in the session too, forks it before
    // its own setsid: seed 39, where every carrier of an orphan's helper lies below another
    // orphan whose helper's carriers lie below the first); else they stay (the re-plan then
    // fails as the first attempt did, and that answer stands)
    if (bannedKeys && list.some((o) => !bannedKeys.has(optionKey(o)))) {
      for (let i = list.length - 1; i >= 0; i--) if (bannedKeys.has(optionKey(list[i]))) list.splice(i, 1);
    } else if (bannedKeys && list.length > 0 && liftable(f, m, n, t, conflict) !== null) {
      return []; // drain() lifts a member with no option
    } else if (bannedKeys && list.length > 0 && ext.some((o) => !bannedKeys.has(optionKey(o)))) {
      // every ordinary option closed a cycle and p cannot be lifted: the helpers of
      // helper-heirs.ts, kept for a member with no other option, are its options now (seed 665)
      list.length = 0;
    }
    // the helpers of helper-heirs.ts only for a member with no other option (the choices of
    // every other member stay as they were), and never again once they closed a cycle: the
    // member then falls back on lifting or a group ghost, as it did before them (seed 125)
    if (userBound.has(t)) keepUserOk(p, list, ext);
    if (list.length === 0) {
      for (const o of ext) if (!bannedKeys?.has(optionKey(o))) list.push(o);
    } else {
      // (the loose pass: also helpers that open members of p's group fork into the pid ns whose
      // init is p's parent, taken only if every other option closes a creator cycle)
      const last = loose && need !== undefined && !opts.noHelpers ? ext.concat(openGroupHeirHelpers(p, need)) : ext;
      if (userBound.has(t)) keepUserOk(p, last);
      lastResort.set(t, last.filter((o) => !bannedKeys?.has(optionKey(o))));
    }
    return list;
  };
  /**
   * Helpers forked by open members of group g (this component's, still undecided: their chains
   * are checked once chosen, by the choice loop) into the pid ns below them whose init is p's
   * parent: the helper's exit hands p to that init (EXIT-2), and p is born in g, which its own
   * pid ns cannot see (PGID-2, PID-4). Seed 7630: the group's only settled members live in a
   * sibling pid ns, and its zombie forks p's CLONE_PARENT sibling, which p itself creates.
   * At most 4, from the group's first 64 members: O(1) per member.
   */
  const openGroupHeirHelpers = (p: Proc, g: number): Option[] => {
    const out: Option[] = [];
    const members = f.groups.get(g) ?? [];
    for (let i = 0; i < members.length && i < 64 && out.length < 4; i++) {
      const x = members[i];
      const xp = f.procs.get(x);
      if (!xp || x === p.tgid || !openSet.has(x) || timingIn(f, m, x, n) !== 'any' || isDescendant(f, actorOf(x), p) || !canCreateIn(f, xp.pidns, p)) continue;
      const ns = childNsForHeir(f, xp.pidns, p, p.parent);
      if (ns !== undefined) out.push({ kind: 'helper', carrier: actorOf(x), cp: false, ns });
    }
    return out;
  };
  /** Would lifting member t make an ancestor of session n's leader born in n (sharer-lift.ts)? */
  const liftBornBeforeSession = (t: number): boolean => {
    if (m.sharerLifts !== true) return false;
    const l = liftable(f, m, n, t, conflict);
    return l !== null && bornBeforeSession(f, m, n, l.top);
  };
  /**
   * Variant groupGhostHeirs (group-ghost-heirs.ts): p must be born in group g, whose leader is
   * dead and lived in its parent q's own pid ns, where q is the reaper; q, a session leader free
   * of born_sid, cannot be born in g (older than g, PID-8) but can be born in session n and fork
   * g's ghost there before its setsid. q joins the work list (born in n, no group); p waits for
   * the deferred pass, where groupGhostCreates finds q as the ghost's forker. O(levels).
   */
  function liftForGhost(p: Proc): boolean {
    const g = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    if (g === undefined || f.procs.has(g) || isRootOwned(f, g) || g === n) return false;
    const gm = g === p.pgid ? p : f.procs.get(f.groups.get(g)?.[0] ?? -1);
    if (!gm) return false;
    const ns = deadGroupNsOf(f, gm, g, gm.leader.pgid);
    const q = f.procs.get(p.parent);
    if (!q || !ns || !ghostForkerLift(f, m, q, n, ns) || !canCreateIn(f, ns, p) || reaper(actorOf(q.tgid), ns) !== q.tgid || openSet.has(q.tgid)) return false;
    setBornSid(m, q.tgid, n);
    m.creation.delete(q.tgid);
    const path = m.liftPath.get(p.tgid);
    if (path && path[0] === q.tgid) m.liftPath.set(q.tgid, path.slice(1));
    sibCache.clear();
    groupCarriers.clear();
    openSet.add(q.tgid);
    work.push(q.tgid);
    addPlacement(q.parent);
    return true;
  }
  /** Lift member t (see lift()): its topmost lifted ancestor joins the work list instead. */
  const liftMember = (t: number): boolean => {
    const top = lift(f, m, n, t, conflict);
    if (top === null) return false;
    sibCache.clear(); // a lift adds born_sid entries, which change the usable siblings
    groupCarriers.clear(); // and decides the lifted member's creation: it may carry helpers now
    openSet.delete(t);
    openSet.add(top);
    work.push(top);
    addPlacement(f.procs.get(top)!.parent);
    return true;
  };
  /**
   * A member whose group's leader is dead and cannot be joined from its pid ns (PGID-2, PID-4):
   * the group's ghost forks it and exits, so it reparents to its image parent (EXIT-2). The
   * ghost is forked by a member of the session living in the group's pid ns whose orphans go to
   * that parent. O(session members) per such member.
   */
  function groupGhostCreates(p: Proc): boolean {
    // the group p must be born in: its own when it cannot join it, or its born group
    const g = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
    // (variant groupJoiners: a live leader's group, joined by a helper: group-joiner.ts)
    if (g !== undefined && f.procs.has(g) && !isRootOwned(f, g) && g !== n) return groupJoinerCreates(p, g);
    if (g === undefined || f.procs.has(g) || isRootOwned(f, g) || g === n) return false;
    // the group's numbers per level, from a member (p itself unless it is only born in g)
    const gm = g === p.pgid ? p : f.procs.get(f.groups.get(g)?.[0] ?? -1);
    if (!gm) return false;
    const ns = deadGroupNsOf(f, gm, g, gm.leader.pgid);
    if (!ns || !canCreateIn(f, ns, p)) return false;
    let h = m.groupGhost.get(g);
    // (variant groupGhostHeirs: the ghost forks a helper into the pid ns below whose init is p's parent, group-ghost-heirs.ts)
    const heirNs = ghostHeirNs(f, m, ns, p);
    // (a ghost forked by a task created through p would be p's own ancestor: seeds 5988, 9589)
    // (one a sibling forked with CLONE_PARENT is p's parent's child: it creates p with CLONE_PARENT, sibling-ghost.ts)
    if (h && (h.cloneParent === true ? f.procs.get(Number(h.by.slice(1)))?.parent !== p.parent : ghostHeir(f, reaper, h, ns) !== p.parent && heirNs === undefined) || (h && !settledCarrier(h.by, p.tgid))) return false;
    if (!h) {
      const fk = sessionForker(p, ns, zombieForksGroupGhost(m), heirNs !== undefined);
      let by = fk?.by;
      let timing = fk?.timing ?? 'any';
      // (in a second component of the session, its ghost is placed: it may fork the group's ghost)
      if (!by && ghost?.placed && ghost.pidns === ns && reaper(ghost.by, ns) === p.parent) by = ghost.name;
      // (variant ghostForkedGroups: the session's ghost, above ns, forks it there; its orphans go to ns's init, ghost-forked-group.ts)
      if (!by && ghost && ghostAbove(f, m, ghost, ns) && f.pidns.get(ns)?.init === p.parent) by = ghost.name;
      // (variant siblingGhosts: a sibling of p in the session forks it with CLONE_PARENT, sibling-ghost.ts)
      const sib = by ? undefined : siblingForker(f, m, p, n, ns, openSet, (a) => settledCarrier(a, p.tgid));
      if (sib) ({ by, timing } = sib);
      // (variant lateGhostForkers: a subreaper of the session forks it before it sets its flag, late-ghost-forker.ts)
      const lf = by ? undefined : lateGhostForker(f, m, p, n, ns, reaper, (x) => !openSet.has(x) && !isDescendant(f, actorOf(x), p) && settledCarrier(actorOf(x), p.tgid));
      if (lf) ({ by, timing } = lf);
      if (!by) return false;
      h = {
        name: newHelperName(), role: 'group-ghost', why: `group ${g}'s leader is dead; a ghost with pid ${g} in session ${n} recreates the group, forks the members that cannot join it from their pid ns, and exits (PGID-2, PGID-3, EXIT-2)`,
        vector: gm.leader.pgid.slice(), pidns: ns, by, timing, session: n, group: g, setsid: false, setpgid: true, creates: [], placed: true,
      };
      if (sib) {
        h.cloneParent = true;
        h.why = `group ${g}'s leader is dead; ${by}, a sibling of ${p.tgid} in session ${n}, forks with CLONE_PARENT a ghost with pid ${g}, which recreates the group, forks its members with CLONE_PARENT so their parent is ${p.parent || 'the restorer'}, and exits (FORK-3, PGID-2, PGID-3)`;
      }
      if (lf) {
        h.lateSubreaper = lf.late;
        h.why = `group ${g}'s leader is dead; ${by} forks a ghost with pid ${g} in session ${n} before ${lf.late} becomes a subreaper, which recreates the group, forks the members that cannot join it from their pid ns, and exits, so they go past ${lf.late} to ${p.parent || 'the restorer'} (PGID-2, PGID-3, EXIT-2, EXIT-3)`;
      }
      m.groupGhost.set(g, h);
      m.helpers.push(h);
    }
    if (h.cloneParent !== true && ghostHeir(f, reaper, h, ns) !== p.parent) {
      // (variant groupGhostHeirs: its exit would hand p elsewhere; a helper it forks below does it)
      ghostHeirHelper(p, h, heirNs!);
      return true;
    }
    h.creates.push(p.tgid);
    if (h.cloneParent === true) m.creation.set(p.tgid, { by: h.name, cloneParent: true, timing: 'any', why: `group ${g}'s ghost ${h.name}, a child of ${p.parent || 'the restorer'}, creates it in its group (which its pid ns cannot see) with CLONE_PARENT (PGID-2, FORK-3)` });
    else m.creation.set(p.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `group ${g}'s ghost ${h.name} forks it in its group (which its pid ns cannot see) and exits, so it reparents to ${p.parent || 'the restorer'} (PGID-2, EXIT-2)` });
    openSet.delete(p.tgid);
    return true;
  }
  /**
   * Who of session n may fork a helper in pid ns ns that then forks p and exits, p reparenting to
   * its image parent: the restorer (session 0, the host pid ns) or a decided member there (a
   * zombie only when zombiesToo) that is in the session then, whose orphans go to p's parent and
   * whose creator chain is settled and free of p (the helper it forks then forks p: no cycle).
   * For group ghosts and group joiners. O(session members x creator-chain depth).
   */
  function sessionForker(p: Proc, ns: string, zombiesToo: boolean, anyReaper = false): { by: string; timing: HelperSpec['timing'] } | undefined {
    if (n === 0 && ns === f.hostPidNs && (anyReaper || reaper(actorOf(ROOT), ns) === p.parent)) return { by: actorOf(ROOT), timing: 'any' };
    // (variant groupGhostHeirs: also a task born in the session, before its setsid, group-ghost-heirs.ts)
    const born = bornGhostForkers(m, n);
    for (const x of born.length > 0 ? (f.sessions.get(n) ?? []).concat(born) : f.sessions.get(n) ?? []) {
      const xp = f.procs.get(x);
      if (!xp || xp.pidns !== ns || openSet.has(x) || !m.creation.has(x) || (xp.zombie && !zombiesToo)) continue;
      const tm = timingIn(f, m, x, n);
      if (tm === null || (tm === 'before-setsid' && born.length === 0) || (!anyReaper && reaper(actorOf(x), ns) !== p.parent)) continue;
      if (isDescendant(f, actorOf(x), p) || !settledCarrier(actorOf(x), p.tgid)) continue;
      return { by: actorOf(x), timing: tm };
    }
    return undefined;
  }
  /**
   * Group ghost h's helper in pid ns `ns` below it, whose init is p's parent: born in h's group, it
   * forks p and exits (group-ghost-heirs.ts). One per ghost and pid ns serves all its members.
   */
  function ghostHeirHelper(p: Proc, h: HelperSpec, ns: string): void {
    let hh = m.helpers.find((x) => x.by === h.name && x.role === 'reparent-helper' && x.pidns === ns && x.heirs === true);
    if (!hh) {
      hh = {
        name: newHelperName(), role: 'reparent-helper', why: `forked by group ${h.group}'s ghost ${h.name} into pid ns ${ns}, it is born in session ${n} and that group, forks its members there and exits, so they reparent to ${p.parent || 'the restorer'}, the init of that ns (SETNS-5, PGID-2, EXIT-2)`,
        vector: null, pidns: ns, by: h.name, timing: 'any', session: n, setsid: false, setpgid: false, creates: [], placed: true, heirs: true,
      };
      m.helpers.push(hh);
    }
    hh.creates.push(p.tgid);
    m.creation.set(p.tgid, { by: hh.name, cloneParent: false, timing: 'any', via: hh.name, why: `helper ${hh.name}, forked by group ${h.group}'s ghost ${h.name} in that group (which its pid ns cannot see), forks it and exits, so it reparents to ${p.parent || 'the restorer'} (PGID-2, EXIT-2)` });
    openSet.delete(p.tgid);
  }
  /**
   * A reparent helper that joins group g (its leader alive) forks p and exits (group-joiner.ts):
   * forked by a settled task of the session in a pid ns that sees g, whose orphans go to p's
   * parent. One helper per group, pid ns and forker. O((session members + helpers) x levels).
   */
  function groupJoinerCreates(p: Proc, g: number): boolean {
    for (const ns of joinerNamespaces(f, m, g, p)) {
      // (variant siblingGhosts: a sibling of p forks the joiner with CLONE_PARENT, sibling-ghost.ts)
      const fk = sessionForker(p, ns, false);
      const sib = fk ? undefined : siblingForker(f, m, p, n, ns, openSet, (a) => settledCarrier(a, p.tgid));
      if (sib) { siblingJoiner(p, g, ns, sib.by, sib.timing); return true; }
      if (!fk) continue;
      const { by, timing } = fk;
      // (one joiner per group, pid ns and forker serves all its members: a member decided again
      // later, as a deferred one, finds its own)
      const same = m.helpers.find((x) => x.joinsGroup && x.group === g && x.pidns === ns && x.by === by);
      if (same) {
        if (!same.creates.includes(p.tgid)) same.creates.push(p.tgid);
        m.creation.set(p.tgid, { by: same.name, cloneParent: false, timing: 'any', via: same.name, why: same.why.replace(/forks \d+ there/, `forks ${p.tgid} there`) });
        openSet.delete(p.tgid);
        return true;
      }
      const h: HelperSpec = {
        name: newHelperName(), role: 'reparent-helper', why: `a helper in session ${n} joins group ${g}, which ${p.tgid}'s pid ns cannot see, forks ${p.tgid} there and exits, so it reparents to ${p.parent || 'the restorer'} (PGID-2, EXIT-2)`,
        vector: null, pidns: ns, by, timing, session: n, group: g, joinsGroup: true, setsid: false, setpgid: false, creates: [p.tgid], placed: true,
      };
      m.helpers.push(h);
      m.creation.set(p.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: h.why });
      openSet.delete(p.tgid);
      return true;
    }
    return false;
  }
  /** A joiner of g forked by sibling `by` of p with CLONE_PARENT creates p with CLONE_PARENT (sibling-ghost.ts). One per sibling, group and pid ns. */
  function siblingJoiner(p: Proc, g: number, ns: string, by: string, timing: HelperSpec['timing']): void {
    let h = m.helpers.find((x) => x.joinsGroup && x.cloneParent === true && x.group === g && x.pidns === ns && x.by === by);
    if (!h) {
      h = {
        name: newHelperName(), role: 'reparent-helper', why: `${by}, a sibling of ${p.tgid} in session ${n}, forks with CLONE_PARENT a helper that joins group ${g}, which ${p.tgid}'s pid ns cannot see, creates its members there with CLONE_PARENT so their parent is ${p.parent || 'the restorer'}, and exits (FORK-3, PGID-2)`,
        vector: null, pidns: ns, by, timing, session: n, group: g, joinsGroup: true, cloneParent: true, setsid: false, setpgid: false, creates: [], placed: true,
      };
      m.helpers.push(h);
    }
    h.creates.push(p.tgid);
    m.creation.set(p.tgid, { by: h.name, cloneParent: true, timing: 'any', why: `helper ${h.name}, a child of ${p.parent || 'the restorer'} in group ${g}, creates it there with CLONE_PARENT (PGID-2, FORK-3)` });
    openSet.delete(p.tgid);
  }
  /**
   * Members that must inherit a group and have no creator while the rest of the component is
   * open: decided after it, as a second component of the session (seeds 576, 1328).
   */
  const deferred: number[] = [];
  function noCreatorReason(p: Proc): string {
    return `task ${p.tgid} must be born in session ${n} with parent ${p.parent || 'the restorer'}, but no task of that session can create it there: its parent is never in the session, no sibling in the session can CLONE_PARENT it${opts.noCloneParent ? ' (CLONE_PARENT forbidden)' : ''}, and no helper exit reparents it to ${p.parent || 'the restorer'}${opts.noHelpers ? ' (helpers forbidden)' : ''}`;
  }
  let wi = 0;
  const drain = (): void => {
    for (; wi < work.length; wi++) {
      const t = work[wi];
      const p = f.procs.get(t)!;
      // Sharing its parent's fd table, fs or mm, p can only be created by the parent (FORK-4):
      // no other option; the parent is lifted into the session instead (born_sid).
      // (variant sharerLifts: not when the lifted ancestor exists before session n, sharer-lift.ts)
      if (sharesWithParent(f, p) && !liftBornBeforeSession(t) && liftMember(t)) continue;
      let list = optionsFor(p);
      if (list.length === 0 && groupGhostCreates(p)) continue;
      // (variant groupGhostHeirs: its parent, free to be born in the session, is lifted alone and
      // forks the group's ghost before its setsid, which creates p once the component is settled:
      // group-ghost-heirs.ts)
      if (list.length === 0 && !opts.second && liftForGhost(p)) { deferred.push(t); openSet.delete(t); continue; }
      // (the bornCreators variant: defer it before lifting its parent, born-creators.ts)
      if (list.length === 0 && deferBeforeLift(m, opts.second, m.bornGroup.has(t) || !groupJoinable(p))) { deferred.push(t); openSet.delete(t); continue; }
      // (variant tempOpen: an open zombie whose exit hands p to its parent as a temporary subreaper creates it in the second component, before any lift: misc-temp-open.ts)
      if (list.length === 0 && !opts.second && bornCreators(m) && waitsForOpenTempZombie(f, m, p, zombiesAmong(f.sessions.get(n) ?? [], Infinity, true, stopsOrphans(p)), openSet, (z) => canCreateIn(f, f.procs.get(z)!.pidns, p) && !isDescendant(f, actorOf(z), p))) { deferred.push(t); openSet.delete(t); continue; }
      if (list.length === 0 && liftMember(t)) continue;
      // (variant groupGhostHeirs: an open zombie of the session whose exit hands p to its parent
      // forks it once the component is settled: session-zombie-heirs.ts)
      if (list.length === 0 && !opts.second && zombieHeirs(m) && zombiesAmong(f.sessions.get(n) ?? [], Infinity, true).some(({ z, heir }) => heir === p.parent && openSet.has(z) && canCreateIn(f, f.procs.get(z)!.pidns, p) && !isDescendant(f, actorOf(z), p) && canForkUser(f, f.procs.get(z)!.leader.userns, p))) { deferred.push(t); openSet.delete(t); continue; }
      // (variant leaderUnderSubreaper: the session's leader born below p's parent, a temporary subreaper, when p cannot be lifted: leader-under-subreaper.ts)
      if (list.length === 0 && carrierUnderSubreaper(f, m, p, n, newHelperName, (a) => settledCarrier(a, t))) { openSet.delete(t); continue; }
      if (list.length === 0 && leaderUnderSubreaper(f, m, p, n, reaper, newHelperName, (a, x) => walkChain(a, (y) => (y === x ? true : undefined), false), openSet)) { openSet.delete(t); continue; }
      // last resort for a member that must inherit its group: zombies with undecided chains
      // (variant looseZombies: any member with no creator, one-step-lift.ts)
      if (list.length === 0 && (m.bornGroup.has(t) || !groupJoinable(p) || looseZombies(m))) list = optionsFor(p, true);
      // still none: the group's ghost may have a creator once the component is decided (seeds 576, 1328)
      if (list.length === 0 && !opts.second && (m.bornGroup.has(t) || !groupJoinable(p))) { deferred.push(t); openSet.delete(t); continue; }
      options.set(t, list);
      open.push(t);
    }
  };
  drain();
  // (variants ghostBirths, ghostOptionsAgain: placements added by lifts give earlier members
  // ghostFork options, sess-ghost-options.ts)
  if (ghost && (birth || ghostOptionsAgain(m))) for (const t of open) options.set(t, optionsFor(f.procs.get(t)!));
  // One ghost serves the whole session, under one parent. Members only the ghost can create,
  // each needing it under another parent, conflict: lift those that cannot use the placement
  // most of them can (their ancestors then fork them before their own setsid, and the topmost
  // lifted ancestor needs the ghost under ITS parent), until one placement serves them all or
  // nothing more can be lifted. E.g. the children of a dead session leader that each called
  // setsid after forking members of its session: the ghost stands in for that leader.
  while (ghost) {
    const only = open.filter((t) => options.get(t)!.length > 0 && options.get(t)!.every((o) => o.kind === 'ghostCp' || o.kind === 'ghostFork'));
    const places = only.map((t) => new Set(options.get(t)!.map((o) => (o as { q: number }).q)));
    const count = new Map<number, number>();
    for (const ps of places) for (const q of ps) count.set(q, (count.get(q) ?? 0) + 1);
    // the most used placement whose other members can all be lifted; else the most used
    let best: number | undefined;
    let bestOk = false;
    for (const [q, c] of count) {
      const ok = only.every((t, i) => places[i].has(q) || liftable(f, m, n, t, conflict) !== null);
      if (best === undefined || (ok && !bestOk) || (ok === bestOk && c > count.get(best)!)) { best = q; bestOk = ok; }
    }
    if (best === undefined || count.get(best) === only.length) break;
    const lifted = only.filter((t, i) => !places[i].has(best) && liftMember(t));
    if (lifted.length === 0) break;
    open = open.filter((t) => !lifted.includes(t));
    for (const t of lifted) options.delete(t);
    drain();
    // a new placement may give earlier members a ghostFork option
    for (const t of open) options.set(t, optionsFor(f.procs.get(t)!));
  }
  const infeasible = open.filter((t) => options.get(t)!.length === 0);
  if (infeasible.length > 0) {
    const p = f.procs.get(infeasible[0])!;
    m.failures.push({ rule: 'SID-2', culprits: infeasible.slice(0, 8), reason: noCreatorReason(p) });
    return { ok: false, status: { id: `session:${n}`, method: 'fallback', optimal: false, millis: Date.now() - t0 } };
  }

  const choice = new Map<number, Option>();
  let ghostAt: number | undefined;
  let status!: ComponentStatus;
  // A choice whose creator chain leads back to the member (a carrier or zombie created, through
  // other helpers and members, by the member itself) cannot be ordered: drop that option where
  // the member has another and choose again; a few rounds (each O(members x depth)).
  for (let round = 0; ; round++) {
    choice.clear();
    ghostAt = undefined;
    const hasChoice = [...options.values()].some((l) => l.length > 1) || ghostPlacements.size > 1;
    if (!hasChoice) {
      for (const t of open) choice.set(t, options.get(t)![0]);
      status = { id: `session:${n}`, method: 'forced', optimal: true };
    } else if (!opts.fallbackOnly && open.length <= 400) {
      const lp = solveLpMemo(open, options, ghost ? [...ghostPlacements] : [], opts.budgetMs, opts.lpMemo);
      if (lp) {
        for (const [t, o] of lp.choice) choice.set(t, o);
        ghostAt = lp.ghostAt;
        status = { id: `session:${n}`, method: 'lp', optimal: lp.optimal, objective: lp.objective, bound: lp.bound };
      } else {
        status = greedy();
      }
    } else {
      status = greedy();
    }
    if (round >= 8) break;
    const dropped: { l: Option[]; o: Option; i: number }[] = [];
    /** members whose last ordinary option gave way to their last-resort helpers: their lists before */
    const replaced: { l: Option[]; was: Option[] }[] = [];
    for (const t of open) {
      const o = choice.get(t)!;
      const l = options.get(t)!;
      const rz = o.kind === 'sib' && choice.get(o.r)?.kind === 'zfork';
      const cyclic = chainHits(creatorOf(o), t, choice);
      if (l.length > 1 && (rz || cyclic)) {
        const i = l.indexOf(o);
        l.splice(i, 1);
        dropped.push({ l, o, i });
      } else if (l.length === 1 && cyclic && m.lastResort === true) {
        // its only option is created, through other members, by the member itself: no order
        // exists (FORK-1). A helper forked into a pid ns below its carrier, or exiting before a
        // subreaper's flag (helper-heirs.ts), kept for members with no option, is taken instead
        // when its creator chain does not lead back (seed 7372: every carrier of the group's
        // orphans under a pid-ns init descends from the orphans themselves); re-plan variant
        // lastResort only (seed 2256 plans otherwise with the cyclic choice banned later)
        const alt = (lastResort.get(t) ?? []).filter((x) => !chainHits(creatorOf(x), t, choice));
        if (alt.length === 0) continue;
        replaced.push({ l, was: l.slice() });
        l.splice(0, l.length, ...alt);
        lastResort.delete(t);
      }
    }
    if (dropped.length === 0 && replaced.length === 0) break;
    // members left with the ghost only, under places no single placement serves: the drops
    // would make the component infeasible (the ghost lifting above has run): keep this choice
    let common: Set<number> | undefined;
    for (const t of open) {
      const l = options.get(t)!;
      if (!l.every((o) => o.kind === 'ghostCp' || o.kind === 'ghostFork')) continue;
      const qs = new Set(l.map((o) => (o as { q: number }).q));
      common = common ? new Set([...common].filter((q) => qs.has(q))) : qs;
    }
    if (common && common.size === 0) {
      for (const { l, o, i } of dropped.reverse()) l.splice(i, 0, o);
      for (const { l, was } of replaced) l.splice(0, l.length, ...was);
      break;
    }
  }
  function greedy(): ComponentStatus {
    choice.clear();
    ghostAt = undefined;
    // Place the ghost first where most members that have no sibling option can use it (members
    // with a ghost option only count most): O(members x options).
    if (ghost) {
      const score = new Map<number, number>();
      for (const t of open) {
        const list = options.get(t)!;
        if (list.some((o) => o.kind === 'sib' || o.kind === 'zfork')) continue;
        const only = list.every((o) => o.kind === 'ghostCp' || o.kind === 'ghostFork');
        const qs = new Set<number>();
        for (const o of list) if (o.kind === 'ghostCp' || o.kind === 'ghostFork') qs.add(o.q);
        for (const q of qs) score.set(q, (score.get(q) ?? 0) + (only ? 1000 : 1));
      }
      let best = -1;
      for (const [q, v] of score) if (v > best) { best = v; ghostAt = q; }
    }
    const used = new Set<string>();
    for (const t of open) {
      const list = options.get(t)!;
      const score = (o: Option): number => {
        if (o.kind === 'sib' || o.kind === 'zfork') return 0;
        if (o.kind === 'ghostCp' || o.kind === 'ghostFork') return ghostAt === undefined || ghostAt === o.q ? 1 : 99;
        return used.has(helperKey(o)) ? 2 : 3;
      };
      let best = list[0];
      for (const o of list) if (score(o) < score(best)) best = o;
      if ((best.kind === 'ghostCp' || best.kind === 'ghostFork') && ghostAt === undefined) ghostAt = best.q;
      if ((best.kind === 'ghostCp' || best.kind === 'ghostFork') && ghostAt !== best.q) {
        // the ghost went elsewhere: fall back to a helper if any
        const h = list.find((o) => o.kind === 'helper');
        if (h) best = h;
      }
      if (best.kind === 'helper') used.add(helperKey(best));
      choice.set(t, best);
    }
    return { id: `session:${n}`, method: 'fallback', optimal: false };
  }
  // Apply.
  if (ghost && ghostAt === undefined) {
    for (const o of choice.values()) if (o.kind === 'ghostCp' || o.kind === 'ghostFork') { ghostAt = o.q; break; }
  }
  if (ghost && !ghost.placed) {
    // (variant unusedGhostPlaces: a ghost no member uses not under a task a lift made born in the session, unused-ghost-place.ts)
    if (ghostAt === undefined && unusedGhostPlaces(m)) ghostAt = freePlacement(m, n, ghostPlacements);
    if (ghostAt === undefined) ghostAt = ghostPlacements.values().next().value ?? ROOT;
    ghost.by = actorOf(ghostAt);
    ghost.placed = true;
    birth?.place(ghostAt);
  }
  m.components.push({ id: `session:${n}`, members: open.slice() });
  const helperOf = new Map<string, HelperSpec>();
  for (const t of open) {
    const o = choice.get(t)!;
    const p = f.procs.get(t)!;
    if (o.kind === 'zfork') {
      if ((o.temp !== undefined && !noteTempSubreaper(m, o.z, o.temp)) || (o.late !== undefined && !noteTempLate(m, o.z, o.late))) {
        m.failures.push({ rule: 'EXIT-2', culprits: [t, o.z], reason: `zombie ${o.z}'s exit would have to hand its children to two temporary subreapers` });
        return { ok: false, status };
      }
      m.creation.set(t, { by: actorOf(o.z), cloneParent: false, timing: timingIn(f, m, o.z, n)!, why: `${o.z}, in session ${n} and a zombie in the image, forks it; its exit at the end hands it to ${p.parent || 'the restorer'}${o.temp !== undefined ? `, a subreaper only around that exit (EXIT-2, EXIT-3, EXIT-4)` : ' (EXIT-2, EXIT-4)'}` });
    } else if (o.kind === 'sib') {
      m.creation.set(t, { by: actorOf(o.r), cloneParent: true, timing: timingIn(f, m, o.r, n)!, why: `its sibling ${o.r} is in session ${n} and creates it with CLONE_PARENT, so its parent is ${p.parent || 'the restorer'} and its session ${n} (FORK-3)` });
    } else if (o.kind === 'ghostCp' || o.kind === 'ghostFork') {
      if (!ghost || ghostAt !== o.q) {
        noteGhostConflict(m, n);
        m.failures.push({ rule: 'SID-2', culprits: [t], reason: `task ${t} needed session ${n}'s ghost under ${o.q} but it was placed under ${ghostAt}` });
        return { ok: false, status };
      }
      if (o.kind === 'ghostFork' && (o.late !== undefined) !== (ghost.lateSubreaper !== undefined) && ghost.creates.some((x) => m.creation.get(x)?.via === ghost!.name)) {
        // (the greedy fallback may mix them) the ghost exits once: before the flag or after it
        m.failures.push({ rule: 'EXIT-3', culprits: [t], reason: `session ${n}'s ghost would have to exit both before and after subreaper ${o.late ?? ghost.lateSubreaper} sets its flag` });
        return { ok: false, status };
      }
      if (o.kind === 'ghostFork' && o.late !== undefined && ghost.lateSubreaper !== undefined && (o.also !== undefined) !== (ghost.lateSubreaperAlso !== undefined)) {
        // (variant ghostLatePairs: before one flag or before two, not both, ghost-late-pair.ts)
        m.failures.push({ rule: 'EXIT-3', culprits: [t], reason: `session ${n}'s ghost would have to exit both before and after subreaper ${o.also ?? ghost.lateSubreaperAlso?.[0]} sets its flag` });
        return { ok: false, status };
      }
      if (o.kind === 'ghostFork' && o.late !== undefined) ghost.lateSubreaper = o.late;
      if (o.kind === 'ghostFork' && o.also !== undefined) ghost.lateSubreaperAlso = [o.also];
      ghost.creates.push(t);
      if (o.kind === 'ghostCp') m.creation.set(t, { by: ghost.name, cloneParent: true, timing: 'after-setsid', why: `session ${n}'s ghost ${ghost.name} (a sibling) creates it with CLONE_PARENT: parent ${p.parent || 'the restorer'}, session ${n} (FORK-3)` });
      else m.creation.set(t, { by: ghost.name, cloneParent: false, timing: 'after-setsid', via: ghost.name, why: `session ${n}'s ghost ${ghost.name} forks it; when the ghost exits it reparents to ${p.parent || 'the restorer'}${o.late !== undefined ? `, past ${o.late}${o.also !== undefined ? ` and ${o.also}, which become subreapers` : ', which becomes a subreaper'} only after that (EXIT-2, EXIT-3)` : ' (EXIT-2)'}` });
    } else {
      let h = helperOf.get(helperKey(o));
      if (!h) {
        const cproc = o.carrier === ROOT_NAME || o.carrier === ghost?.name ? undefined : f.procs.get(Number(o.carrier.slice(1)));
        h = {
          name: newHelperName(), role: 'reparent-helper', why: o.cp ? `a sibling of ${o.carrier} (CLONE_PARENT, in session ${n}): forks orphans and exits so they reparent to ${p.parent || 'the restorer'} (FORK-3, EXIT-2)` : `forks orphans of session ${n} and exits so they reparent to ${p.parent || 'the restorer'}${o.late !== undefined ? `, before ${o.late}${o.also !== undefined ? ` and ${o.also}` : ''} become${o.also !== undefined ? '' : 's'} a subreaper (EXIT-2, EXIT-3)` : o.ns !== undefined ? `, the init of its pid ns ${o.ns} (EXIT-2)` : ' (EXIT-2)'}`,
          vector: null, pidns: o.ns ?? (cproc ? cproc.pidns : f.hostPidNs), by: o.carrier, timing: !cproc ? 'any' : (timingIn(f, m, cproc.tgid, n) ?? 'any'), session: n, setsid: false, setpgid: false, creates: [], placed: true,
        };
        if (o.cp) h.cloneParent = true;
        if (o.late !== undefined) h.lateSubreaper = o.late;
        if (o.also !== undefined) h.lateSubreaperAlso = [o.also];
        if (o.late !== undefined || o.ns !== undefined) h.heirs = true;
        helperOf.set(helperKey(o), h);
        m.helpers.push(h);
      }
      h.creates.push(t);
      m.creation.set(t, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `helper ${h.name} (in session ${n}) forks it and exits, so it reparents to ${p.parent || 'the restorer'} (EXIT-2)` });
    }
  }
  // the forker of a member that must be in a group its forker is not in moves it there at once
  for (const t of open) {
    const mv = moveOf(f.procs.get(t)!, choice.get(t)!);
    const c = m.creation.get(t);
    if (mv === undefined || !c || c.cloneParent) continue;
    c.moveTo = mv;
    c.why += `; moved into group ${mv} by it right after the fork (PGID-2, PID-4)`;
  }
  // the deferred members, now that the creator chains of this component are settled (their
  // carriers and group ghosts' creators may be its members) and its ghost is placed
  if (deferred.length > 0) {
    const d = decideSession(f, m, n, deferred, { ...opts, second: true });
    if (!d.ok) return d;
  }
  status.millis = Date.now() - t0;
  return { ok: true, status };
}

interface LpOut { choice: Map<number, Option>; ghostAt?: number; optimal: boolean; objective: number; bound: number }

/**
 * Solved components by shape, for one planImage run. A component's LP depends only on the
 * pattern of its options (which member may use which ghost placement or carrier), never on the
 * tids: variables and constraints are named after them, and the solver reads names only to key
 * its tables, in insertion order. Real trees repeat shapes by the thousand (one per double-forked
 * daemon, per login shell), and the solver costs ~0.2 ms per call, so an answer is found once per
 * shape and mapped back to each component: O(component) per repeat instead of a solve.
 */
export type LpMemo = Map<string, { choice: number[]; ghostAt: number; optimal: boolean; objective: number; bound: number } | null>;

function solveLpMemo(open: number[], options: Map<number, Option[]>, placements: number[], budgetMs: number, memo?: LpMemo): LpOut | null {
  // (a member listed twice makes the LP's one-choice-per-member check fail: not a shape, solve it)
  if (!memo || new Set(open).size !== open.length) return solveLp(open, options, placements, budgetMs);
  const qIndex = new Map<number, number>();
  placements.forEach((q, i) => qIndex.set(q, i));
  const carrierIndex = new Map<string, number>();
  let key = `${budgetMs}|${placements.length}|`;
  for (const t of open) {
    for (const o of options.get(t)!) {
      if (o.kind === 'sib') key += 's';
      else if (o.kind === 'zfork') key += 'z';
      else if (o.kind === 'helper') {
        let c = carrierIndex.get(helperKey(o));
        if (c === undefined) carrierIndex.set(helperKey(o), (c = carrierIndex.size));
        key += `h${c}`;
      } else key += `${o.kind === 'ghostCp' ? 'c' : o.late !== undefined ? 'l' : 'f'}${qIndex.get(o.q) ?? `?${o.q}`}`;
    }
    key += ';';
  }
  if (memo.has(key)) {
    const hit = memo.get(key)!;
    if (!hit) return null;
    const choice = new Map<number, Option>();
    open.forEach((t, i) => choice.set(t, options.get(t)![hit.choice[i]]));
    return { choice, ghostAt: hit.ghostAt < 0 ? undefined : placements[hit.ghostAt], optimal: hit.optimal, objective: hit.objective, bound: hit.bound };
  }
  const lp = solveLp(open, options, placements, budgetMs);
  memo.set(key, lp && {
    choice: open.map((t) => options.get(t)!.indexOf(lp.choice.get(t)!)),
    ghostAt: lp.ghostAt === undefined ? -1 : placements.indexOf(lp.ghostAt),
    optimal: lp.optimal, objective: lp.objective, bound: lp.bound,
  });
  return lp;
}

function solveLp(open: number[], options: Map<number, Option[]>, placements: number[], budgetMs: number): LpOut | null {
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { equal?: number; max?: number; min?: number }> = {};
  const binaries: Record<string, 1> = {};
  const optVar = new Map<string, { t: number; o: Option }>();
  const carriers = new Set<string>();
  const lateQs = new Set<number>();
  for (const t of open) {
    constraints[`one_${t}`] = { equal: 1 };
    options.get(t)!.forEach((o, i) => {
      const v = `x_${t}_${i}`;
      const row: Record<string, number> = { cost: 1, [`one_${t}`]: 1 };
      if (o.kind === 'ghostCp' || o.kind === 'ghostFork') row[`g_${o.q}_link_${t}_${i}`] = 1;
      if (o.kind === 'helper') { row[`y_${helperKey(o)}_link_${t}_${i}`] = 1; carriers.add(helperKey(o)); }
      variables[v] = row;
      binaries[v] = 1;
      optVar.set(v, { t, o });
      if (o.kind === 'ghostCp' || o.kind === 'ghostFork') constraints[`g_${o.q}_link_${t}_${i}`] = { max: 0 };
      if (o.kind === 'helper') constraints[`y_${helperKey(o)}_link_${t}_${i}`] = { max: 0 };
      // a placement's ghost exits before its subreaper's flag (late) or after it: one or the other
      // (ghost-conflict.ts): x <= L_q for a late fork, x + L_q <= 1 for a plain one
      if (o.kind === 'ghostFork') {
        const k = `${o.late !== undefined ? 'lt' : 'nl'}_${o.q}_${t}_${i}`;
        row[k] = 1;
        constraints[k] = { max: o.late !== undefined ? 0 : 1 };
        if (o.late !== undefined) lateQs.add(o.q);
      }
    });
  }
  for (const q of lateQs) {
    const row: Record<string, number> = { cost: 0 };
    for (const k of Object.keys(constraints)) if (k.startsWith(`lt_${q}_`)) row[k] = -1;
    else if (k.startsWith(`nl_${q}_`)) row[k] = 1;
    variables[`L_${q}`] = row;
    binaries[`L_${q}`] = 1;
  }
  if (placements.length > 0) {
    constraints.ghost = { max: 1 };
    for (const q of placements) {
      const row: Record<string, number> = { cost: 0, ghost: 1 };
      for (const k of Object.keys(constraints)) if (k.startsWith(`g_${q}_link_`)) row[k] = -1;
      variables[`g_${q}`] = row;
      binaries[`g_${q}`] = 1;
    }
  }
  for (const c of carriers) {
    const row: Record<string, number> = { cost: HELPER_COST + 3 };
    for (const k of Object.keys(constraints)) if (k.startsWith(`y_${c}_link_`)) row[k] = -1;
    variables[`y_${c}`] = row;
    binaries[`y_${c}`] = 1;
  }
  const base = { optimize: 'cost', opType: 'min' as const, constraints, variables };
  const started = Date.now();
  let relaxed: { feasible: boolean; result: number } | undefined;
  let res: { feasible: boolean; result: number; [k: string]: unknown };
  try {
    relaxed = solver.Solve({ ...base });
    res = solver.Solve({ ...base, binaries, options: { timeout: budgetMs, tolerance: 0 } });
  } catch {
    return null;
  }
  if (!res.feasible) return null;
  const choice = new Map<number, Option>();
  for (const [v, { t, o }] of optVar) if (Number(res[v] ?? 0) > 0.5 && !choice.has(t)) choice.set(t, o);
  if (choice.size !== open.length) return null;
  let ghostAt: number | undefined;
  for (const q of placements) if (Number(res[`g_${q}`] ?? 0) > 0.5) ghostAt = q;
  // Every ghost option chosen must agree with the placement.
  for (const o of choice.values()) if ((o.kind === 'ghostCp' || o.kind === 'ghostFork') && o.q !== ghostAt) return null;
  const bound = relaxed?.feasible ? relaxed.result : res.result;
  const timedOut = Date.now() - started >= budgetMs;
  // Branch and bound ran to completion with tolerance 0 unless the budget cut it: then the
  // incumbent is proven optimal; the LP relaxation gives the bound (gap = objective - bound).
  return { choice, ghostAt, objective: res.result, bound, optimal: !timedOut };
}

/**
 * Lifting (see CreatorModel.liftPath): a member with no way to be created in session n gets its
 * ancestors' born_sid marked (each forks the branch before its own setsid) and the topmost of
 * them joins the component instead. Returns that ancestor, or null when not liftable. O(path).
 */
function lift(f: Facts, m: CreatorModel, n: number, t: number, topOnly = false): number | null {
  const l = liftable(f, m, n, t, topOnly);
  if (!l) return null;
  const { top, group, move } = l;
  const p = f.procs.get(t)!;
  const path = m.liftPath.get(t)!;
  if (group !== undefined) m.bornGroup.set(top, group);
  setBornSid(m, top, n);
  m.creation.set(t, { by: actorOf(p.parent), cloneParent: false, timing: 'before-setsid', why: `its parent forks it before its own setsid so that it keeps session ${n} (SID-2, born_sid)${move !== undefined ? `, and moves it into group ${move} at once (PGID-2, PID-4)` : ''}`, ...(move !== undefined ? { moveTo: move } : {}) });
  m.liftPath.set(top, path.slice(1));
  m.creation.delete(top);
  return top;
}

/**
 * Can member t be lifted (see lift()), and to which ancestor, born in which group if any? No
 * side effects. O(path).
 */
function liftable(f: Facts, m: CreatorModel, n: number, t: number, topOnly = false): { top: number; group?: number; move?: number } | null {
  const p = f.procs.get(t)!;
  const path = m.liftPath.get(t);
  if (!path || path.length === 0) return null;
  // (only the ancestor that joins the component now: a re-plan after a ghost conflict,
  // ghost-conflict.ts, or the extended attempt, CreatorModel.extended; the rest of the path is
  // asked again if that one is lifted in turn)
  const free = (y: number) => { const b = m.bornSid.get(y); return b === undefined || b === n; };
  if (topOnly || m.extended === true || oneStepLifts(m) ? !free(path[0]) : !path.every(free)) return null;
  // One step at a time: the nearest ancestor joins the component; when it has no option either,
  // it is lifted in turn (the rest of the path is its own lift path).
  const top = path[0];
  // a member that must be born in its group g (PGID-2, PID-4) is forked by top while top is in
  // g: top is born in g in turn (born group), unless it is g's leader or g is younger than top
  const g = m.bornGroup.get(t) ?? (groupJoinable(p) ? undefined : p.pgid);
  const tp = f.procs.get(top)!;
  if (g === undefined || tp.pgid === g || tp.tgid === g) return { top };
  // (the second attempt: top, t's parent, forks it and moves it into g at once when its pid ns
  // sees g, parent-moves.ts: no born group, seeds 7135, 9308)
  if (tp.tgid === p.parent && canMoveFrom(f, m, tp.pidns, g)) return { top, move: g };
  const bg = m.bornGroup.get(top);
  if (bg !== undefined && bg !== g) return null;
  // (variant groupJoiners: a live leader's own pid ns, which may be a sibling branch of p's: group-joiner.ts)
  const gns = m.groupJoiners === true && f.procs.has(g) ? f.procs.get(g)!.pidns : pidNsAtLevel(f, p.pidns, (f.procs.get(f.groups.get(g)?.[0] ?? -1)?.leader.pgid.length ?? 1) - 1);
  let x = f.procs.get(g);
  while (x && x.depth > tp.depth) x = f.procs.get(x.parent);
  if (x === tp || (tp.isInit && gns !== undefined && pidNsWithin(f, gns, tp.pidns))) return null;
  return { top, group: g };
}

/** Does p share an fd table, fs or mm with its parent's leader or one of its threads (FORK-4)? */
function sharesWithParent(f: Facts, p: Proc): boolean {
  const par = f.procs.get(p.parent);
  if (!par) return false;
  const mine = [p.leader.files, p.leader.fs, p.leader.mm];
  if (mine.every((o) => o === null)) return false;
  return [par.leader, ...par.threads].some((x) => [x.files, x.fs, x.mm].some((o, i) => o !== null && o === mine[i]));
}

/** Is actor c (an image task) a descendant of process p in the image tree? O(depth difference). */
function isDescendant(f: Facts, c: string, p: Proc): boolean {
  if (!c.startsWith('t')) return false;
  let x = f.procs.get(Number(c.slice(1)));
  while (x && x.depth > p.depth) x = f.procs.get(x.parent);
  return x === p;
}
