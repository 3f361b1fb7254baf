/**
 * A child of a pid-ns init forked by a helper that holds what the init cannot give it (re-plan
 * variant `initJoinHelpers`, emit.ts clone; tried last, kept only when it verifies).
 *
 * An init C born in a user ns U with CLONE_NEWUSER (a pid-ns maker's child, FORK-9) never has
 * rights over a namespace owned outside U (SETNS-3..7, OWN-2). A child X of C that ends in such a
 * namespace N, which C does not hold when it forks X, can neither inherit it from C nor join it
 * (the emitter refused: "X must enter ... no rights over N's owner"). In the kernel histories X
 * was forked by another process P of C's pid ns (P came in from outside with setns(pid) and
 * setns(user), holding N), and P's exit handed X to the pid ns's child reaper, C (EXIT-2: an
 * orphan goes to the init of its dead parent's pid ns when no subreaper of that ns is above it).
 * Seeds 23445 (t47 needs uts:1, owned by the root user ns, under init t17 born in user:0) and
 * 24488.
 *
 * The construction: a live actor R with rights over N's owner, over U and over C's pid ns owner
 * (a task of X's birth session and group, or the restorer when X leads its own session and
 * group, which X then creates by setsid itself) points its pid_for_children at C's pid ns, forks a
 * helper H there (free pid numbers, free-pids.ts) and points it back. H joins every namespace of
 * X owned outside U (it has R's rights), enters U with setns(user) on a live member (C), and
 * forks X: X is born in U as the plan expects, holding what it can only inherit, and joins the
 * rest itself. H exits; X reparents to C; R reaps H (EXIT-6). (R in C's own pid ns: a subreaper
 * above R there would take X instead, EXIT-3; the replay's verification keeps only plans where
 * it does not.) A child that must end in a user ns above C's (a build failure otherwise, SETNS-4)
 * is taken as born in its final user ns (ns-rights.ts bornUser), where H forks it: seeds 40855,
 * 49955. O(actors x slots) per such child.
 */
