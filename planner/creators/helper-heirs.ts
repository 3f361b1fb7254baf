/**
 * Reparent helpers whose orphans reach an heir that the plain helper (forked by its carrier into
 * the carrier's own pid ns, after every image subreaper set its flag at birth) cannot reach
 * (planner/creators/sessions.ts). Two constructions the kernel accepts:
 *
 * - Late subreaper: PR_SET_CHILD_SUBREAPER may be set at any time (EXIT-3). An orphan kept by a
 *   task ABOVE a subreaper S was orphaned below S before S set its flag (seeds 22, 84). A helper
 *   under S that exits before S sets the flag hands its children past S to S's own reaper
 *   (EXIT-2); build.ts then orders the helper's exit before S's flag (lateSubreaperEdges).
 * - Helper in a child pid ns (forked by a task of the session or by its ghost): find_new_reaper looks for a subreaper only among the dying task's
 *   ancestors in its own pid ns, else takes that ns's init (EXIT-2). A helper its carrier forks
 *   into a descendant pid ns X (pid_for_children, SETNS-5) hands its children to X's init: an
 *   orphan whose image parent is the init of a pid ns below its session's tasks (seed 115).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from './creators.js';
import { actorOf } from './creators.js';
import type { Schedule } from '../ordering/schedule.js';

/** makeReaper's answer: where the children of a task exiting under actor c in pid ns ns go. */
type Reaper = (c: string, ns: string) => number;

/**
 * A helper forked by carrier c into its pid ns cns whose exit comes before the flag of the
 * subreaper S that would otherwise take its orphans: the heir is S's own reaper. Only the nearest
 * subreaper is skipped (a further one would need more late flags). O(depth), memoised reapers.
 */
export function lateSubreaperHeir(f: Facts, reaper: Reaper, c: string, cns: string): { heir: number; late: number } | undefined {
  const s = reaper(c, cns);
  const sp = s === ROOT ? undefined : f.procs.get(s);
  // an init reaps its orphans whatever its flag (EXIT-2); the restorer is not planned
  if (!sp || sp.isInit || sp.leader.subreaper !== true || sp.pidns !== cns) return undefined;
  return { heir: reaper(actorOf(sp.parent), cns), late: s };
}

/**
 * Two nearest subreapers at once: a helper forked by c whose exit comes before both S1 (the
 * nearest, e.g. c itself, a zombie leader that is a subreaper) and S2 (S1's own subreaper) set
 * their flags hands its children to S2's reaper (EXIT-2, EXIT-3): the history of a subreaper
 * leader that forked its session's members and exited before its parent, a subreaper too, set
 * its flag (seeds 3225, 6031). Only when the nearest one alone does not reach `q`. O(depth).
 */
export function lateSubreaperPair(f: Facts, reaper: Reaper, c: string, cns: string, q: number): { late: number; also: number } | undefined {
  const one = lateSubreaperHeir(f, reaper, c, cns);
  if (!one || one.heir === q) return undefined;
  const s2 = f.procs.get(one.heir);
  if (!s2 || s2.isInit || s2.leader.subreaper !== true || s2.pidns !== cns) return undefined;
  return reaper(actorOf(s2.parent), cns) === q ? { late: one.late, also: one.heir } : undefined;
}

/**
 * The pid ns, strictly below the carrier's cns, in which a helper that forks p would hand it to
 * q, p's image parent, as that ns's init; undefined when none. p itself is in that ns or below
 * it (an init p: below the ns it creates). O(pid-ns depth).
 */
export function childNsForHeir(f: Facts, cns: string, p: Proc, q: number): string | undefined {
  let ns: string | null | undefined = p.isInit ? f.pidns.get(p.pidns)?.parent : p.pidns;
  let found: string | undefined;
  for (let guard = 0; ns && ns !== cns && guard < 64; guard++) {
    const info = f.pidns.get(ns);
    if (!info) return undefined;
    if (found === undefined && info.init === q) found = ns;
    ns = info.parent;
  }
  // the walk must reach cns: a carrier can only point pid_for_children at its own pid ns or one
  // below it (SETNS-5: EINVAL for any other), so an ns with init q beside or above cns is no use
  return ns === cns ? found : undefined;
}

/**
 * Orders the helpers of this module. A helper forked by the session's ghost (a reparent helper,
 * or a group's ghost: sessions.ts) exits and is reaped by the ghost before the ghost exits. The late subreaper flags of helpers made by
 * lateSubreaperHeir: each such helper exits
 * before S sets its flag, and S sets it before it stops or exits in the final phase (a flag left
 * to the end would otherwise come from a stopped or dead task). Zombies that fork a member (zfork)
 * and whose exit hands it to a subreaper exit after that flag: the final phase no longer comes
 * after every flag once one waits on an exit. Call once every step exists. O(helpers + creations).
 */
export function helperHeirEdges(s: Schedule, f: Facts, m: CreatorModel): void {
  for (const h of m.helpers) if (h.by.startsWith('h') && h.cloneParent !== true) s.edge(`exit:${h.name}`, `exit:${h.by}`, `${h.by} reaps ${h.name} before it exits itself`, 'EXIT-6');
  const late = m.helpers.filter((h): h is HelperSpec & { lateSubreaper: number } => h.lateSubreaper !== undefined);
  if (late.length === 0) return;
  const flagged = new Set<number>();
  for (const h of late) {
    for (const S of [h.lateSubreaper, ...(h.lateSubreaperAlso ?? [])]) {
      s.edge(`exit:${h.name}`, `subreaper:${S}`, `${h.name} exits before ${S} becomes a subreaper, so its orphans skip ${S} (EXIT-2)`, 'EXIT-3');
      if (flagged.has(S)) continue;
      flagged.add(S);
      for (const step of ['stop', 'zexit', 'dexit']) s.edge(`subreaper:${S}`, `${step}:${S}`, `${S} sets its subreaper flag while it still runs`, 'EXIT-3');
    }
  }
  for (const [t, c] of m.creation) {
    const p = f.procs.get(t);
    if (!p || c.cloneParent || c.via || !c.by.startsWith('t') || c.by === actorOf(p.parent) || !f.procs.get(p.parent)?.leader.subreaper) continue;
    const z = Number(c.by.slice(1));
    if (f.procs.get(z)?.zombie) s.edge(`subreaper:${p.parent}`, `zexit:${z}`, `${p.parent} is a subreaper before ${z}'s exit hands it ${t}`, 'EXIT-3');
  }
}

/** helpers by the subreaper whose flag waits for their exit, per model: built on first use */
const lateIndex = new WeakMap<CreatorModel, Map<number, string[]>>();

/** Why task tid sets PR_SET_CHILD_SUBREAPER when it does (build.ts). O(1) after O(helpers) once. */
export function subreaperWhy(m: CreatorModel, tid: number): string {
  let ix = lateIndex.get(m);
  if (!ix) {
    lateIndex.set(m, (ix = new Map()));
    for (const h of m.helpers) for (const S of h.lateSubreaper !== undefined ? [h.lateSubreaper, ...(h.lateSubreaperAlso ?? [])] : []) ix.set(S, (ix.get(S) ?? []).concat(h.name));
  }
  const early = ix.get(tid);
  return !early
    ? 'PR_SET_CHILD_SUBREAPER as in the image, set at birth so orphans handed over by helpers reparent here (EXIT-2, EXIT-3)'
    : `PR_SET_CHILD_SUBREAPER as in the image, set only after ${early.join(', ')} exited, whose orphans went past it (EXIT-2, EXIT-3)`;
}
