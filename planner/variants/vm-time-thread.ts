/**
 * Re-plan variant `vmTimeThreads` (index.ts VARIANTS appended-since, with `vmTimeBirths`; FORK-7,
 * FORK-8, SETNS-6, UNSH-6): a process forked with CLONE_VM by the thread of its creator's process
 * whose time ns and time_for_children are the ones it keeps.
 *
 * A CLONE_VM child keeps its creator's active time ns and copies its time_for_children at the
 * clone (FORK-8: no timens_on_fork under CLONE_VM), and can fix neither later: setns(time) fails
 * with EUSERS while its mm has other users (SETNS-6), and its own unshare(CLONE_NEWTIME) makes a
 * new time_for_children (UNSH-6). So a child ending with time ns A and time_for_children B != A,
 * B made by a thread T of its creator's process (T's unshare(CLONE_NEWTIME) gives T the pair
 * (A, B), UNSH-6), can only be forked by T after that unshare: the leader never holds B as its
 * time_for_children (seed 245 of the vm-forks generator: thread 14 of dead leader 4 unshared
 * time:1, then forked 21, 62 with CLONE_VM; the plan had leader 4 fork them, and 21 needed
 * time_for_children time:1, UNSH-6). thread-creators.ts creatorThread scores threads by fd table
 * and fs_struct only; here it takes T when T's (time, time_for_children) is the child's, the
 * leader's is not, and T shares at least what the leader would with the child.
 *
 * Only for a child sharing the process's mm (a CLONE_VM fork; a plain fork enters its creator's
 * time_for_children, FORK-7, and a child may join its time ns itself) and a live thread. The
 * plan is verified on replay; kept only when it plans. O(threads) per child asked.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** The thread of cp that forks the CLONE_VM child x for its time slots (see above), else undefined. */
export function vmTimeThread(f: Facts, cp: Proc, x: Task, eff: (t: Task) => Task, score: (t: Task) => number): Task | undefined {
  if (!f.vmTimeThreads || x.pid[0] !== x.tgid || x.nsproxy === null) return undefined;
  const ld = eff(cp.leader);
  const xm = eff(x).mm;
  if (xm === null || xm !== ld.mm) return undefined;
  const np = f.nsproxy.get(x.nsproxy);
  if (!np || np.time === np.timeForChildren) return undefined;
  const slots = (t: Task) => (t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined);
  const same = (t: Task) => { const n = slots(t); return !!n && n.time === np.time && n.timeForChildren === np.timeForChildren; };
  if (ld.state !== 'dead' && same(ld)) return undefined;
  const leaderScore = score(ld);
  return cp.threads.find((th) => (th.state === 'running' || th.state === 'stopped') && same(th) && score(th) >= leaderScore);
}
