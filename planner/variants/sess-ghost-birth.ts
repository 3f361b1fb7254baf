/**
 * Re-plan variant `ghostBirths` (index.ts VARIANTS): a session ghost that forks before and after
 * its setsid (FORK-4, SID-2). In the image's history task N, born in session S, forked B with
 * CLONE_FILES (or CLONE_FS) while still in S, called setsid and forked members of its new
 * session N with the same flag, then died; B and those members share one fd table (fs_struct)
 * and nobody else holds it (seeds 7906, 27335, 38448). The plan's ghost of session N stands in
 * for N: it is born in session S, forks B sharing its table before its setsid, takes the session
 * and forks N's members sharing it after. Before, the ghost was born anywhere and B was created
 * by another task of S: FORK-4 refused the plan (two entries of one table).
 *
 * Facts only (findGhostBirths): the pairs (N, B). The session phase (sessions.ts decideSession)
 * then places N's ghost only where it can be born in S, with the parent that keeps its members
 * where they belong (allows, extras): under a task in S (its timing there), or forked with
 * CLONE_PARENT by a child of that place that is in S (FORK-3: same parent, same pid ns, no init);
 * and only where B's parent is the ghost's (B created with CLONE_PARENT) or the task the ghost's
 * exit hands B to (EXIT-2). applyGhostBirths then makes the ghost B's creator before its setsid;
 * build.ts runs the ghost's setsid as its own step (ghostsid:NAME), after that fork and before
 * the others (addGhostSetsidSteps). Tried only after an undecided answer: first attempts keep
 * their plans. O(tasks) for the facts, O(children + session members) per placement asked.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, canCreateIn, isRootOwned, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel, HelperSpec, Timing } from '../creators/creators.js';
import { actorOf, timingIn } from '../creators/creators.js';
import type { StepContext } from '../graph/build-context.js';
import type { ShareKind as Kind } from '../sharing/share-kind.js';
import { skipPair } from './ghost-own-share.js';
interface GhostBirth { n: number; s: number; b: number; kind: Kind; obj: string }
interface BirthCreator { by: string; cloneParent: boolean; timing: Timing }

const births = new WeakMap<CreatorModel, Map<number, GhostBirth>>();
/** per ghost: the placement (the task it is placed under, as sessions.ts sees it) and its creator there */
const placed = new WeakMap<HelperSpec, { q: number; c: BirthCreator }>();
/** ghosts whose setsid is a step of its own (by name) */
const lateSetsid = new WeakMap<CreatorModel, Set<string>>();

/**
 * The pairs (N, B): N a session whose leader is dead, B a live process of another session S (not
 * its leader, its parent no holder) holding an fd table or fs_struct that, besides B, only
 * processes of session N hold. O(tasks).
 */
export function findGhostBirths(f: Facts, m: CreatorModel): void {
  const out = ghostBirthPairs(f, m);
  if (out.size > 0) births.set(m, out);
}

/** Does the image have such a pair (index.ts: the variant is tried only then)? O(tasks). */
export function anyGhostBirth(f: Facts): boolean {
  return ghostBirthPairs(f).size > 0;
}

function ghostBirthPairs(f: Facts, m?: CreatorModel): Map<number, GhostBirth> {
  const out = new Map<number, GhostBirth>();
  for (const kind of ['files', 'fs'] as const) {
    const holders = new Map<string, Set<number>>();
    for (const t of f.image.tasks) {
      const o = t[kind];
      if (o === null || t.state === 'zombie') continue;
      let l = holders.get(o);
      if (!l) holders.set(o, (l = new Set()));
      l.add(t.tgid);
    }
    for (const [obj, tg] of holders) {
      if (tg.size < 2) continue;
      const bySid = new Map<number, number[]>();
      for (const x of tg) {
        const p = f.procs.get(x)!;
        const sid = isRootOwned(f, p.sid) ? 0 : p.sid;
        bySid.set(sid, (bySid.get(sid) ?? []).concat(x));
      }
      if (bySid.size !== 2) continue;
      const [[s1, l1], [s2, l2]] = [...bySid];
      const dead = (x: number) => x !== 0 && !f.procs.has(x) && !isRootOwned(f, x);
      for (const [n, s, bs, ns] of [[s1, s2, l2, l1], [s2, s1, l1, l2]] as const) {
        // (both leaders dead: the younger session's ghost is born in the older one)
        if (bs.length !== 1 || !dead(n) || (dead(s) && s > n) || out.has(n)) continue;
        const b = f.procs.get(bs[0])!;
        if (b.zombie || b.sid === b.tgid || tg.has(b.parent) || ns.length === 0) continue;
        // (variant ghostOwnShares: not a B whose fork of the ghost with the flag serves N's holders, ghost-own-share.ts)
        if (skipPair(f, m, b.tgid, ns)) continue;
        out.set(n, { n, s, b: b.tgid, kind, obj });
      }
    }
  }
  return out;
}

