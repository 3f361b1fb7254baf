/**
 * Re-plan variant `threadInterimJoins` (index.ts, with `threadedLeaderJoins`; Facts.threadInterimJoins,
 * build.ts): a leader that joins its final uts/ipc/net/cgroup namespace from inside its user ns
 * (lateJoins, the nsfix2 step) and forks before that a thread keeping another namespace of that
 * kind, which it was born without, first joins that namespace while still privileged (its nsfix
 * step, the interim join of birth-needs.ts interimJoins), so the thread inherits it.
 *
 * interimJoins served only a slot whose final namespace the leader makes itself (its unshare
 * replaces the interim one). Here the final one is joined after the switch instead: a thread,
 * created after the leader's user-ns switch (a multithreaded task cannot switch, SETNS-4), in a
 * user ns without CAP_SYS_ADMIN over the kept namespace's owner, cannot join it itself (SETNS-7,
 * OWN-2) and can only copy it from its leader at its clone (FORK-7). The leader, born above its
 * final user ns, has those rights before its switch: it joins the kept namespace there, switches,
 * forks the thread (threadBeforeLateJoins already orders the thread before nsfix2), then joins its
 * final namespace in nsfix2; setns of these kinds is per thread (SETNS-7), so the thread keeps the
 * interim one. The kernel history did the same in some order (seed 79013: t22 born in ipc:0
 * forks its thread t38, then unshares ipc:2; the plan's 21 is born in ipc:1, its creator's, so it
 * joins ipc:0 before entering user:1, forks 35 and joins ipc:2 last). Not mnt or time (setns
 * needs a single thread and an unshared fs_struct, SETNS-3, SETNS-6). O(threads x slots).
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { interimJoins, type InterimInput, type NeedSlot } from '../ordering/birth-needs.js';

/** the kinds setns changes per thread (SETNS-7) */
const PER_THREAD: readonly NeedSlot[] = ['uts', 'ipc', 'net', 'cgroup'];

/**
 * Adds to `into` (leader -> slot -> interim namespace) the interim joins for threads kept before
 * their leader's late joins, in slots interimJoins left free. Nothing outside the variant.
 */
export function addThreadInterimJoins(f: Facts, base: InterimInput, lateJoins: (t: Task) => Set<string>, keepsOld: (t: Task, th: Task) => boolean, into: Map<number, Map<NeedSlot, string>>): void {
  if (f.threadInterimJoins !== true) return;
  const lateBorn = new Map<number, number[]>();
  for (const [l, tasks] of base.lateBorn) {
    const leader = f.tasks.get(l);
    if (!leader || lateJoins(leader).size === 0) continue;
    const threads = tasks.filter((q) => { const th = f.tasks.get(q); return th !== undefined && th !== leader && th.tgid === l && keepsOld(leader, th); });
    if (threads.length > 0) lateBorn.set(l, threads);
  }
  if (lateBorn.size === 0) return;
  const finalOf = (l: number, sl: NeedSlot): string | undefined => {
    const t = f.tasks.get(l);
    const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    const w = np?.[sl];
    return t && w !== undefined && PER_THREAD.includes(sl) && lateJoins(t).has(w) ? w : undefined;
  };
  for (const [l, mid] of interimJoins({ ...base, lateBorn, ownNs: finalOf })) {
    const m = into.get(l) ?? new Map<NeedSlot, string>();
    for (const [sl, x] of mid) if (!m.has(sl)) m.set(sl, x);
    into.set(l, m);
  }
}
