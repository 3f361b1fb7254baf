/**
 * Re-build of variant `pfcHelpers` (planner/index.ts): a child a task T creates in another pid
 * ns is forked instead by a helper H of T, with CLONE_PARENT, so that T never points its own
 * pid_for_children away from its pid ns (FORK-3, SETNS-5, PID-1).
 *
 * SETNS-5 asks CAP_SYS_ADMIN over the target's owner even to point pid_for_children back at the
 * caller's own pid ns. A task T whose image pid_for_children is its own pid ns, owned by a user ns
 * its final one does not reach, that itself created a child X in another pid ns must point it
 * back while still privileged (planner/ordering/pfc-early.ts), hence create X before its user-ns switch.
 * When X can only be created after that switch (its pid ns's init or a namespace it inherits
 * comes later), the schedule has the cycle "create X" -> "T points pid_for_children ... while
 * privileged" -> "T enters user ns" -> "create X". pid_for_children is per task: H, forked by T
 * with T's own pid_for_children, points its own at X's pid ns (SETNS-5, with T's rights at its
 * fork: X's pid ns's owner within them) and forks X with CLONE_PARENT, so X's parent is T
 * (FORK-3; H is no pid-ns init, born in T's pid ns), its session and group H's, which are T's at
 * H's fork, as X's were when T forked it; then H exits. T's pid_for_children is never moved.
 *
 * The same helper serves a child X of T in another pid ns that must keep T's original
 * namespaces (it is born in a user ns without rights over them, SETNS-7) while X's pid ns gets
 * its init only after T's joins (T enters the init's owner user ns first, OWN-1): the cycle
 * "create X" -> "T joins its namespaces" -> "T enters user ns" -> ... -> "create X". H, forked
 * before T's joins (privileged, with T's original namespaces), creates X once its pid ns's init
 * exists; T's own pid_for_children may then be any (shape 'keep').
 *
 * A third shape, 'join' (its helpers marked `joinsForChild`): a child X of T born in a user ns
 * without rights over the namespaces T joins inherits them from T once T is in them (SETNS-7),
 * while T must fork X before its setsid or setpgid (X keeps T's born session or group, SID-2,
 * PGID-2), and T's joins come after that, e.g. because another child keeps T's original
 * namespaces but is born in T's new session or group. H, forked by T at X's timing (in T's born
 * session and group) and before T's user-ns switch, has T's capabilities from then: for an X born
 * in a new user ns it joins what X cannot (emit.ts helperJoinsFor) and creates X with
 * CLONE_NEWUSER; an X born in T's user ns is born with H's credentials, T's from before the
 * switch, and joins its namespaces itself before entering its own user ns. Either way H creates X
 * with CLONE_PARENT: X's parent is T (FORK-3), its session and group H's, T's at H's fork. T's
 * own joins then no longer bind X's birth (planner/graph/join-helper.ts).
 *
 * A child T created with CLONE_PARENT (its parent is T's parent) gets a helper T forks with
 * CLONE_PARENT too (H's parent, hence X's, is T's parent); one T created before its setsid gets a
 * helper forked then, in T's born session. A zombie child is moved the same way (it exits on its
 * own afterwards). Taken only for a child that T itself creates (not through a helper, no move
 * into a group at birth), that shares nothing with T (no fd table, fs_struct, address space or
 * signal handlers H would have to pass on) and is not the init of a child pid ns (CLONE_NEWPID
 * takes the creator's own pid ns: no setns needed). Every such child of T is moved at once: T
 * then has no reason left to move its pid_for_children.
 * O(cycle) to find T, O(T's children) to move them.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { actorOf } from '../creators/creators.js';
import type { Schedule } from './schedule.js';
import { newHelperName } from '../creators/sessions.js';
import { tagOf } from '../graph/edge-tags.js';

/** 'pfc' and 'keep' move every child of T in another pid ns; 'join' the one child on the cycle; 'session' (born-session-helper.ts) the one child kept in T's old session, as 'pfc' */
export type PfcShape = 'pfc' | 'keep' | 'join' | 'session';

/**
 * Tasks T on cycle `cyc` through "create X" -> "T points pid_for_children at its own pid ns
 * while privileged" (pfc-early.ts, PID-1), not in `done`. O(cycle).
 */
export function pfcCreatorsOnCycle(f: Facts, s: Schedule, cyc: readonly number[], done: ReadonlySet<number>): Array<[number, PfcShape, number?]> {
  const out: Array<[number, PfcShape, number?]> = [];
  for (const { from, to, edge } of s.cycleEdges(cyc)) {
    // (shape 'join': "T joins its namespaces" -> "create X", X born in a new user ns, T's child)
    const j = from.id.startsWith('nsfix:') && to.id.startsWith('task:') && edge?.rule === 'SETNS-7' ? tagOf(edge, 'inherits-joined') : undefined;
    if (j && `task:${j.child}` === to.id && `nsfix:${j.creator}` === from.id) {
      const tid = j.creator;
      const t = f.tasks.get(tid);
      if (t && t.pid[0] === t.tgid && f.procs.get(j.child)?.parent === tid && !done.has(tid) && !out.some(([x]) => x === tid)) out.push([tid, 'join', j.child]);
      continue;
    }
    if (!from.id.startsWith('task:')) continue;
    const m = /^pfcearly:(\d+)$/.exec(to.id);
    // (or "create X" -> "T joins its namespaces": X keeps T's original ones, and its pid ns's
    // init comes later; H, forked before T's joins, keeps them for X: build.ts orders a
    // helper-made child's birth by its helper's, via.helper)
    const k = m ? undefined : /^nsfix:(\d+)$/.exec(to.id);
    // (the child T creates itself, no helper between)
    const keeps = tagOf(edge, 'keeps-original');
    if (m ? edge?.rule !== 'PID-1' : !k || edge?.rule !== 'SETNS-7' || !keeps || keeps.helper !== undefined) continue;
    const tid = Number((m ?? k)![1]);
    if (k && f.procs.get(Number(from.id.slice(5)))?.parent !== tid) continue;
    const t = f.tasks.get(tid);
    const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    // (its own pid ns only: pointing elsewhere for good still needs T's own step, pfc-early.ts)
    if (!t || !np || (m && np.pidForChildren !== t.pidns) || t.pid[0] !== t.tgid || done.has(tid) || out.some(([x]) => x === tid)) continue;
    out.push([tid, m ? 'pfc' : 'keep']);
  }
  return out;
}

