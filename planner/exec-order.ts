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

/** Must execve come before the user-ns switch of process `tid`? */
export function execBeforeSwitch(s: Schedule, tid: number): boolean {
  const ex = s.at('execve', tid);
  const sw = s.at('user', tid);
  if (ex < 0 || sw < 0) return false;
  // a step ordered after execve: a thread (set_tid, FORK-9), a child (set_tid), a time ns (UNSH-4)
  if (s.successors(ex).length > 0) return true;
  // pid_for_children set at the end (SETNS-5) or a pending pid ns unshared late (UNSH-4, OWN-1)
  if (s.has(`pfc:${tid}`) || s.has(`pfcnew:${tid}`)) return true;
  return !reaches(s, sw, ex);
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

/** Children whose "created before the switch" edge (PRIVILEGED_CREATION) lies on cycle `cyc`. */
export function privilegedCreationsOnCycle(s: Schedule, cyc: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < cyc.length; i++) {
    const a = s.steps[cyc[i]];
    const b = s.steps[cyc[(i + 1) % cyc.length]];
    if (!a.id.startsWith('task:') || !b.id.startsWith('user:')) continue;
    const e = s.edgeBetween(cyc[i], cyc[(i + 1) % cyc.length]);
    if (e?.reason.endsWith(PRIVILEGED_CREATION)) out.push(Number(a.id.slice(5)));
  }
  return out;
}

/**
 * A pid-ns maker that must be born with a namespace its creator has only before its joins (it
 * cannot join it from its born user ns, SETNS-7) and must then enter a user ns its creator makes
 * at its switch: with the fork inside the init's creation step, "the maker is forked before the
 * creator's joins" and "the creator's switch before the maker enters that user ns" close a cycle
 * through the creator's join step -> switch. A further build forks that maker in a step of its
 * own (makerfork, like a child created after the switch: the init joins `late`), ordered before
 * the creator's joins; the maker then waits, enters the owner and makes the init later.
 */
export const MAKER_BIRTH_INHERIT = (tid: number, ns: string, cr: number): string => `maker of ${tid} inherits ${ns} from ${cr} before ${cr} leaves it`;
const MAKER_BIRTH_RE = /^maker of (\d+) inherits \S+ from (\d+) before \2 leaves it$/;

/** Inits whose maker's "born before its creator's joins" edge lies on cycle `cyc` (from the init's own step). O(cycle length). */
export function makerBirthInheritsOnCycle(s: Schedule, cyc: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < cyc.length; i++) {
    const a = s.steps[cyc[i]];
    const b = s.steps[cyc[(i + 1) % cyc.length]];
    if (!a.id.startsWith('task:') || !b.id.startsWith('nsfix:')) continue;
    const m = MAKER_BIRTH_RE.exec(s.edgeBetween(cyc[i], cyc[(i + 1) % cyc.length])?.reason ?? '');
    if (m && `task:${m[1]}` === a.id && `nsfix:${m[2]}` === b.id) out.push(Number(m[1]));
  }
  return out;
}
