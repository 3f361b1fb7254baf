/**
 * A time ns that only threads of one process hold as their pending time_for_children, owned by
 * the user ns their leader is born in and leaves: the leader makes it before its user-ns switch
 * (re-plan variant `threadTimeOwner`, with `splitJoins`; UNSH-6, OWN-1, OWN-3, SETNS-4, SETNS-6,
 * FORK-7).
 *
 * A thread's time_for_children is its creator's at CLONE_THREAD (FORK-7) or its own
 * unshare(CLONE_NEWTIME) (UNSH-6), never a setns (setns(time) sets both time slots and needs a
 * single thread, SETNS-6). A thread in a user ns below the time ns's owner cannot make it
 * (OWN-3), and a holder's namespace reaches it by no call: the thread's leader made it while still
 * in its owner, its born user ns, before its switch (setns(user) needs a single thread, SETNS-4),
 * created the thread after the switch, and only then made its own pending time_for_children (the
 * edges build.ts has for the namespaces a leader makes: thread after the ns step, before the
 * leader's next time ns). thread-time-maker.ts chooses the leader only for offsets no thread
 * could give; ns-creator-choice.ts otherwise finds no member allowed (ownerOk: the leader ends in
 * another user ns) and a holder makes it, which the emitter then cannot pass to the thread (seed
 * 64398: thread 65 of 15, time_for_children time:5 owned by user:1, where 15 is born; 15 ends in
 * user:2). Only in the variant, so plans found without it stay as they were. O(members).
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * The leader that makes time ns `id` before its switch, or undefined (also when the variant is
 * off). `bornUserOf(tid)`: the user ns a task is born in. O(members).
 */
export function threadTimeOwnerLeader(f: Facts, members: Task[], id: string, bornUserOf: (tid: number) => string): Task | undefined {
  if (!f.threadTimeOwner) return undefined;
  const def = f.nsById.get(id);
  if (!def?.owner || members.length === 0 || members.some((t) => t.pid[0] === t.tgid || t.tgid !== members[0].tgid)) return undefined;
  const leader = f.tasks.get(members[0].tgid);
  const np = leader?.nsproxy ? f.nsproxy.get(leader.nsproxy) : undefined;
  if (!leader || !np || leader.state === 'zombie' || leader.state === 'dead' || np.time === id || np.timeForChildren === id) return undefined;
  // the threads' pending time_for_children only
  if (members.some((t) => { const n = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined; return !n || n.timeForChildren !== id || n.time === id; })) return undefined;
  return leader.userns !== def.owner && bornUserOf(leader.pid[0]) === def.owner ? leader : undefined;
}
