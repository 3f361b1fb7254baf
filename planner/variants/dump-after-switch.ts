/**
 * Re-plan variant `dumpable` (facts.ts dumpAfterSwitch, emit.ts): a task made non-dumpable by a
 * credential change of the plan's makes itself dumpable again at once, with the `set-dumpable`
 * op (prctl(PR_SET_DUMPABLE, 1), kernel/dumpable.ts), as CRIU does after restoring credentials
 * and as the `setresuid` op already does.
 *
 * Why: commit_creds resets the mm's dumpability to fs.suid_dumpable (0) when the euid/egid
 * changes or the new capabilities are not a subset of the old ones (kernel/creds.ts): a setns
 * into a user ns its euid does not own, an execve that gives capabilities back. A non-dumpable
 * task's /proc/PID/ns files then open only with CAP_SYS_PTRACE in its mm's user ns (NSFD-1
 * .dumpable), which no task inside the user ns it moved to has: with user namespaces owned by
 * other uids (the `setids` histories), the namespaces of such tasks could be joined by nobody,
 * and no order of joins helped (57 of setids seeds 1-1000 were undecided, most of them so).
 * Dumpable again, the task is judged by the ordinary rules (uid match or CAP_SYS_PTRACE over its
 * user ns, then commoncap), as its original was: the image's tasks never changed credentials in
 * a way the image records (dumpability is not in the image, docs/image-format.md), and a task
 * the restore leaves dumpable differs from its original in nothing the diff compares.
 *
 * Also under this variant: the child an id helper forks after its `setresuid` (emit.ts
 * cloneThroughIdHelper) is not counted as non-dumpable, since that op ends with
 * PR_SET_DUMPABLE 1 (agent/agent.c set_ids; the simulated setresuid never resets dumpability)
 * and fork copies the helper's dumpable mm. A variant, tried after every other, so plans found
 * without it stay as they were. O(1) per credential change.
 */
import type { Op } from '../../executor/ops.js';

/** The op that makes `actor`'s process dumpable again right after `change`. */
export function dumpableAgainOp(actor: string, change: string): Op {
  return { op: 'set-dumpable', actor, value: true, why: `${change} made ${actor} non-dumpable (commit_creds); dumpable again so its namespace peers can still open its /proc/PID/ns files (NSFD-1.dumpable)` };
}