import type { Facts } from '../facts/facts.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import { SLOTS, type ActorState, type Emitter, type Slot } from './emit.js';
import { pickFreePids } from './free-pids.js';
import type { BuildContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import { sourceInOtherGroup } from '../variants/init-join-groups.js';
import { newPidNsOwner } from '../variants/init-join-new-pidns.js';
import { zombieBirthNeedsOf } from '../variants/zombie-birth-needs.js';
import { ownTfcAfterHelper } from '../variants/init-join-own-tfc.js';

/**
 * (attempt zombieBirthNeeds) a zombie's birth needs by slot, zombie-birth-needs.ts (not time: the
 * helper joins no time ns for it); undefined for any other task. Typed as a whole nsproxy, it names
 * only those slots: read only at the slots zombieOutsideSlots returns, or checked. O(slots).
 */
function zombieNsOf(f: Facts, tid: number): Record<Slot, string> | undefined {
  const zn = zombieBirthNeedsOf(f, tid);
  if (!zn) return undefined;
  const out: Partial<Record<Slot, string>> = {};
  for (const [sl, x] of zn) if (sl !== 'time') out[sl] = x;
  return out as Record<Slot, string>;
}

/** The slots (not time) of zombie birth needs `zn` owned outside user ns `born` that the init lacks; undefined when there is none. */
function zombieOutsideSlots(f: Facts, em: Emitter, a: ActorState, zn: ReadonlyMap<string, string>, born: string): Slot[] | undefined {
  const out: Slot[] = [];
  let lacks = false;
  for (const [sl, x] of zn) {
    if (sl === 'time' || em.userDescends(ownerOf(f, x), born)) continue;
    out.push(sl as Slot);
    if (x !== a.slots[sl as Slot]) lacks = true;
  }
  return lacks ? out : undefined;
}

type CloneSpec = Parameters<Emitter['clone']>[0];

/** the user ns owning namespace id; the root one for an environment namespace */
function ownerOf(f: Facts, id: string): string {
  const def = f.nsById.get(id);
  return !def || def.external || !def.owner ? f.rootUserNs : def.owner;
}

/** Is pid ns `anc` a strict ancestor of pid ns `ns`? O(depth). */
function pidAbove(f: Facts, anc: string, ns: string): boolean {
  for (let c = f.pidns.get(ns)?.parent; c; c = f.pidns.get(c)?.parent) if (c === anc) return true;
  return false;
}

/** Is task t's image parent the init of t's pid ns (a process leader)? O(1). */
export function initParentOf(f: Facts, t: { pid: number[]; tgid: number; pidns: string }): boolean {
  const proc = f.procs.get(t.tgid);
  const init = proc && t.pid[0] === t.tgid ? f.tasks.get(proc.parent) : undefined;
  // (in its pid ns, or the init of a child pid ns of it, made with CLONE_NEWPID)
  return init !== undefined && init.pid[init.pid.length - 1] === 1 && (init.pidns === t.pidns || (t.pid[t.pid.length - 1] === 1 && f.pidns.get(t.pidns)?.parent === init.pidns));
}

/**
 * The slots (not time_for_children) where child task `tid` ends in a namespace owned outside user
 * ns `u`, the init's; undefined when there is none it would lack (every such one equals what
 * init `a` would give it at the fork).
 */
function outsideSlots(f: Facts, em: Emitter, a: ActorState, tid: number, born: string): Slot[] | undefined {
  const t = f.tasks.get(tid);
  const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
  // (attempt zombieBirthNeeds: a zombie lacking what it must be born with, zombie-birth-needs.ts)
  const zn = t && !np ? zombieBirthNeedsOf(f, tid) : undefined;
  if (zn) return zombieOutsideSlots(f, em, a, zn, born);
  // (a zombie has no namespaces left to hold, NSFD-1: only where it is born matters)
  if (!t || !np) return t && born !== a.userns ? [] : undefined;
  const out: Slot[] = [];
  let lacks = false;
  for (const s of SLOTS) {
    if (s === 'timeForChildren') continue;
    if (em.userDescends(ownerOf(f, np[s]), born)) continue;
    // (setns(time) sets time_for_children too, SETNS-6: only where the two are one)
    // (attempt initJoinOwnTfcs: unless the child makes that time_for_children itself, init-join-own-tfc.ts)
    if (s === 'time' && np.time !== np.timeForChildren && !ownTfcAfterHelper(f, np, born, (o, b) => em.userDescends(o, b))) return undefined;
    out.push(s);
    if (np[s] !== a.slots[s === 'time' ? 'timeForChildren' : s]) lacks = true;
  }
  return lacks || born !== a.userns ? out : undefined;
}

/**
 * The actor to fork the helper for the child of `spec` (see above), or undefined when the
 * construction does not apply.
 */
export function initJoinSource(f: Facts, em: Emitter, a: ActorState, spec: CloneSpec): { r: string; slots: Slot[]; born: string } | undefined {
  if (!f.initJoinHelpers || spec.thread || spec.newUser || spec.share.length > 0 || spec.tid <= 0) return undefined;
  const child = f.tasks.get(spec.tid);
  const proc = f.procs.get(spec.tid);
  if (!child || !proc || child.pid[0] !== child.tgid || !child.userns) return undefined;
  // (born in a's user ns, or in its own final one when that is above a's: ns-rights.ts bornUser)
  const born = em.userDescends(child.userns, a.userns) ? a.userns : child.userns;
  // (its image parent is the init of its pid ns, alive to take it: the creator itself, the
  // parent a CLONE_PARENT creator shares, or the one a creator's exit hands it to, EXIT-2)
  if (!initParentOf(f, child) || !em.has(`t${proc.parent}`)) return undefined;
  // (the helper's pid ns: the child's, or its parent for a child made with CLONE_NEWPID)
  const home = homeOf(f, spec);
  if (!home) return undefined;
  const slots = outsideSlots(f, em, a, spec.tid, born);
  if (!slots) return undefined;
  const pidOwner = ownerOf(f, f.pidns.get(home)?.ns.owner ?? f.rootUserNs);
  // (a pid ns the child makes is owned by the user ns the helper forks it from, OWN-1)
  // (attempt initJoinNewPidns: that pid ns's own owner, init-join-new-pidns.ts)
  if (spec.newPidns && newPidNsOwner(f, spec.pidns, ownerOf(f, f.pidns.get(spec.pidns)?.ns.owner ?? f.rootUserNs), (id) => ownerOf(f, id)) !== born) return undefined;
  const ownGroup = child.pgid[0] === child.pid[0];
  const leads = child.sid[0] === child.pid[0] && ownGroup;
  const np = f.nsproxy.get(child.nsproxy ?? '') ?? zombieNsOf(f, spec.tid);
  const fits = (name: string): boolean => {
    if (name === a.name || !em.has(name) || !em.hasCaps(name)) return false;
    const r = em.get(name);
    // (in C's pid ns or above it: SETNS-5 lets R point its pid_for_children there)
    if (r.euid !== a.euid || r.egid !== a.egid || (r.pidns !== home && !pidAbove(f, r.pidns, home))) return false;
    if (!em.userDescends(born, r.userns) || !em.userDescends(pidOwner, r.userns)) return false;
    const back = f.pidns.get(r.pfc)?.ns.owner;
    if (!em.userDescends(ownerOf(f, back ?? f.rootUserNs), r.userns)) return false;
    // (each one exists by now, with a member whose ns files R, and so H, may open, NSFD-1)
    return slots.every((s) => np !== undefined && em.userDescends(ownerOf(f, np[s]), r.userns) && em.joinable(name, s, np[s]));
  };
  // a task of the child's birth session and group (it is born in H's, which are R's)
  const sid = em.proc(a.name).sid;
  const pgid = em.proc(a.name).pgid;
  for (const t of f.image.tasks) {
    const name = `t${t.pid[0]}`;
    if (t.pid[0] !== t.tgid || !em.has(name)) continue;
    const ps = em.proc(name);
    // (the group only for a child that stays in it: one leading its own group makes it by setpgid later)
    if (ps.sid === sid && (ps.pgid === pgid || ownGroup) && fits(name)) return { r: name, slots, born };
  }
  // (attempt initJoinGroups: then one of its session in another group, the child joining its own itself, init-join-groups.ts)
  if (sourceInOtherGroup(f.initJoinGroups, proc)) for (const t of f.image.tasks) {
    const name = `t${t.pid[0]}`;
    if (t.pid[0] !== t.tgid || !em.has(name)) continue;
    if (em.proc(name).sid === sid && fits(name)) return { r: name, slots, born };
  }
  // the restorer, for a child that leads its own session and group
  if (leads && fits(ROOT_ACTOR)) return { r: ROOT_ACTOR, slots, born };
  return undefined;
}

/** The pid ns the helper lives in: the child's, or its parent when the child makes its own with CLONE_NEWPID. */
function homeOf(f: Facts, spec: CloneSpec): string | undefined {
  return spec.newPidns ? (f.pidns.get(spec.pidns)?.parent ?? undefined) : spec.pidns;
}

/** Fork the child of `spec` through a helper of `r` (see above). */
export function cloneThroughInitJoinHelper(f: Facts, em: Emitter, a: ActorState, spec: CloneSpec, r: string, slots: Slot[], born: string, name: string): void {
  const src = em.get(r);
  const back = src.pfc;
  const home = homeOf(f, spec)!;
  const vector = pickFreePids(f, home);
  em.pointPfc(r, home, `${name} must be born in pid ns ${home}, where ${spec.child}'s parent is the init (SETNS-5)`);
  em.clone({ actor: r, child: name, tid: -1, pidns: home, vector, thread: false, cloneParent: false, share: [], newPidns: false, why: `helper that forks ${spec.child} for ${a.name}, which is born in user ns ${born} without rights over some of ${spec.child}'s namespaces: it joins them, enters ${born} and forks ${spec.child}, then exits so ${spec.child} reparents to the init of its pid ns (SETNS-7, EXIT-2)` });
  const h = em.get(name);
  em.pointPfc(r, back, `${r} points its pid_for_children back (SETNS-5)`);
  const t = f.tasks.get(spec.tid)!;
  const np = f.nsproxy.get(t.nsproxy ?? '') ?? zombieNsOf(f, spec.tid);
  if (np) for (const s of slots) em.join(name, s, np[s], `${name} joins ${np[s]} for ${spec.child}, which is born in ${born} without rights over it and can only inherit it (SETNS-7)`);
  em.joinUser(name, born, `${name} enters user ns ${born}, where ${spec.child} is born (SETNS-4)`);
  const init = `t${f.procs.get(spec.tid)!.parent}`;
  em.clone({ ...spec, actor: name, cloneParent: false, why: `${spec.why}; forked by helper ${name}, whose exit hands it to ${init} (EXIT-2)` });
  em.exit(name, { code: 0, group: true }, `helper ${name} is done; ${spec.child} reparents to ${init}, the init of its pid ns (EXIT-2)`);
  em.reap(r, h, `reap ${name} so no helper is left behind (EXIT-6)`);
}

/**
 * Build edges for the variant: the namespaces the helper joins for the init's child t (those
 * owned outside the user ns t is born in) exist before t's birth (SETNS-7). Only for a process
 * leader whose image parent is its pid ns's init. O(slots).
 */
export function initJoinEdges(ctx: BuildContext, t: Task): void {
  const { f, s, bornUser, ownedWithin } = ctx;
  if (!initParentOf(f, t)) return;
  const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : zombieNsOf(f, t.pid[0]);
  if (!np) return;
  const b = bornUser(actorOf(t.pid[0]));
  // (a zombie's birth needs name some slots only: zombieNsOf)
  for (const sl of SLOTS) if (sl !== 'timeForChildren' && np[sl] !== undefined && !ownedWithin(np[sl], b)) s.edge(`ns:${np[sl]}`, s.at('task', t.pid[0]), `${np[sl]} exists before a helper joins it for ${t.pid[0]}, born in ${b} under its pid ns's init (SETNS-7)`, 'SETNS-7');
}
