/**
 * Another creator for a namespace whose creator closed an ordering cycle (a further build, see
 * index.ts).
 *
 * build.ts gives each namespace to the first member that may create it in its owner user ns
 * (OWN-1, UNSH-4), or to a holder helper when none may. That choice does not look at sessions:
 * a member its parent forks AFTER its setsid may be chosen to make a namespace that a child the
 * same parent forks BEFORE its setsid must already have (born_sid, SID-2): the child joins it
 * through a maker (SETNS-7), is born in a user ns below it (OWN-1), or the parent enters it before
 * sharing its fs_struct with the child (SETNS-4). So "setsid -> create X -> X makes N -> create
 * the child -> setsid" (seeds 1237, 1383, 1823, 7002). Histories do not have the cycle: another
 * member made N, or it was made by a task that is gone. Any member in N's owner creates the same
 * namespace (its contents are the image's, set by whoever made it), and a holder that enters the
 * owner stands in for a gone one. So when a cycle goes through a member's creation of N, the
 * planner builds once more without that member as N's creator: another member, or a holder.
 *
 * The steps on a cycle that are a creation by a member: "ns:N" (N not a user ns), and for a user
 * ns N its creator's step followed by an edge "user ns N exists before ..." (build.ts wording).
 * O(cycle length) per cycle; each further build bans at least one more (namespace, member).
 */
import type { Schedule } from './schedule.js';
import type { EdgeTag } from '../graph/edge-tags.js';

/** namespace id -> members a further build does not choose as its creator (ANY: none of them) */
export type NotCreators = Map<string, Set<number>>;

/**
 * A namespace banned a second time goes to a holder: its members are often a session's children
 * forked one after the other past the setsid, each closing the same cycle in turn (seed 5457),
 * and the further builds are few (index.ts MAX_REBUILDS).
 */
export const ANY = -1;

/** Is member tid banned as the creator of namespace id? O(1). */
export function isNotCreator(bans: NotCreators, id: string, tid: number): boolean {
  const s = bans.get(id);
  return s !== undefined && (s.has(tid) || s.has(ANY));
}

/**
 * The user ns an edge out of its creation step says exists first: "user ns U exists before ..."
 * (tagged 'user-ns-exists' by build.ts and the graph modules, or a membership edge of a user ns),
 * also through a copy of such an edge onto a time ns step (time-on-the-way.ts). O(1).
 */
function existingUserNs(tag: EdgeTag | undefined): string | undefined {
  if (tag?.kind === 'on-the-way') return existingUserNs(tag.of);
  if (tag?.kind === 'user-ns-exists') return tag.ns;
  return tag?.kind === 'exists-before-join' && tag.type === 'user' ? tag.ns : undefined;
}

/**
 * The (namespace, creator) choices on cycle `cyc` not banned yet in `done`. `creators`: the
 * build's creator tid per namespace id. O(cycle).
 */
export function nsCreatorsOnCycle(s: Schedule, cyc: number[], creators: ReadonlyMap<string, number>, done: NotCreators): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const add = (id: string, tid: number | undefined): void => {
    if (tid === undefined || (done.has(id) && isNotCreator(done, id, tid)) || out.some(([i]) => i === id)) return;
    out.push([id, done.has(id) ? ANY : tid]);
  };
  for (const { from, edge } of s.cycleEdges(cyc)) {
    const a = from.id;
    if (a.startsWith('ns:')) {
      add(a.slice(3), creators.get(a.slice(3)));
      continue;
    }
    const mt = /^(?:task|user):(\d+)$/.exec(a);
    if (!mt) continue;
    const u = existingUserNs(edge?.tag);
    if (u !== undefined && creators.get(u) === Number(mt[1])) add(u, Number(mt[1]));
  }
  return out;
}

/** done plus more, as a new map. O(done + more). */
export function withNotCreators(done: NotCreators, more: Array<[string, number]>): NotCreators {
  const out: NotCreators = new Map([...done].map(([id, s]) => [id, new Set(s)]));
  for (const [id, tid] of more) {
    const s = out.get(id) ?? new Set<number>();
    s.add(tid);
    out.set(id, s);
  }
  return out;
}
