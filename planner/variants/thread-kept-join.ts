/**
 * Re-plan variant `threadKeptJoins` (index.ts VARIANTS, with `moves`; SETNS-4, SETNS-7, FORK-2,
 * FORK-7, OWN-2): a leader joins a uts, ipc, net or cgroup namespace owned within its final user
 * ns after its user-ns switch, when one of its threads keeps the older namespace of that slot
 * and could not join it itself; the thread is then created after the switch and before that join.
 *
 * late-joins.ts joins after the switch only the namespaces made after the leader's creator's own
 * switch (postSwitch): the others it joins while still privileged, before the switch. A thread
 * is created after the switch (setns into a user ns needs a single thread, SETNS-4) and copies
 * the leader's namespaces at that moment (FORK-2, FORK-7); so when the thread ends in the older
 * namespace of a slot, owned outside the user ns it is born in (no CAP_SYS_ADMIN over that owner,
 * OWN-2), it can only have inherited it, and the leader's join of that slot must follow the
 * thread's creation. It can: the new namespace is owned within the leader's final user ns, so the
 * leader has the rights once inside (SETNS-7), and setns of these four kinds acts on the calling
 * thread alone, with other threads alive (SETNS-7). late-joins.ts threadBeforeLateJoins then
 * orders the thread before those joins (seed 3046), as for any late join.
 *
 * Seed 76678: 57 (user:1) must end in ipc:1, owned by user:2 below user:1, while its thread 64
 * keeps ipc:0, owned by the root user ns, which 64 (born in user:1) cannot join. 57 joined ipc:1
 * before its switch and created 64 after it, so 64 was born in ipc:1 (SETNS-7 refused its join).
 * Here 57 switches, creates 64, then joins ipc:1. The first answer named 57 with no creator in
 * its session (SID-2): parent moves (`moves`) give it its parent 46, born in group 6 and moved to
 * group 3 later by its own parent 27 (PGID-2, parent-moves.ts).
 *
 * Tried only after a first answer naming a member no task of its session can create, so first
 * attempts keep their plans; plans are verified. State per Facts (a WeakSet), so shared modules
 * gain no field. O(threads) per slot asked, memoised with the late joins.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';
import type { Slot } from '../output/emit.js';

const on = new WeakSet<Facts>();

export function setThreadKeptJoins(f: Facts): void {
  on.add(f);
}

/**
 * In the variant, is t a process leader with a thread that keeps another namespace of slot sl
 * than `want`, owned outside the user ns the thread is born in (so it cannot join its own)?
 * Only for the slots setns changes per thread (uts, ipc, net, cgroup).
 */
export function threadKeepsOlder(f: Facts, t: Task, sl: Slot, want: string, ownedWithin: (id: string, u: string) => boolean, bornUserOf: (tid: number) => string): boolean {
  if (!on.has(f) || sl === 'mnt' || sl === 'time' || sl === 'timeForChildren') return false;
  const pr = f.procs.get(t.tgid);
  if (!pr || pr.leader !== t) return false;
  return pr.threads.some((th) => {
    const np = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    return np !== undefined && np[sl] !== want && !ownedWithin(np[sl], bornUserOf(th.pid[0]));
  });
}
