/**
 * Structured tags on dependency edges: the facts an ordering pass or a re-plan variant reads back
 * from an edge (schedule.ts cycleEdges, edgeBetween), typed, set where the edge is made.
 *
 * Why: an edge's `reason` is text for people (plans, explanations, every plan fingerprint). The
 * passes that look on a cycle for one shape of edge used to match that text with regexes, so
 * rewording a reason silently turned a pass off. Each kind below names one such shape; its
 * producer sets it next to the reason, and its readers test `tag.kind` and read the fields. The
 * reason text is unchanged. A repeated edge keeps the first reason and the first tag alike
 * (Schedule.edge). Tags stay inside the planner: Schedule.toGraph leaves them out of the graph
 * the CLI shows and the fingerprints hash.
 */
import type { GraphEdge } from '../api.js';

export type EdgeTag =
  /** build.ts: creator `by` (an actor name) forks `child` before its own setsid, so `child` keeps the old session (SID-2) */
  | { kind: 'before-setsid'; by: string; child: number }
  /** build.ts: `child`, born without rights over `creator`'s original namespaces, is created (by `helper`, else by `creator`) before `creator`'s main join step (SETNS-7) */
  | { kind: 'keeps-original'; child: number; creator: number; helper?: string }
  /** build.ts: `child`, born without rights over them, inherits `creator`'s joined namespaces once `creator` is in them (SETNS-7) */
  | { kind: 'inherits-joined'; child: number; creator: number }
  /** a `type` namespace `ns` exists before task `joiner` joins it (SETNS-7, SETNS-3) */
  | { kind: 'exists-before-join'; type: string; ns: string; joiner: number }
  /** build.ts: `tid` settles its own time ns before making `ns` its time_for_children (UNSH-6) */
  | { kind: 'own-tfc-after-join'; tid: number; ns: string }
  /** build.ts: a task's joins come before its user-ns switch, while still privileged (SETNS-7) */
  | { kind: 'privileged-join' }
  /**
   * user ns `ns` exists before something needing it (its making step is the tail); `enters`: the
   * edges "exists before X enters it" into a member's switch, a holder or a pid-ns maker (SETNS-4)
   */
  | { kind: 'user-ns-exists'; ns: string; enters?: { role: 'task'; tid: number } | { role: 'holder' | 'maker'; name: string } }
  /** build.ts: `creator` creates a task with set_tid before its user-ns switch, while still privileged (FORK-9) */
  | { kind: 'privileged-creation'; creator: number }
  /** build.ts: `creator` creates a task with set_tid before an execve that may drop its capabilities (FORK-9) */
  | { kind: 'set-tid-before-exec'; creator: number }
  /** time-on-the-way.ts: an in-edge of a user step copied onto a time ns step unshared on the way; `of`: the copied edge's tag */
  | { kind: 'on-the-way'; of?: EdgeTag }
  /** maker-steps.ts: the maker of init `tid` inherits namespace `ns` from `creator` before `creator` leaves it (SETNS-7) */
  | { kind: 'maker-inherits'; tid: number; ns: string; creator: number }
  /** build.ts: `member` inherits group `group`, invisible in its pid ns, from `from` (PGID-2) */
  | { kind: 'inherits-invisible-group'; member: number; group: number; from: number }
  /** build.ts: `leader` leaves its group only after `joiner` joined it (PGID-3) */
  | { kind: 'leaves-group-after'; leader: number; joiner: number }
  /** build.ts: `forker` forks `child` while still in group `group` (PGID-2) */
  | { kind: 'forks-still-in-group'; forker: number; child: number; group: number };

/** An edge label as the schedule hands it to the ordering passes: reason, rule, and its tag. */
export interface TaggedEdge extends GraphEdge {
  tag?: EdgeTag;
}

/** The tag of kind K, or undefined. */
export function tagOf<K extends EdgeTag['kind']>(edge: TaggedEdge | undefined, kind: K): Extract<EdgeTag, { kind: K }> | undefined {
  const t = edge?.tag;
  return t?.kind === kind ? (t as Extract<EdgeTag, { kind: K }>) : undefined;
}

/** The one 'privileged-join' tag (it carries no fields). */
export const PRIVILEGED_JOIN_TAG: EdgeTag = Object.freeze({ kind: 'privileged-join' });
