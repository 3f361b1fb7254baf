/**
 * Where a task's execve may go relative to its user-ns switch (FORK-9, CRED-*).
 *
 * execve recomputes capabilities: they survive only when the euid is the root of the task's user
 * ns at that moment (cap_bprm_creds_from_file). A task that ends in a user ns whose uid 0 is not
 * the restorer's therefore used to execve before its switch, while its credentials were still in
 * a user ns where it is root; the switch then gives every capability back (SETNS-4). That order
 * is sufficient, not necessary: when nothing the process does after its execve needs a
 * capability, execve may just as well come after the switch and drop them there. Forcing it first
 * closes cycles with steps that must follow the switch and precede the execve (a CLONE_FS child,
 * born after the switch, that execve would then create without set_tid rights).
 *
 * The old edge stays unless it would close a cycle (the switch already reaches execve through
 * other steps): plans that verified with it keep it. Without it, execve must still not drop
 * capabilities a later step needs. The decision is taken once the whole main phase is built,
 * from the execve step's successors (every step ordered after it: threads, children sharing its
 * post-exec fd table, a time ns it unshares) and the steps with no order against execve that need
 * capabilities (the final pid_for_children setns, a pending pid ns unshared late): any of them
 * keeps the old edge. Namespaces the task creates after its switch are then ordered before its
 * execve (the caller adds those edges). Cost: a search from the switch step, bounded by
 * REACH_BUDGET steps, only for processes that exec and switch without keeping their capabilities.
 */
import type { Schedule } from './schedule.js';
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { tagOf } from '../graph/edge-tags.js';

/** steps the reachability search visits at most (beyond it the old edge is kept) */
const REACH_BUDGET = 20000;

/** Is step `to` reachable from step `from` (within REACH_BUDGET visited steps; false beyond)? */
function reaches(s: Schedule, from: number, to: number): boolean {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0 && seen.size < REACH_BUDGET) {
    const a = stack.pop()!;
    for (const b of s.successors(a)) {
      if (b === to) return true;
      if (!seen.has(b)) { seen.add(b); stack.push(b); }
    }
  }
  return false;
}

/**
 * Must execve come before the user-ns switch of process `tid`? `kidsAfter`: it has children
 * created after the switch, whose edges before execve are added only when execve follows the
 * switch (build.ts); they are the path from the switch to execve the old edge would close.
 */
export function execBeforeSwitch(s: Schedule, tid: number, kidsAfter = false): boolean {
  const ex = s.at('execve', tid);
  const sw = s.at('user', tid);
  if (ex < 0 || sw < 0) return false;
  // a step ordered after execve: a thread (set_tid, FORK-9), a child (set_tid), a time ns (UNSH-4)
  if (s.successors(ex).length > 0) return true;
  // pid_for_children set at the end (SETNS-5) or a pending pid ns unshared late (UNSH-4, OWN-1);
  // not when pfc-early.ts sets it before the switch and the execve already (the final step then
  // finds it set and needs no capability)
  if ((s.has(`pfc:${tid}`) && !s.has(`pfcearly:${tid}`)) || s.has(`pfcnew:${tid}`)) return true;
  return !kidsAfter && !reaches(s, sw, ex);
}

/**
 * Children created after their creator's user-ns switch (a second build, see index.ts).
 *
 * A creator makes its children before its switch so that set_tid names their numbers with the
 * privilege of its born user ns (FORK-9). That is sufficient, not necessary: after the switch it
 * holds every capability in its final user ns (SETNS-4), which is enough for the levels owned
 * there, and the emitter writes ns_last_pid (with a privileged task of that level) for the others
 * (PID-6). The child is then born in the creator's final user ns. The first build keeps the
 * privileged order; when its ordering meets a cycle through a "while still privileged" edge, the
 * planner builds once more with those children created after the switch. O(cycle length).
 */
export const PRIVILEGED_CREATION = 'creates tasks with set_tid while still privileged';

/**
 * The same holds for a child created with set_tid before its creator's execve (which may drop
 * the capabilities): after the switch, the creator has them again (SETNS-4), whether execve came
 * before the switch or comes after the creation (a maker is then forked early, maker-fork.ts).
 */
export const SET_TID_BEFORE_EXEC = 'with set_tid before execve may drop its capabilities';

/** Children whose "created before the switch" (PRIVILEGED_CREATION) or "before execve" (SET_TID_BEFORE_EXEC) edge lies on cycle `cyc`. */
export function privilegedCreationsOnCycle(s: Schedule, cyc: number[]): number[] {
  const out: number[] = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('task:')) continue;
    const toUser = b.id.startsWith('user:');
    if (!toUser && !b.id.startsWith('execve:')) continue;
    if (edge?.tag?.kind === (toUser ? 'privileged-creation' : 'set-tid-before-exec')) out.push(Number(a.id.slice(5)));
  }
  return out;
}

