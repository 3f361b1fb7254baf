/**
 * Give an fs relay back to the parent that passed it the fs_struct (FORK-4, UNSH-1).
 *
 * In the image's history a holder G of an fs_struct forked R with CLONE_FS, R forked P with
 * CLONE_FS and then made a private copy (its unshare(CLONE_NEWNS) or unshare(CLONE_NEWUSER)):
 * P shares G's fs_struct though neither P's creator R nor R's final state holds it.
 * planner/graph/build.ts recognises such a relay only when R's creator holds the object. The session
 * phase may have given R to a sibling (CLONE_PARENT, for R's session) that does not (seed 707).
 * This pass hands R back to its image parent G when G holds P's fs_struct, G can be in R's
 * session at the time (timingIn), G is not created through R, and R's present creator gives it
 * nothing R shares (fd table, fs_struct, mm) nor its group or session. Build then checks the
 * rest of the relay (R makes its own mount or user ns). Only for an object with at least two
 * holders whose creators do not give it (it would be a FORK-4 failure otherwise).
 * Runs after planner/sharing/share-carriers.ts. O(processes) plus O(creator-chain depth) per move.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, needOf, timingIn } from '../creators/creators.js';

export function relaysToParents(f: Facts, m: CreatorModel): number {
  const taskCreator = (tgid: number): Proc | undefined => {
    const by = m.creation.get(tgid)?.by;
    return by && by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
  };
  const holds = (q: Proc | undefined, k: 'files' | 'fs' | 'mm', o: string | null): boolean =>
    !!q && o !== null && (q.leader[k] === o || q.threads.some((t) => t[k] === o));
  // fs_struct -> how many live holders their creator does not give it to (entries)
  const entries = new Map<string, number>();
  for (const p of f.order) {
    const o = p.leader.fs;
    if (o === null || p.zombie || p.leader.state === 'dead') continue;
    // (created by the restorer or a helper: counted, a carrier helper's too; over-counting only
    // lets a relay move where the object may have had another way)
    if (holds(taskCreator(p.tgid), 'fs', o)) continue;
    entries.set(o, (entries.get(o) ?? 0) + 1);
  }
  /** is p among x's task creators (x itself included)? O(depth) */
  const createdBy = (x: number, p: number): boolean => {
    for (let cur: Proc | undefined = f.procs.get(x), guard = 0; cur && guard <= f.order.length; cur = taskCreator(cur.tgid), guard++) if (cur.tgid === p) return true;
    return false;
  };
  let moved = 0;
  for (const p of f.order) {
    const o = p.leader.fs;
    if (o === null || (entries.get(o) ?? 0) < 2 || p.zombie || p.leader.state === 'dead') continue;
    const r = taskCreator(p.tgid);
    if (!r || r.leader.fs === o || r.leader.fs === null || r.isInit || r.threads.length > 0 || r.zombie) continue;
    const c = m.creation.get(r.tgid);
    if (!c || c.via || !c.by.startsWith('t') || !groupJoinable(r) || m.bornGroup.has(r.tgid) || m.bornSid.has(r.tgid)) continue;
    const g0 = taskCreator(r.tgid);
    if (holds(g0, 'fs', o)) continue;
    const g = f.procs.get(r.parent);
    if (!g || g === g0 || !holds(g, 'fs', o) || g.threads.length > 0 || !canCreateIn(f, g.pidns, r)) continue;
    // nothing R shares with its present creator may be lost
    if ((['files', 'fs', 'mm'] as const).some((k) => holds(g0, k, r.leader[k]))) continue;
    const n = needOf(f, m, r);
    const timing = n === null ? 'any' : timingIn(f, m, g.tgid, n);
    if (timing === null || createdBy(g.tgid, r.tgid)) continue;
    m.creation.set(r.tgid, {
      by: actorOf(g.tgid), cloneParent: false, timing,
      why: `its parent ${g.tgid} forks it with CLONE_FS${n !== null ? ` in session ${n}` : ''}, so it can pass ${o} on to ${p.tgid} before its own copy (FORK-4, UNSH-1)`,
    });
    moved++;
  }
  return moved;
}