/**
 * Where session n's ghost may be placed when it must be born in S and fork B there (sessions.ts
 * addPlacement), undefined when it need not. `reaper` is sessions.ts's (creators.ts makeReaper).
 */
export function ghostBirthPlaces(f: Facts, m: CreatorModel, n: number, ghost: HelperSpec, reaper: (c: string, ns: string) => number, open: ReadonlySet<number>) {
  const gb = births.get(m)?.get(n);
  if (!gb) return undefined;
  const b = f.procs.get(gb.b)!;
  const { s } = gb;
  const memo = new Map<number, BirthCreator | null>();
  /** does the creator chain of actor `by` reach B, or an open member of the component? */
  const throughB = (by: string): boolean => {
    for (let guard = 0; guard < 4096; guard++) {
      if (by === actorOf(ROOT)) return false;
      if (by.startsWith('h')) {
        const h = m.helpers.find((x) => x.name === by);
        if (!h || !h.placed) return true;
        by = h.by;
        continue;
      }
      const x = Number(by.slice(1));
      if (x === gb.b || open.has(x)) return true;
      const c = m.creation.get(x);
      if (!c) return true;
      by = c.by;
    }
    return true;
  };
  const pidnsOf = (q: number) => (q === ROOT ? f.hostPidNs : f.procs.get(q)!.pidns);
  /** the ghost's creator when it is placed under q and born in S, or null */
  const creatorFor = (q: number): BirthCreator | null => {
    const hit = memo.get(q);
    if (hit !== undefined) return hit;
    let c: BirthCreator | null = null;
    const serves = canCreateIn(f, ghost.pidns, b) && (q === b.parent || reaper(actorOf(q), ghost.pidns) === b.parent);
    if (serves && pidNsWithin(f, ghost.pidns, pidnsOf(q))) {
      const t = timingIn(f, m, q, s);
      if (t !== null && q !== gb.b && (q === ROOT || (m.creation.has(q) && !throughB(actorOf(q))))) c = { by: actorOf(q), cloneParent: false, timing: t };
      else if (!(q !== ROOT && open.has(q))) {
        // a child y of q in S forks the ghost with CLONE_PARENT (FORK-3)
        const kids = q === ROOT ? f.order.filter((p) => p.parent === ROOT).map((p) => p.tgid) : f.procs.get(q)!.children;
        for (const y of kids) {
          const yp = f.procs.get(y);
          if (!yp || y === gb.b || yp.isInit || yp.pidns !== ghost.pidns || open.has(y)) continue;
          const ty = timingIn(f, m, y, s);
          const cy = m.creation.get(y);
          if (ty === null || !cy || cy.via !== undefined || cy.moveTo !== undefined) continue;
          // (its parent from birth is q: forked by q, or CLONE_PARENT by a child of q)
          const fromQ = cy.cloneParent ? cy.by.startsWith('t') && f.procs.get(Number(cy.by.slice(1)))?.parent === q : cy.by === actorOf(q);
          if (!fromQ || throughB(actorOf(y))) continue;
          c = { by: actorOf(y), cloneParent: true, timing: ty };
          break;
        }
      }
    }
    memo.set(q, c);
    return c;
  };
  let sMembers: number[] | undefined;
  return {
    allows: (q: number): boolean => creatorFor(q) !== null,
    /** places in S whose ghost's exit hands its children to p (a parent the ghost cannot be placed under) */
    extras: (p: number): number[] => {
      const out: number[] = [];
      sMembers ??= (f.sessions.get(s) ?? []).filter((x) => f.procs.has(x));
      for (const x of sMembers) {
        if (out.length >= 2) break;
        if (x === p || open.has(x) || reaper(actorOf(x), ghost.pidns) !== p || !creatorFor(x)) continue;
        out.push(x);
      }
      return out;
    },
    /** the ghost is placed under q: its creator there */
    place: (q: number): void => {
      const c = creatorFor(q);
      if (!c) return;
      ghost.by = c.by;
      if (c.cloneParent) ghost.cloneParent = true;
      else delete ghost.cloneParent;
      ghost.timing = c.timing;
      placed.set(ghost, { q, c });
    },
  };
}

