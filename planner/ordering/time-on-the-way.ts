/**
 * A pending time_for_children unshared on the way to the final user ns (UNSH-6, OWN-1, SETNS-4).
 *
 * A task whose time_for_children differs from its time ns made it itself: unshare(CLONE_NEWTIME)
 * is the only way to a pending time_for_children (UNSH-6). The new time ns is owned by the user
 * ns the task's credentials are in at that moment (OWN-1). When that owner lies strictly between
 * the user ns the task is born in and its final one, the task unshared it while passing through:
 * `unshare(CLONE_NEWUSER | CLONE_NEWTIME)` and later `unshare(CLONE_NEWUSER)` again (seed 924),
 * or after entering an existing user ns it leaves later for a child (seed 1500).
 *
 * The planner's ns step for that time ns then does it: it enters the owner (setns through a
 * member, or unshare(CLONE_NEWUSER) when no task ends there: the task creates it), then
 * unshares the time ns; the user step later goes on from there to the final user ns. Between the
 * two the task's credentials are already below its born user ns, so everything its switch waits
 * for (children created with set_tid while privileged, joins, pid_for_children, execve) must
 * come before the ns step too: `tieToSwitch` copies the user step's in-edges onto it. One pass
 * over the edges, O(V + E), only when some task does this.
 */
import type { Schedule } from './schedule.js';

/** Wording added to the in-edges of a user step copied onto the time ns step (tieToSwitch). */
export const ON_THE_WAY = ' (its time ns is unshared on the way to that user ns, already below the one it is born in)';

/** Is user ns `owner` strictly between `born` and `final` (final below owner, owner below born)? */
export function strictlyOnTheWay(descends: (ns: string, anc: string) => boolean, born: string, final: string, owner: string): boolean {
  return owner !== born && owner !== final && descends(final, owner) && descends(owner, born);
}

/** Copy every in-edge of `user:<tid>` onto `ns:<id>` for each pair (the ns step runs below the born user ns). */
export function tieToSwitch(s: Schedule, pairs: ReadonlyMap<string, { tid: number }>): void {
  if (pairs.size === 0) return;
  const nsStep = new Map<string, number>();
  for (let i = 0; i < s.steps.length; i++) if (s.steps[i].id.startsWith('ns:') && pairs.has(s.steps[i].id.slice(3))) nsStep.set(s.steps[i].id.slice(3), i);
  const want = new Map<number, number>(); // user step -> ns step
  for (const [id, { tid }] of pairs) {
    const u = s.at('user', tid);
    const n = nsStep.get(id) ?? -1;
    if (u >= 0 && n >= 0) want.set(u, n);
  }
  if (want.size === 0) return;
  const copies: [number, number, number][] = [];
  for (let a = 0; a < s.steps.length; a++) {
    for (const b of s.successors(a)) {
      const n = want.get(b);
      if (n !== undefined && a !== n) copies.push([a, n, b]);
    }
  }
  for (const [a, n, b] of copies) {
    const e = s.edgeBetween(a, b);
    s.edge(a, n, `${e?.reason ?? 'before the switch'}${ON_THE_WAY}`, e?.rule, { kind: 'on-the-way', ...(e?.tag ? { of: e.tag } : {}) });
  }
  for (const [u, n] of want) s.edge(n, u, 'the time ns is unshared inside a user ns on the way to the final one', 'OWN-1');
}

/**
 * Children on cycle `cyc` created before their creator's time-ns step on the way to its user ns
 * (tieToSwitch above copies the "created with set_tid while still privileged" edge of the user
 * step onto it), for a further build that creates them after the switch instead, as
 * exec-order.ts privilegedCreationsOnCycle does for the user step itself (seed 18406: a pid-ns
 * maker joins the time ns its creator makes on the way). Only in the re-plan variant splitJoins
 * (index.ts), when no other further build applies, so plans found today stay the same.
 * O(cycle length).
 */
export function onTheWayCreationsOnCycle(s: Schedule, cyc: number[]): number[] {
  const out: number[] = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('task:') || !b.id.startsWith('ns:')) continue;
    if (edge?.tag?.kind === 'on-the-way' && edge.tag.of?.kind === 'privileged-creation') out.push(Number(a.id.slice(5)));
  }
  return out;
}
