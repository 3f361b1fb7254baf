/**
 * The final phase of the schedule (build.ts buildSchedule): after a barrier step that follows
 * every main-phase step, what must come last. Pending pid_for_children (UNSH-5, SETNS-5; a
 * member-less pid ns several tasks share, empty-pfc.ts), zombie exits with their saved status
 * (EXIT-4; a temporary subreaper around one, EXIT-2, EXIT-3), dead leaders' lone exits (EXIT-1),
 * SIGCHLD dispositions set right before they matter (EXIT-5), stops last (EXIT-9); plus the
 * execve-against-switch order of the tasks whose execve may drop capabilities (FORK-9, OWN-3),
 * the heirs of helpers (helper-heirs.ts) and a time ns unshared on the way to the final user ns
 * (time-on-the-way.ts). O(tasks + helpers + namespaces) steps and edges.
 */
import { pfcNeedsEarlyJoin, shareEmptyPfc } from '../ordering/empty-pfc.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import { execBeforeSwitch } from '../ordering/exec-order.js';
import { tieToSwitch } from '../ordering/time-on-the-way.js';
import { helperHeirEdges } from '../creators/helper-heirs.js';
import { lateZombieEdges } from '../sharing/zombie-late-subreaper.js';
import { leaderUnderSubreaperEdges } from '../creators/leader-under-subreaper.js';
import { tempSubreaperEdges } from '../creators/temp-subreaper.js';
import type { StepContext } from './build-context.js';
import type { Built } from './build.js';

/** what the final phase needs beyond the step context: built in buildSchedule's edge section */
export interface FinalPhaseInputs {
  /** live image tasks (with an nsproxy, not zombies), by depth then tid */
  live: Task[];
  failures: Built['failures'];
  /** the final-phase steps, filled here */
  finals: string[];
  /** tasks whose execve may drop capabilities in their final user ns (exec-order.ts) */
  execSwitch: number[];
  /** (creator tid, creation step) pairs created after the creator's user-ns switch */
  postSwitchKids: [number, string][];
  /** member-less pid ns -> the tasks holding it as pid_for_children (empty-pfc.ts) */
  sharedPfc: Map<string, number[]>;
  /** the creation steps that used an actor as creator */
  creationsBy: (actor: string) => string[] | undefined;
}

