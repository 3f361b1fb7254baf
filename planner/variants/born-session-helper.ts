/**
 * Re-build of variant `bornSessionHelpers` (index.ts CYCLE_VARIANTS; SID-2, FORK-3, FORK-9,
 * PID-1, SETNS-5): a child that keeps its creator's session from before the creator's setsid,
 * born in a pid ns whose init the creator makes only after that setsid, is forked by a helper the
 * creator forks before its setsid.
 *
 * A task T that forks X before its own setsid so X keeps T's old session (born_sid, SID-2), and
 * forks the init I of X's pid ns only after it (I is in T's new session, or inherits a group T
 * makes there), gives the cycle "create X" -> "T creates session T" -> "create I" -> "create X"
 * (a pid ns's first task is its init, FORK-9; seed 69056: 6 forks 69 into pid:3 in session 4,
 * and init 11 of pid:3 in its new session 6). A session is only inherited (SID-2), but the one
 * who hands it to X need not be T: a helper H, forked by T before its setsid, is in T's old
 * session for good. Once I exists, H points its own pid_for_children at X's pid ns (SETNS-5: T's
 * rights at H's fork, over the owner of a pid ns T itself made through I) and forks X with
 * CLONE_PARENT, so X's parent is T (FORK-3; H is no pid-ns init, born in T's pid ns) and its
 * session H's, T's old one; H then exits and T reaps it (EXIT-6). This is the helper of
 * pfc-helper.ts (forkThroughPfcHelpers, shape 'session', as 'pfc', with X only), forked at X's own timing
 * (before T's setsid); X then shares nothing with T at its birth (that helper's conditions).
 * O(cycle).
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from '../ordering/schedule.js';
import { tagOf } from '../graph/edge-tags.js';

/**
 * [T, X] pairs on cycle `cyc` through "create X" -> "T creates session T" (X kept in T's old
 * session) where X is born in a pid ns other than T's and is no init (its pid ns has an init T
 * could not make first), T not in `done`. O(cycle).
 */
export function bornSessionKeepersOnCycle(f: Facts, s: Schedule, cyc: readonly number[], done: ReadonlySet<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { edge } of s.cycleEdges(cyc)) {
    // (build.ts's "T forks X before its own setsid so X keeps the old session" edge, T a task)
    const k = edge?.rule === 'SID-2' ? tagOf(edge, 'before-setsid') : undefined;
    const by = k ? /^t(\d+)$/.exec(k.by) : null;
    if (!k || !by) continue;
    const tid = Number(by[1]);
    const x = f.procs.get(k.child);
    const t = f.procs.get(tid);
    if (!t || !x || x.isInit || x.pidns === t.pidns || x.parent !== tid || done.has(tid)) continue;
    out.push([tid, x.tgid]);
  }
  return out;
}
