/**
 * Re-plan variant `lastThreadLeaders` (index.ts CYCLE_VARIANTS): a dead leader planned as its last
 * live thread (highest tid) rather than its first: it is given that thread's namespaces
 * (dead-leaders.ts withDeadLeaderNamespaces) and stands for that thread's fd table, fs_struct and
 * mm (the planner reads a dead leader's objects from its first thread in Proc.threads:
 * stand-ins.ts eff, emit.ts effFs), so that thread is put first there.
 *
 * Rules served (docs/kernel-rules.md): a thread copies its creator's namespaces at clone (FORK-7)
 * and shares its fs_struct only with CLONE_FS (FORK-4); a leader's user-ns switch needs a
 * single-threaded caller (SETNS-4), its joins of namespaces owned outside that user ns come
 * before it (SETNS-7), and a thread whose fs_struct is its own may join a mount ns later itself
 * (SETNS-3) when it has CAP_SYS_ADMIN over its owner (OWN-2). Which of its threads' namespaces the
 * dead leader had is not in the image (Linux dropped its nsproxy, EXIT-1); dead-leaders.ts takes
 * the first thread's. When a thread created after the switch keeps namespaces the leader had
 * before joins that that choice asks for, "joins -> switch -> create thread -> joins" is a cycle;
 * planned as that thread, the leader has no such joins, and the other threads, created after it,
 * join their own namespaces where they own them.
 *
 * Seed 75255: dead leader 37, threads 57 (mnt:4, net:6, owned by user:2) and 62 (mnt:1, net:4,
 * owned outside user:2). As 62, 37 joins mnt:1 and net:4 while privileged, enters user:2,
 * creates 62 with CLONE_FS and 57 without, and 57 joins mnt:4 and net:6 itself.
 *
 * O(processes + threads) per attempt.
 */
import type { Facts } from '../facts/facts.js';

/** The first answer's cycle this variant serves: a thread keeping namespaces its leader has before joins that must precede its single-threaded switch. */
export const THREAD_KEEPS_BEFORE_SWITCH = /because thread \d+ keeps the namespaces \d+ has before its own joins \(SETNS-7\)[^]*user ns switch needs a single-threaded caller \(SETNS-4\)|user ns switch needs a single-threaded caller \(SETNS-4\)[^]*because thread \d+ keeps the namespaces \d+ has before its own joins \(SETNS-7\)/;

/** Puts each dead leader's last live thread first among its threads (what the planner reads as the leader's). O(processes + threads). */
export function lastThreadFirst(f: Facts): void {
  for (const p of f.procs.values()) {
    if (p.leader.state !== 'dead' || p.threads.length < 2) continue;
    const live = p.threads.filter((t) => t.nsproxy !== null && t.state !== 'zombie');
    const last = live[live.length - 1];
    if (last && last !== p.threads[0]) p.threads = [last, ...p.threads.filter((t) => t !== last)];
  }
}
