/**
 * Joins taken out of a task's main join step (a second build, see index.ts).
 *
 * A task's main join step (nsfix) enters every namespace it does not create itself at once,
 * while it is still privileged. Histories do not: a task may join A, fork a child that inherits
 * A and makes B, and only then join B (setns, SETNS-7). With one step, "B exists before the task
 * joins it" and "the child inherits A once the task is in it" close a cycle through the child.
 * Joining B later is just as good (setns into B needs the same capabilities in the same user ns,
 * and entering one namespace changes neither the rights nor the contents of the others), so
 * when an ordering cycle goes through a "X exists before T joins it" edge into T's main join
 * step, the planner builds once more with X joined in a step of its own (nsdef) after the main
 * one and before T's user-ns switch; whatever needs T in X (a thread, a child that inherits it,
 * execve dropping capabilities) follows that step too. A cycle through T's early join step
 * (nsmnt: its mount ns before CLONE_FS children, its time ns before threads) leaves that step
 * unordered against the main one instead: they join disjoint slots.
 *
 * Only kinds whose setns has no other precondition: ipc, uts, net, cgroup; mnt when the task's
 * fs_struct is its own (SETNS-3), time in a process without threads whose time_for_children is
 * that namespace too (setns(time) sets both and needs a single thread, SETNS-6); the build
 * decides those. Not pid (pid_for_children is set at the end of the plan). O(cycle length).
 */
import type { Schedule } from './schedule.js';

/** Wording of the membership edge into a join step (build.ts): "<type> ns <id> exists before <tid> joins it". */
export const EXISTS_BEFORE_JOIN = /^(\w+) ns (\S+) exists before (\d+) joins it$/;

/** The namespace types a task may join after its main join step. */
const DEFERRABLE = new Set(['ipc', 'uts', 'net', 'cgroup', 'mnt', 'time']);

/** Wording of the edge from a task's join step to its own new time_for_children (build.ts, UNSH-6). */
const OWN_TFC_AFTER_JOIN = /^(\d+) settles its own time ns before making (\S+) its time_for_children$/;

/**
 * task -> namespaces it joins in its deferred step; a task's own time_for_children in it means
 * instead that the task joins its time ns in its early step (before making that one), apart
 * from its other joins
 */
export type DeferredJoins = Map<number, Set<string>>;

/**
 * The joins on cycle `cyc` that a further build may defer: edges "ns:X -> nsfix:T" with the
 * membership wording, X of a deferrable kind, not already deferred.
 */
export function deferrableJoinsOnCycle(s: Schedule, cyc: number[], done: DeferredJoins): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    // (into the main join step, or into the early one, nsmnt, which a further build leaves unordered against the main one)
    if (!a.id.startsWith('ns:') || (!b.id.startsWith('nsfix:') && !b.id.startsWith('nsmnt:'))) continue;
    const m = EXISTS_BEFORE_JOIN.exec(edge?.reason ?? '');
    if (!m || !DEFERRABLE.has(m[1]) || `ns:${m[2]}` !== a.id || (`nsfix:${m[3]}` !== b.id && `nsmnt:${m[3]}` !== b.id)) continue;
    const tid = Number(m[3]);
    if (done.get(tid)?.has(m[2])) continue;
    out.push([tid, m[2]]);
  }
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('nsfix:') || !b.id.startsWith('ns:')) continue;
    const m = OWN_TFC_AFTER_JOIN.exec(edge?.reason ?? '');
    if (!m || `nsfix:${m[1]}` !== a.id || `ns:${m[2]}` !== b.id || done.get(Number(m[1]))?.has(m[2])) continue;
    out.push([Number(m[1]), m[2]]);
  }
  return out;
}

/** Add joins to a deferred set (a new map: builds keep theirs). */
export function withDeferred(d: DeferredJoins, more: Array<[number, string]>): DeferredJoins {
  const out: DeferredJoins = new Map([...d].map(([k, v]) => [k, new Set(v)]));
  for (const [tid, id] of more) {
    if (!out.has(tid)) out.set(tid, new Set());
    out.get(tid)!.add(id);
  }
  return out;
}

/** Wording of the edge from a deferred join step to the task's user-ns switch (build.ts). */
const PRIVILEGED_JOIN = 'join namespaces while still privileged';

/**
 * Deferred joins on cycle `cyc` that late-joins.ts lateJoins kept before the task's switch: because
 * its execve may drop the capabilities of its final user ns (lateJoins refuses those tasks), or
 * because the namespace's maker is born in its owner (not "made after a switch"). A cycle
 * through "nsdef:T/X -> user:T" while X is owned in T's final user ns (the build checks that)
 * says the switch must come first. setns(user) gives every capability there (SETNS-4), enough
 * for setns(X) (SETNS-7), so a further build joins X right after the switch and before execve
 * (the nsfix2 step). O(cycle length).
 */
export function insideJoinsOnCycle(s: Schedule, cyc: number[], deferred: DeferredJoins, done: DeferredJoins): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    const m = /^nsdef:(\d+)\/(\S+)$/.exec(a.id);
    if (!m || b.id !== `user:${m[1]}` || edge?.reason !== PRIVILEGED_JOIN) continue;
    const tid = Number(m[1]);
    if (!deferred.get(tid)?.has(m[2]) || done.get(tid)?.has(m[2])) continue;
    out.push([tid, m[2]]);
  }
  return out;
}