/**
 * Give each child of process `tgid` that it creates in another pid ns (as above) its own helper,
 * forked by it, creating the child with CLONE_PARENT. For shape 'pfc', children in `late`
 * (created after the switch) have their helper added to `lateHelpers`; for shape 'keep' the
 * helper is forked before T's joins, privileged, whatever the child's own timing. Returns the
 * number of children moved. O(children).
 */
export function forkThroughPfcHelpers(f: Facts, m: CreatorModel, tgid: number, shape: PfcShape, late: ReadonlySet<number>, lateHelpers: Set<string>, only?: number): number {
  const p = f.procs.get(tgid);
  if (!p || p.zombie || p.leader.state === 'dead') return 0;
  const holds = (k: 'files' | 'fs' | 'mm' | 'sighand', o: string | null) => o !== null && (p.leader[k] === o || p.threads.some((th) => th[k] === o));
  let moved = 0;
  // its own children, and those it creates with CLONE_PARENT (its parent's: H is then forked with
  // CLONE_PARENT too, so that H's parent, and X's, is T's parent)
  const own = [...p.children];
  for (const [x, cr] of m.creation) if (cr.by === actorOf(tgid) && cr.cloneParent && !own.includes(x)) own.push(x);
  for (const x of own) {
    const c = f.procs.get(x);
    const cr = m.creation.get(x);
    if (only !== undefined && x !== only) continue;
    // (shape 'join': any pid ns, an init too: CLONE_NEWPID from H, born in T's pid ns, FORK-7)
    if (!c || !cr || (shape !== 'join' && (c.isInit || c.pidns === p.pidns)) || (c.leader.state === 'dead' && !c.zombie)) continue;
    if (cr.by !== actorOf(tgid) || cr.via !== undefined || cr.moveTo !== undefined || cr.sharer) continue;
    if (holds('files', c.leader.files) || holds('fs', c.leader.fs) || holds('mm', c.leader.mm) || holds('sighand', c.leader.sighand)) continue;
    // (forked before T's setsid: H is born in T's session then, X in H's)
    const session = cr.timing === 'before-setsid' ? m.bornSid.get(tgid) : p.sid;
    if (session === undefined) continue;
    const h: HelperSpec = {
      name: newHelperName(), role: 'reparent-helper',
      why: shape === 'join'
        ? `${x}, born in a user ns without rights over the namespaces ${tgid} joins, inherits them, but ${tgid} forks it ${cr.timing === 'before-setsid' ? 'before its setsid' : 'in its group at birth'} and joins later: this helper, forked by it then${cr.cloneParent ? ' with CLONE_PARENT' : ''} while it is still privileged, creates ${x} with CLONE_PARENT (joining for it first what it cannot join itself), then exits (SETNS-7, FORK-3)`
        : shape === 'session'
        ? `${x} keeps ${tgid}'s session from before its setsid, but its pid ns ${c.pidns} gets its init only after that setsid: this helper, forked by it before its setsid${cr.cloneParent ? ' with CLONE_PARENT' : ''}, points its own pid_for_children at ${c.pidns} and creates ${x} there with CLONE_PARENT once the init exists, then exits (SID-2, SETNS-5, FORK-3)`
        : `${shape === 'pfc' ? `${tgid} keeps its pid_for_children on its own pid ns ${p.pidns}, which it could point back at only while privileged` : `${x} keeps ${tgid}'s original namespaces, but its pid ns ${c.pidns} gets its init only after ${tgid}'s joins`}: this helper, forked by it${cr.cloneParent ? ' with CLONE_PARENT' : ''}, points its own at ${c.pidns} and creates ${x} there with CLONE_PARENT, then exits (SETNS-5, FORK-3)`,
      vector: null, pidns: p.pidns, by: actorOf(tgid), timing: cr.timing, session, setsid: false, setpgid: false,
      creates: [x], placed: true, keepsPfc: true, ...(cr.cloneParent ? { cloneParent: true } : {}), ...(shape === 'join' ? { joinsForChild: true } : {}),
    };
    m.helpers.push(h);
    m.creation.set(x, { by: h.name, cloneParent: true, timing: 'any', why: `helper ${h.name} of ${tgid} creates it in ${c.pidns} with CLONE_PARENT, so its parent is ${cr.cloneParent ? `${tgid}'s` : tgid}, ${shape === 'session' ? `and its session ${tgid}'s old one, the helper's (FORK-3, SID-2)` : shape === 'pfc' ? `and ${tgid}'s own pid_for_children stays on ${p.pidns} (FORK-3, SETNS-5)` : shape === 'join' ? `and it gets its namespaces through the helper, whatever ${tgid}'s own joins' order (FORK-3, SETNS-7)` : `and it inherits ${tgid}'s namespaces from before its joins (FORK-3, SETNS-7)`}` });
    if ((shape === 'pfc' || shape === 'session') && late.has(x)) lateHelpers.add(h.name);
    moved++;
  }
  return moved;
}
