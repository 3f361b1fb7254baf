/**
 * A final pid_for_children the task could only set while still privileged (SETNS-5).
 *
 * setns(pid) needs CAP_SYS_ADMIN over the target pid ns's owner. A task whose image
 * pid_for_children is an existing (populated) pid ns owned by a user ns that its final user ns
 * does not reach (an ancestor or a sibling branch) had set it while its credentials were still
 * above, in its born user ns. The final phase, after every user-ns switch, is then too late: the
 * setns is done in the main phase instead, after the target ns has its init (the ns file to open,
 * NSFD-1), after every task and thread the task creates (each needs pid_for_children back in
 * another ns, FORK-2, PID-1), and before its switch and its execve (either may drop the
 * capability). The same holds without a switch when its execve drops every capability (uid 0 of
 * its user ns is not the restorer's, cap_bprm_creds_from_file). The final-phase step then finds it already set. O(tasks + their creations).
 */
import type { Facts } from '../facts/facts.js';
import type { Emitter } from '../output/emit.js';
import type { Schedule } from './schedule.js';
import type { Task } from '../../model/image.js';

export function addEarlyPfcSteps(
  s: Schedule, f: Facts, em: Emitter, live: readonly Task[],
  actorOf: (tid: number) => string, bornUser: (actor: string) => string, creationsBy: (actor: string) => string[] | undefined,
  rootMapsToRoot: (userns: string) => boolean, execKeepsCaps: (tid: number) => boolean = () => false,
  execFree: (tid: number) => boolean = () => false,
): void {
  for (const t of live) {
    const np = f.nsproxy.get(t.nsproxy!);
    if (!np) continue;
    const tid = t.pid[0];
    // its own pid ns: only when it pointed pid_for_children elsewhere to create a child, and must
    // point it back (SETNS-5 asks the capability over the owner even for the caller's own pid ns)
    if (np.pidForChildren === t.pidns && !createsElsewhere(f, t, creationsBy(actorOf(tid)))) continue;
    // (nor for a dead leader, whose pid_for_children goes with it: the image has none, EXIT-4;
    // only in the timeMakers re-plan variant, planner/index.ts, where its threads' pending
    // time_for_children makes it their creator more often)
    if (np.pidForChildren === t.pidns && t.state === 'dead' && f.timeMakersFirst) continue;
    const switches = s.at('user', tid) >= 0;
    if (!t.userns || (!switches && (s.at('execve', tid) < 0 || rootMapsToRoot(t.userns)))) continue;
    const info = f.pidns.get(np.pidForChildren);
    const own = np.pidForChildren === t.pidns;
    if (!info || (!own && (!info.populated || info.ns.external || info.init === null))) continue;
    const owner = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
    const a = actorOf(tid);
    if (!em.userDescends(owner, bornUser(a))) continue;
    // with a switch: still reachable from its final user ns, the final phase does it (SETNS-5);
    // without one: its execve drops every capability (uid 0 there is not the restorer's)
    // (variant setidsCreators: unless no task of that pid ns would let it open its ns file then, setids-ns-creators.ts)
    if (switches && em.userDescends(owner, t.userns) && !f.setidsEarlyPfc?.has(tid)) continue;
    const id = `pfcearly:${tid}`;
    s.add(id, 'other', `${tid} points pid_for_children at ${np.pidForChildren} while privileged`, [tid], () => em.finalPfc(a, np.pidForChildren, switches ? (t.userns && em.userDescends(owner, t.userns) ? `pid_for_children of ${tid} as in the image, set before its user-ns switch: no task of ${np.pidForChildren} would let it open its ns files from inside ${t.userns} (NSFD-1, SETNS-5)` : `pid_for_children of ${tid} as in the image, set before its user-ns switch: ${np.pidForChildren}'s owner ${owner} is out of reach of its final user ns ${t.userns} (SETNS-5)`) : `pid_for_children of ${tid} as in the image, set before its execve drops the capability over ${owner} (SETNS-5)`));
    s.edge(s.at('task', tid), id, 'after birth', 'SETNS-5');
    if (info.init !== null && !own) s.edge(s.at('task', info.init), id, `${np.pidForChildren} has its init, whose ns file ${tid} opens`, 'NSFD-1');
    // (creations in the target pid ns itself may come later, pfc stays there: pointing it back at
    // its own, those born there; else those born in the target, not as a new ns's init: seed 5263)
    for (const x of creationsBy(a) ?? []) if (own ? landsElsewhere(f, t, x) !== false : !landsIn(f, x, np.pidForChildren)) s.edge(x, id, `${tid} creates ${x} in another pid ns before pointing pid_for_children at ${np.pidForChildren}`, 'PID-1');
    const pr = f.procs.get(t.tgid);
    // (threads need pid_for_children = own pid ns: when that is the target, the step serves them too)
    if (pr && pr.leader === t && !own) for (const th of pr.threads) if (th !== t) s.edge(s.at('task', th.pid[0]), id, 'threads are created in the leader\'s own pid ns', 'FORK-2');
    s.edge(id, s.at('user', tid), `${tid} leaves the user ns that has the capability over ${owner}`, 'SETNS-5');
    // (an execve that keeps every capability, wherever it runs, may come first: seed 3391)
    // (nor one in the born user ns that keeps them there, variant execCaps: born-exec-caps.ts)
    if (s.at('execve', tid) >= 0 && !(switches && (execKeepsCaps(tid) || execFree(tid)))) s.edge(id, s.at('execve', tid), 'execve may drop the capability', 'SETNS-5');
  }
}

/** Does t create a process in a pid ns other than its own (not the init of a child ns, born by CLONE_NEWPID)? O(its creations). */
function createsElsewhere(f: Facts, t: Task, creations: string[] | undefined): boolean {
  for (const x of creations ?? []) if (landsElsewhere(f, t, x) === true) return true;
  return false;
}

/** Is creation step x (of a task, not a helper) a non-init process born in pid ns `ns`? O(1). */
function landsIn(f: Facts, x: string, ns: string): boolean {
  if (!x.startsWith('task:')) return false;
  const p = f.procs.get(Number(x.slice(5)));
  return p !== undefined && !p.isInit && p.pidns === ns;
}

/**
 * Does creation step x of t need t's pid_for_children on a pid ns other than t's own? A process
 * born in a pid ns other than t's, unless it is the init of a child pid ns (CLONE_NEWPID takes
 * the caller's own). Undefined for a helper's step (it names no task here). O(1).
 */
function landsElsewhere(f: Facts, t: Task, x: string): boolean | undefined {
  // (mkfork:N, a maker's early fork, lands where the maker-made init N's creation does: its parent pid ns)
  const c = x.startsWith('task:') ? 5 : x.startsWith('mkfork:') ? 7 : -1;
  if (c < 0) return undefined;
  const p = f.procs.get(Number(x.slice(c)));
  return p !== undefined && p.pidns !== t.pidns && !(p.isInit && f.pidns.get(p.pidns)?.parent === t.pidns);
}
