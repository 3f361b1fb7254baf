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
import { tagOf } from '../graph/edge-tags.js';

/** The namespace types a task may join after its main join step. */
const DEFERRABLE = new Set(['ipc', 'uts', 'net', 'cgroup', 'mnt', 'time']);

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
    // (the membership edge into a join step: "<type> ns <id> exists before <tid> joins it")
    const m = tagOf(edge, 'exists-before-join');
    if (!m || !DEFERRABLE.has(m.type) || `ns:${m.ns}` !== a.id || (`nsfix:${m.joiner}` !== b.id && `nsmnt:${m.joiner}` !== b.id)) continue;
    const tid = m.joiner;
    if (done.get(tid)?.has(m.ns)) continue;
    out.push([tid, m.ns]);
  }
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('nsfix:') || !b.id.startsWith('ns:')) continue;
    // (the edge from a task's join step to its own new time_for_children, UNSH-6)
    const m = tagOf(edge, 'own-tfc-after-join');
    if (!m || `nsfix:${m.tid}` !== a.id || `ns:${m.ns}` !== b.id || done.get(m.tid)?.has(m.ns)) continue;
    out.push([m.tid, m.ns]);
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
    // (the edge from a deferred join step to the task's user-ns switch, build.ts)
    if (!m || b.id !== `user:${m[1]}` || edge?.tag?.kind !== 'privileged-join') continue;
    const tid = Number(m[1]);
    if (!deferred.get(tid)?.has(m[2]) || done.get(tid)?.has(m[2])) continue;
    out.push([tid, m[2]]);
  }
  return out;
}