/**
 * With child c created after the switch, the other members of c's pid ns that the same creator
 * makes wait for that ns's init as c does (FORK-9: the init exists before its members): when the
 * init is created after the switch too (it is on the cycle), they all go, in one round rather
 * than one cycle each. O(tasks) per call, only on cycles (at most three rounds).
 */
export function sameNsSiblings(f: Facts, m: CreatorModel, s: Schedule, cyc: number[], found: number[]): number[] {
  const onCycle = new Set(cyc.map((i) => s.steps[i].id));
  const keys = new Set<string>(); // creator and pid ns of each found child whose init is on the cycle
  for (const c of found) {
    const p = f.procs.get(c);
    const by = m.creation.get(c)?.by;
    const init = p ? f.pidns.get(p.pidns)?.init : null;
    if (p && by && init !== null && init !== undefined && init !== c && onCycle.has(`task:${init}`)) keys.add(`${by} ${p.pidns}`);
  }
  const out: number[] = [];
  if (keys.size === 0) return out;
  for (const [tid, cr] of m.creation) {
    const p = f.procs.get(tid);
    if (p && !p.isInit && !found.includes(tid) && keys.has(`${cr.by} ${p.pidns}`)) out.push(tid);
  }
  return out;
}

/**
 * Reparent helpers (and ghosts) whose "created before the switch" edge lies on cycle `cyc`: a
 * further build forks them after their creator's switch, in its final user ns, like the
 * children above; what they fork gets its outer numbers through ns_last_pid (PID-6, emit.ts).
 * With them, the other helpers their creator forks after its setsid when its own session step is
 * on the cycle (sameSessionSiblings). O(cycle length + helpers).
 */
export function privilegedHelpersOnCycle(m: CreatorModel, s: Schedule, cyc: number[]): string[] {
  const out: string[] = [];
  const onCycle = new Set(cyc.map((i) => s.steps[i].id));
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('helper:') || !b.id.startsWith('user:')) continue;
    if (edge?.tag?.kind !== 'privileged-creation') continue;
    const name = a.id.slice(7);
    out.push(name);
    const h = m.helpers.find((x) => x.name === name);
    if (h?.timing !== 'after-setsid' || !h.by.startsWith('t') || !onCycle.has(`session:${h.by.slice(1)}`)) continue;
    for (const o of m.helpers) if (o !== h && o.by === h.by && o.timing === 'after-setsid') out.push(o.name);
  }
  return out;
}

/**
 * With child c created after the switch because its creator C must lead its new session when it
 * creates c (after-setsid) and its setsid waits for the switch (a child sharing C's fs_struct,
 * born after the switch, must keep C's old session: SID-2, SETNS-4), every other child C creates
 * after its setsid closes the same cycle: they all go, in one round rather than one build each
 * (seed 10561: six such children, more than the rebuilds allowed). O(creations) per call, only
 * on cycles through a creator's own session step.
 */
export function sameSessionSiblings(f: Facts, m: CreatorModel, s: Schedule, cyc: number[], found: number[]): number[] {
  const onCycle = new Set(cyc.map((i) => s.steps[i].id));
  const creators = new Set<string>();
  for (const c of found) {
    const cr = m.creation.get(c);
    if (cr?.timing === 'after-setsid' && cr.by.startsWith('t') && onCycle.has(`session:${cr.by.slice(1)}`)) creators.add(cr.by);
  }
  const out: number[] = [];
  if (creators.size === 0) return out;
  // (not pid-ns inits: their makers and CLONE_NEWPID have orders of their own, moved one at a time)
  for (const [tid, cr] of m.creation) if (creators.has(cr.by) && cr.timing === 'after-setsid' && !found.includes(tid) && f.procs.get(tid)?.isInit !== true) out.push(tid);
  return out;
}

/**
 * A pid-ns maker that must be born with a namespace its creator has only before its joins (it
 * cannot join it from its born user ns, SETNS-7) and must then enter a user ns its creator makes
 * at its switch: with the fork inside the init's creation step, "the maker is forked before the
 * creator's joins" and "the creator's switch before the maker enters that user ns" close a cycle
 * through the creator's join step -> switch. A further build forks that maker in a step of its
 * own (mkfork, maker-fork.ts, like a child created after the switch: the init joins `late`), ordered before
 * the creator's joins; the maker then waits, enters the owner and makes the init later.
 */
export const MAKER_BIRTH_INHERIT = (tid: number, ns: string, cr: number): string => `maker of ${tid} inherits ${ns} from ${cr} before ${cr} leaves it`;

/** Inits whose maker's "born before its creator's joins" edge lies on cycle `cyc` (from the init's own step). O(cycle length). */
export function makerBirthInheritsOnCycle(s: Schedule, cyc: number[]): number[] {
  const out: number[] = [];
  for (const { from: a, to: b, edge } of s.cycleEdges(cyc)) {
    if (!a.id.startsWith('task:') || !b.id.startsWith('nsfix:')) continue;
    const m = tagOf(edge, 'maker-inherits');
    if (m && `task:${m.tid}` === a.id && `nsfix:${m.creator}` === b.id) out.push(m.tid);
  }
  return out;
}