export function addFinalPhase(ctx: StepContext, inputs: FinalPhaseInputs): void {
  const { f, m, em, s, nsCreator, holders, bornInUser, timeOnTheWay, nsOfCreatorEarly, postSwitch } = ctx;
  const { live, failures, finals, execSwitch, postSwitchKids, sharedPfc, creationsBy } = inputs;
  const procOrder = f.order;
  // ---- final phase: pending pid_for_children, zombie and dead-leader exits, SIGCHLD, stops ----
  // The barrier needs no in-edges: it has the highest sequence number of the main phase and the
  // ordering always picks the lowest ready one, and in a DAG some main-phase step is ready while
  // any remains; so it comes after every main-phase step (saves one edge per step).
  const barrier = s.add('barrier', 'other', 'every task and namespace exists', [], () => undefined);
  const mkFinal = (id: string, label: string, tasks: number[], run: () => void) => {
    s.add(id, 'exit', label, tasks, run);
    s.edge(barrier, id, 'final phase', 'EXIT-4');
    finals.push(id);
  };
  // a member-less pid ns several tasks hold: first in the final phase, before any zombie exit
  // (its creator reaps the temporary init by number) (empty-pfc.ts)
  for (const [ns, holders] of sharedPfc) {
    const label = `${holders.join(', ')} share pid_for_children ${ns}`;
    const run = () => shareEmptyPfc(em, ns, holders, actorOf);
    const joinEarly = holders.slice(1).filter((y) => pfcNeedsEarlyJoin(f, em, ns, y));
    if (joinEarly.length === 0) { mkFinal(`pfcshare:${ns}`, label, holders, run); continue; }
    // a holder whose final user ns has no rights over the ns's owner joins it before its switch
    // (and its execve): in the main phase, once every holder has created all it creates
    const id = `pfcshare:${ns}`;
    s.add(id, 'other', label, holders, run);
    s.edge(`pfcnew:${holders[0]}`, id, `${holders[0]} unshares ${ns} before its temporary init`, 'UNSH-5');
    for (const z of holders) {
      s.edge(s.at('task', z), id, 'after birth', 'UNSH-5');
      for (const x of creationsBy(actorOf(z)) ?? []) s.edge(x, id, `${z}'s children are born before its pid_for_children moves to ${ns}`, 'UNSH-5');
      for (const th of f.procs.get(f.tasks.get(z)!.tgid)?.threads ?? []) s.edge(s.at('task', th.pid[0]), id, 'threads need pid_for_children = own pid ns (FORK-2)', 'FORK-2');
    }
    for (const y of joinEarly) {
      if (s.at('user', y) >= 0) s.edge(id, `user:${y}`, `${y} joins ${ns} while its credentials still have rights over its owner`, 'SETNS-5');
      if (s.at('execve', y) >= 0) s.edge(id, `execve:${y}`, `${y} joins ${ns} before its execve may drop the capability`, 'SETNS-5');
    }
  }
  // pid_for_children to settle at the end: pending in the image, or moved by a setns to create
  // a child in a descendant pid ns.
  const pfcMoved = new Set<number>();
  for (const p of procOrder) {
    const c = m.creation.get(p.tgid);
    if (!c || !c.by.startsWith('t')) continue;
    const cr = f.procs.get(Number(c.by.slice(1)));
    if (cr && cr.pidns !== p.pidns && !(p.isInit && f.pidns.get(p.pidns)?.parent === cr.pidns)) pfcMoved.add(cr.tgid);
  }
  for (const h of m.helpers) {
    const cr = h.by.startsWith('t') ? f.procs.get(Number(h.by.slice(1))) : undefined;
    if (cr && cr.pidns !== h.pidns) pfcMoved.add(cr.tgid);
  }
  for (const t of live) {
    const np = f.nsproxy.get(t.nsproxy!);
    if (!np) continue;
    if (np.pidForChildren === t.pidns && (!pfcMoved.has(t.pid[0]) || (t.state === 'dead' && f.timeMakersFirst))) continue; // (a dead leader's goes with it: pfc-early.ts)
    mkFinal(`pfc:${t.pid[0]}`, `${t.pid[0]} pid_for_children`, [t.pid[0]], () => em.finalPfc(actorOf(t.pid[0]), np.pidForChildren, `pid_for_children of ${t.pid[0]} as in the image (UNSH-5, SETNS-5)`));
  }
  const kidsAfter = new Map<number, string[]>();
  for (const [tid, x] of postSwitchKids) {
    const l = kidsAfter.get(tid);
    if (l) l.push(x);
    else kidsAfter.set(tid, [x]);
  }
  for (const tid of execSwitch) {
    // children created after the switch keep their edge before execve (execve then follows the
    // switch) unless execve must precede the switch for another reason: then it goes first, and
    // the switch gives the capabilities back for them (SETNS-4)
    const kids = kidsAfter.get(tid) ?? [];
    if (execBeforeSwitch(s, tid, kids.length > 0)) { s.edge(`execve:${tid}`, `user:${tid}`, 'execve before leaving the privileged user ns', 'FORK-9'); continue; }
    for (const x of kids) s.edge(x, `execve:${tid}`, `${tid} creates ${x} after its user-ns switch with set_tid, before execve drops its capabilities there`, 'FORK-9');
    // execve after the switch drops the capabilities there: the namespaces it creates inside come first
    for (const id of nsOfCreatorEarly.get(tid) ?? []) if (f.nsById.get(id)?.type !== 'user' && postSwitch(id)) s.edge(`ns:${id}`, `execve:${tid}`, 'namespace creation needs the capabilities execve drops in its final user ns', 'OWN-3');
  }
  // A zombie's SIGCHLD disposition is set right before its own exit, not before every zombie's:
  // a task of the image parented elsewhere can still be its child in the replay (forked with
  // CLONE_PARENT by one of its children, it reparents only at this exit), and exiting under a
  // parent that ignores SIGCHLD would reap it at once (EXIT-5).
  for (const p of procOrder) {
    if (p.zombie) {
      if (p.leader.ignoresSigchld) mkFinal(`sigign:${p.tgid}`, `${p.tgid} ignores SIGCHLD`, [p.tgid], () => em.emit({ op: 'sigchld-ignore', actor: actorOf(p.tgid), value: true, why: 'SIGCHLD disposition as in the image, right before it exits (EXIT-5)' }));
      const e = p.leader.exit ?? {};
      const tq = m.tempSubreaper?.get(p.tgid);
      mkFinal(`zexit:${p.tgid}`, `${p.tgid} becomes a zombie`, [p.tgid], () => {
        // (its image heir is a subreaper only around this exit: planner/creators/temp-subreaper.ts)
        if (tq !== undefined) em.emit({ op: 'subreaper', actor: actorOf(tq), value: true, why: `${tq} is a subreaper while ${p.tgid} exits, so ${p.tgid}'s children reparent to it (EXIT-2, EXIT-3)` });
        em.exit(actorOf(p.tgid), { code: e.code, signal: e.signal, core: e.core, group: true }, `zombie in the image: exits with its saved status, never reaped (EXIT-4)`);
        if (tq !== undefined) em.emit({ op: 'subreaper', actor: actorOf(tq), value: false, why: `${tq} is no subreaper in the image: the flag served ${p.tgid}'s exit only (EXIT-3)` });
      });
      if (tq !== undefined) {
        tempSubreaperEdges(s, f, m, p.tgid, tq, failures);
      }
    }
  }
  // A zombie forked by another zombie that is not its parent (sessions.ts zfork) exits first,
  // while its creator still is its parent and keeps SIGCHLD's default; the creator's exit then
  // hands the zombie to its image parent (EXIT-2, EXIT-4, EXIT-5).
  for (const p of procOrder) {
    const c = m.creation.get(p.tgid);
    if (!p.zombie || !c || c.cloneParent || c.via || !c.by.startsWith('t') || c.by === actorOf(p.parent)) continue;
    const z = Number(c.by.slice(1));
    if (!f.procs.get(z)?.zombie) continue;
    s.edge(`zexit:${p.tgid}`, `zexit:${z}`, `zombie ${p.tgid} exits while ${z}, its creator, is still its parent`, 'EXIT-2');
    s.edge(`zexit:${p.tgid}`, `sigign:${z}`, `zombie ${p.tgid} exits before ${z} ignores SIGCHLD, so it is not auto-reaped`, 'EXIT-5');
  }
  for (const p of procOrder) {
    if (p.leader.state === 'dead') mkFinal(`dexit:${p.tgid}`, `leader ${p.tgid} exits alone`, [p.tgid], () => em.exit(actorOf(p.tgid), { code: 0, group: false }, 'dead thread-group leader: the leader thread exits while its threads live on (EXIT-1)'));
  }
  for (const p of procOrder) {
    if (p.leader.ignoresSigchld && !p.zombie) mkFinal(`sigign:${p.tgid}`, `${p.tgid} ignores SIGCHLD`, [p.tgid], () => em.emit({ op: 'sigchld-ignore', actor: actorOf(p.leader.state === 'dead' ? p.threads[0].pid[0] : p.tgid), value: true, why: 'SIGCHLD disposition as in the image, set last so no zombie child is auto-reaped (EXIT-5)' }));
  }
  for (const p of procOrder) {
    if (p.leader.state === 'stopped' || p.threads.some((t) => t.state === 'stopped')) {
      const live1 = p.leader.state === 'dead' ? p.threads[0] : p.leader;
      const sig = p.leader.stopSignal ? { signal: p.leader.stopSignal } : {};
      // a pid-ns init drops its own stop signal (its process's, also from a live thread after the
      // leader died): the restorer, in an ancestor ns, sends SIGSTOP (EXIT-9)
      mkFinal(`stop:${p.tgid}`, `${p.tgid} stops`, [p.tgid], () => em.emit(p.isInit
        ? { op: 'stop', actor: ROOT_ACTOR, target: actorOf(live1.pid[0]), ...sig, why: 'stopped in the image, and a pid-ns init ignores its own stop signal: the restorer sends SIGSTOP from an ancestor pid ns, last (EXIT-9)' }
        : { op: 'stop', actor: actorOf(live1.pid[0]), ...sig, why: 'stopped in the image: stop last, after everything it had to do' }));
    }
  }
  helperHeirEdges(s, f, m);
  lateZombieEdges(s, m);
  leaderUnderSubreaperEdges(s, m);
  // a time ns unshared on the way to the final user ns: its owner exists first, and the ns step
  // waits for whatever the switch waits for (time-on-the-way.ts)
  for (const [id, way] of timeOnTheWay) {
    const ucr = nsCreator.get(way.owner);
    const hd = holders.get(way.owner);
    if (ucr) {
      s.edge(bornInUser.get(ucr.pid[0]) === way.owner ? `task:${ucr.pid[0]}` : `user:${ucr.pid[0]}`, `ns:${id}`, `user ns ${way.owner} exists before ${way.tid} enters it`, 'SETNS-4', { kind: 'user-ns-exists', ns: way.owner, enters: { role: 'task', tid: way.tid } });
      if (ucr.userns !== way.owner) s.edge(`ns:${id}`, `user:${ucr.pid[0]}`, `${way.tid} enters ${way.owner} through ${ucr.pid[0]} before ${ucr.pid[0]} moves on`, 'NSFD-1');
    } else if (hd) {
      s.edge(`holder:${hd.name}`, `ns:${id}`, `user ns ${way.owner} exists before ${way.tid} enters it`, 'SETNS-4', { kind: 'user-ns-exists', ns: way.owner, enters: { role: 'task', tid: way.tid } });
      s.edge(`ns:${id}`, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${way.owner} until ${way.tid} entered it`, 'NSFD-1');
    } else {
      const parent = f.nsById.get(way.owner)?.parent;
      const pcr = parent ? nsCreator.get(parent) : undefined;
      if (pcr) s.edge(bornInUser.get(pcr.pid[0]) === parent ? `task:${pcr.pid[0]}` : `user:${pcr.pid[0]}`, `ns:${id}`, `user ns ${parent} exists before ${way.tid} creates ${way.owner} in it`, 'OWN-1', { kind: 'user-ns-exists', ns: parent! });
    }
  }
  tieToSwitch(s, timeOnTheWay);
}