/** The actor a placed ghost is placed under (sessions.ts: a second component of the session). */
export function placedUnder(ghost: HelperSpec): string {
  const p = placed.get(ghost);
  return p ? actorOf(p.q) : ghost.by;
}

/**
 * After every session is decided: each ghost placed to be born in S creates B before its setsid,
 * with CLONE_PARENT when B's parent is the ghost's, else by a fork whose exit hands B to its
 * parent (EXIT-2). Not when B creates a sibling or a helper with CLONE_PARENT (its parent at
 * that time would be the ghost) or the ghost creates none of B's sharers. O(processes + helpers).
 */
export function applyGhostBirths(f: Facts, m: CreatorModel): void {
  const all = births.get(m);
  if (!all) return;
  for (const gb of all.values()) {
    const g = m.sessionGhost.get(gb.n);
    const at = g && placed.get(g);
    if (!g || !at || g.by !== at.c.by) continue;
    const b = f.procs.get(gb.b)!;
    if (!g.creates.some((x) => f.procs.get(x)?.leader[gb.kind] === gb.obj)) continue;
    const cp = at.q === b.parent;
    if (!cp) {
      const ab = actorOf(gb.b);
      if ([...m.creation.values()].some((c) => c.by === ab && c.cloneParent) || m.helpers.some((h) => h.by === ab && h.cloneParent === true)) continue;
    }
    g.creates.push(gb.b);
    m.creation.set(gb.b, cp
      ? { by: g.name, cloneParent: true, timing: 'before-setsid', why: `session ${gb.n}'s ghost ${g.name}, born in session ${gb.s}, creates it with CLONE_PARENT before its setsid, sharing its ${gb.kind === 'files' ? 'fd table' : 'fs_struct'} with the members it forks after (FORK-3, FORK-4, SID-2)` }
      : { by: g.name, cloneParent: false, timing: 'before-setsid', via: g.name, why: `session ${gb.n}'s ghost ${g.name}, born in session ${gb.s}, forks it before its setsid, sharing its ${gb.kind === 'files' ? 'fd table' : 'fs_struct'} with the members it forks after; when the ghost exits it reparents to ${b.parent || 'the restorer'} (FORK-4, SID-2, EXIT-2)` });
    g.why += `; born in session ${gb.s}, it forks ${gb.b} there before its setsid (FORK-4)`;
    let l = lateSetsid.get(m);
    if (!l) lateSetsid.set(m, (l = new Set()));
    l.add(g.name);
  }
}

/** Is helper `name` a ghost whose setsid is a step of its own (ghostsid:NAME)? */
export function setsidLater(m: CreatorModel, name: string): boolean {
  return lateSetsid.get(m)?.has(name) === true;
}

/**
 * build.ts: the setsid step of each such ghost, after its birth and the forks it makes before it,
 * before the rest of what it creates and its exit (SID-2).
 */
export function addGhostSetsidSteps(ctx: StepContext): void {
  const { m, em, s } = ctx;
  const l = lateSetsid.get(m);
  if (!l) return;
  for (const h of m.helpers) {
    if (!l.has(h.name)) continue;
    const id = `ghostsid:${h.name}`;
    s.add(id, 'session', `ghost ${h.name} takes session ${h.session}`, [], () => em.setsid(h.name, h.session, `ghost ${h.name} takes session ${h.session} once it forked what keeps its birth session (SID-2)`));
    s.edge(`helper:${h.name}`, id, `${h.name} exists before its setsid`, 'SID-1');
    s.edge(id, `exit:${h.name}`, `${h.name} takes its session before it exits`, 'SID-2');
  }
}

/** build.ts: what such a ghost creates at any time comes after its setsid (edges once every step exists). */
export function addGhostSetsidEdges(ctx: StepContext): void {
  const { f, m, s } = ctx;
  const l = lateSetsid.get(m);
  if (!l) return;
  for (const [tid, c] of m.creation) {
    if (!l.has(c.by) || c.timing === 'before-setsid' || !f.procs.has(tid)) continue;
    s.edge(`ghostsid:${c.by}`, s.at('task', tid), `${c.by} forks ${tid} in its new session`, 'SID-2');
  }
  for (const h of m.helpers) if (l.has(h.by) && h.timing !== 'before-setsid') s.edge(`ghostsid:${h.by}`, `helper:${h.name}`, `${h.by} forks ${h.name} in its new session`, 'SID-2');
}
