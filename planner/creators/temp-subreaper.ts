/**
 * Re-plan variant `bornCreators` (born-creators.ts): a temporary subreaper. A zombie Z of the
 * session forks member P and exits; its orphans go to the nearest subreaper among its ancestors
 * in its pid ns, else to that ns's init (EXIT-2). When P's image parent Q is such an ancestor
 * but not a subreaper in the image, Q sets PR_SET_CHILD_SUBREAPER right before Z's exit and
 * clears it right after (EXIT-3: the flag may be set and cleared at any time, and is read only
 * when a task dies): P reparents to Q, and Q ends with the image's flag (seeds 2105, 6428: the
 * history did exactly that). The three operations are one step of the schedule, so no other exit
 * falls between them. Every child Z has at its exit goes to Q: a Z given a temporary subreaper
 * forks only children of Q (checked when the session is decided).
 *
 * O(depth) per question.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { actorOf } from './creators.js';
import type { Schedule } from '../ordering/schedule.js';

/**
 * Q, when zombie z's exit would hand its children to Q were Q a subreaper: Q is an ancestor of z
 * in z's pid ns with no subreaper or init between them, alive at the end (not a zombie, not a
 * dead leader), not a subreaper in the image (else the plain zfork applies). undefined otherwise.
 */
export function tempSubreaperFor(f: Facts, z: number, q: number): number | undefined {
  const zp = f.procs.get(z);
  const qp = f.procs.get(q);
  if (!zp || !qp || qp.zombie || qp.leader.state === 'dead' || qp.leader.subreaper !== false || qp.pidns !== zp.pidns) return undefined;
  let x = f.procs.get(zp.parent);
  for (let guard = 0; x && guard < 4096; guard++) {
    if (x.pidns !== zp.pidns) return undefined;
    if (x.tgid === q) return q;
    if (x.isInit || x.leader.subreaper !== false) return undefined;
    x = f.procs.get(x.parent);
  }
  return undefined;
}

/** Record that q is z's temporary subreaper; false when z already has another (one exit, one heir). */
export function noteTempSubreaper(m: CreatorModel, z: number, q: number): boolean {
  const ts = (m.tempSubreaper ??= new Map());
  const had = ts.get(z);
  if (had !== undefined && had !== q) return false;
  ts.set(z, q);
  return true;
}

/**
 * build.ts, at zombie z's exit step (which sets and clears q's flag around the exit): q exists and
 * still runs then (before its own stop or exit), and every child z forked is q's in the image
 * (they all reparent to q). O(creations) per such zombie.
 */
export function tempSubreaperEdges(s: Schedule, f: Facts, m: CreatorModel, z: number, q: number, failures: { rule: string; culprits: number[]; reason: string }[]): void {
  s.edge(`task:${q}`, `zexit:${z}`, `${q} exists to be a subreaper around ${z}'s exit`, 'EXIT-3');
  for (const step of ['stop', 'zexit', 'dexit']) s.edge(`zexit:${z}`, `${step}:${q}`, `${q} sets and clears its subreaper flag around ${z}'s exit while it still runs`, 'EXIT-3');
  for (const [t, c] of m.creation) {
    if (c.by !== actorOf(z) || c.cloneParent || c.via !== undefined) continue;
    if (f.procs.get(t)?.parent !== q) failures.push({ rule: 'EXIT-2', culprits: [t, z, q], reason: `zombie ${z} forks ${t}, whose parent is not ${q}, yet every child of ${z} reparents to ${q}, its temporary subreaper` });
  }
}
