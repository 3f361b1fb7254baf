/**
 * The emitter: walks the scheduled steps in order and turns each into operations, tracking what
 * the kernel state will be (each actor's pid ns, pid_for_children, namespaces, credentials'
 * user ns, session and group). Tracking lets it emit the few setns calls a step needs (e.g. a
 * pid_for_children switch before creating a task in a descendant pid ns, SETNS-5) and pick a
 * live task to open a namespace file from. O(1) amortised per operation (indexes by namespace).
 */
import type { CloneFlag, NsFile, Op } from '../../executor/ops.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import { wantsPfcHelper } from './pfc-emit-helper.js';
import { cloneThroughInitJoinHelper, initJoinSource, initParentOf } from './init-join-helper.js';
import { pickFreePids } from './free-pids.js';
import { holdBareUser, wantsHolder, type UserHolders } from './user-holder.js';
import { keepUserOpen } from '../variants/user-ns-keeper.js';
import type { IdMapEntry, NsType } from '../../model/image.js';
import type { KernelProfile } from '../../kernel/profile.js';
import type { Facts } from '../facts/facts.js';
import { idInNs, kernelIdIn } from '../facts/ids.js';
import { restorerUid } from '../checks/unprivileged.js';
import { dumpableAgainOp } from '../variants/dump-after-switch.js';
import { ownerOnTheWay } from '../variants/init-on-the-way.js';
import { rootBeforeExec } from '../variants/exec-root.js';

export type Slot = 'uts' | 'ipc' | 'mnt' | 'net' | 'cgroup' | 'time' | 'timeForChildren';
export const SLOTS: Slot[] = ['mnt', 'uts', 'ipc', 'net', 'cgroup', 'time', 'timeForChildren'];

export class EmitError extends Error {
  /** the refused actor, where a re-plan may act on it (planner/creators/emit-choices.ts) */
  constructor(message: string, readonly culprits: number[] = [], readonly rule = 'PLANNER', readonly actor?: string) {
    super(message);
  }
  /** a join refused for want of an openable member (NSFD-1): the namespace (planner/graph/setids-ns-creators.ts) */
  nsfdNs?: string;
  /** a pid_for_children refused for want of an openable task in that pid ns (NSFD-1): the pid ns */
  nsfdPfc?: string;
}

interface ProcState { sid: number; pgid: number; threads: number }

export interface ActorState {
  name: string;
  alive: boolean;
  proc: string;
  pidns: string;
  pfc: string;
  userns: string;
  /** never mutated in place (shared between actors): replace it */
  slots: Readonly<Record<Slot, string>>;
  /** numbers per image level, outermost first; [] for an actor outside the image's levels */
  vector: number[];
  tid: number;
  /** the actor that is the parent at creation (CLONE_PARENT: the creator's parent) */
  parent?: string;
  /** effective uid and gid as kernel ids (planner/facts/ids.ts): the restorer's 0, copied at clone */
  euid: number;
  egid: number;
  /** tick of the emitter's clock at its creation, and at its last change of a slot or user ns (index order) */
  born?: number;
  moved?: Partial<Record<Slot | 'user', number>>;
}

const NEW_FLAG: Record<string, CloneFlag> = {
  uts: 'CLONE_NEWUTS', ipc: 'CLONE_NEWIPC', mnt: 'CLONE_NEWNS', net: 'CLONE_NEWNET', cgroup: 'CLONE_NEWCGROUP', time: 'CLONE_NEWTIME', user: 'CLONE_NEWUSER', pid: 'CLONE_NEWPID',
};

export class Emitter {
  readonly ops: Op[] = [];
  readonly actors = new Map<string, ActorState>();
  private readonly procs = new Map<string, ProcState>();
  /**
   * Live actors by namespace (per slot, by pid ns, by user ns), each set in the order its members
   * entered it: where pick() looks for a task to open a namespace file from. Most plans never
   * pick (everyone inherits what they need), so the indexes are built on first read, in
   * O(actors log actors), from each actor's clock ticks, and kept up to date from then on (O(1)
   * per change); until then a creation or a change only takes a tick.
   */
  private clock = 0;
  private bySlotIx?: Map<Slot, Map<string, Set<string>>>;
  private byPidnsIx?: Map<string, Set<string>>;
  private byUserIx?: Map<string, Set<string>>;
  private readonly setTid: boolean;
  private readonly legacy: boolean;

  constructor(readonly f: Facts, readonly profile: KernelProfile, rootSlots: Record<Slot, string>) {
    this.setTid = profile.features.has('set_tid') && profile.features.has('clone3');
    this.legacy = !profile.features.has('clone3');
    const root: ActorState = {
      name: ROOT_ACTOR, alive: true, proc: ROOT_ACTOR, pidns: f.hostPidNs, pfc: f.hostPidNs, userns: f.rootUserNs,
      slots: { ...rootSlots }, vector: f.rootPidNsExternal ? [1] : [], tid: 0, euid: restorerUid(profile), egid: restorerUid(profile),
    };
    this.procs.set(ROOT_ACTOR, { sid: 0, pgid: 0, threads: 1 });
    this.add(root);
    // an unprivileged restorer has no capability in its user ns; it has every capability in a
    // user ns it creates (its euid owns it, OWN-2), which clone's newUser handles
    if (!profile.privileged) this.noCaps.add(ROOT_ACTOR);
  }

  private index<K>(map: Map<K, Set<string>>, key: K): Set<string> {
    let s = map.get(key);
    if (!s) { s = new Set(); map.set(key, s); }
    return s;
  }
  /** live actors sorted by when they entered their current value of `what` (stable, ticks are unique) */
  private liveBy(what: Slot | 'user' | 'pidns'): ActorState[] {
    const live: ActorState[] = [];
    for (const a of this.actors.values()) if (a.alive) live.push(a);
    if (what === 'pidns') return live; // never changes: creation order is the actors map's
    const tick = (a: ActorState) => a.moved?.[what] ?? a.born!;
    return live.sort((x, y) => tick(x) - tick(y));
  }
  private slotIndex(): Map<Slot, Map<string, Set<string>>> {
    if (!this.bySlotIx) {
      const ix = new Map<Slot, Map<string, Set<string>>>();
      for (const s of SLOTS) {
        const byNs = new Map<string, Set<string>>();
        for (const a of this.liveBy(s)) this.index(byNs, a.slots[s]).add(a.name);
        ix.set(s, byNs);
      }
      this.bySlotIx = ix;
    }
    return this.bySlotIx;
  }
  private pidnsIndex(): Map<string, Set<string>> {
    if (!this.byPidnsIx) {
      const ix = new Map<string, Set<string>>();
      for (const a of this.liveBy('pidns')) this.index(ix, a.pidns).add(a.name);
      this.byPidnsIx = ix;
    }
    return this.byPidnsIx;
  }
  private userIndex(): Map<string, Set<string>> {
    if (!this.byUserIx) {
      const ix = new Map<string, Set<string>>();
      for (const a of this.liveBy('user')) this.index(ix, a.userns).add(a.name);
      this.byUserIx = ix;
    }
    return this.byUserIx;
  }
  private inSlot(s: Slot, ns: string): Set<string> | undefined {
    return this.slotIndex().get(s)!.get(ns);
  }
  /** the threads of each process, by process key: O(1) group exit per thread */
  private readonly members = new Map<string, ActorState[]>();
  private add(a: ActorState): void {
    a.born = ++this.clock;
    this.actors.set(a.name, a);
    let ms = this.members.get(a.proc);
    if (!ms) { ms = []; this.members.set(a.proc, ms); }
    ms.push(a);
    if (this.bySlotIx) for (const s of SLOTS) this.index(this.bySlotIx.get(s)!, a.slots[s]).add(a.name);
    if (this.byPidnsIx) this.index(this.byPidnsIx, a.pidns).add(a.name);
    if (this.byUserIx) this.index(this.byUserIx, a.userns).add(a.name);
    if (this.liveFs) this.countFs(a, 1);
  }
  private drop(a: ActorState): void {
    a.alive = false;
    if (this.bySlotIx) for (const s of SLOTS) this.bySlotIx.get(s)!.get(a.slots[s])?.delete(a.name);
    this.byPidnsIx?.get(a.pidns)?.delete(a.name);
    this.byUserIx?.get(a.userns)?.delete(a.name);
    if (this.liveFs) this.countFs(a, -1);
  }
  private setSlot(a: ActorState, s: Slot, ns: string): void {
    (a.moved ??= {})[s] = ++this.clock; // re-entering, even the same ns, puts it last (as Set delete + add did)
    const byNs = this.bySlotIx?.get(s);
    byNs?.get(a.slots[s])?.delete(a.name);
    a.slots = { ...a.slots, [s]: ns }; // copy on write: slots objects are shared between parent and child
    if (byNs) this.index(byNs, ns).add(a.name);
  }
  private setUser(a: ActorState, ns: string): void {
    (a.moved ??= {}).user = ++this.clock;
    this.byUserIx?.get(a.userns)?.delete(a.name);
    a.userns = ns;
    if (this.byUserIx) this.index(this.byUserIx, ns).add(a.name);
  }
  private pick(set: Set<string> | undefined, prefer?: string, by?: ActorState): string | undefined {
    if (!set) return undefined;
    if (prefer && set.has(prefer)) return prefer;
    if (by) {
      // opening /proc/<target>/ns/* needs ptrace read access (NSFD-1): the target's user ns must
      // be the opener's or below it (with capabilities), or the same process. First fit: O(1)
      // in the usual case where the first member qualifies.
      for (const x of set) {
        const t = this.actors.get(x)!;
        if (t.proc === by.proc) return x;
        // a non-dumpable target needs CAP_SYS_PTRACE in its mm's user ns, the restorer's here
        if (this.nonDumpable.has(t.proc) && !(by.userns === this.f.rootUserNs && !this.noCaps.has(by.name))) continue;
        if (this.userDescends(t.userns, by.userns) && !this.noCaps.has(by.name)) return x;
      }
      return undefined;
    }
    for (const x of set) return x;
    return undefined;
  }

  get(name: string): ActorState {
    const a = this.actors.get(name);
    if (!a || !a.alive) throw new EmitError(`actor ${name} is not alive when needed`, a ? [a.tid] : []);
    return a;
  }
  has(name: string): boolean {
    return this.actors.get(name)?.alive === true;
  }
  proc(name: string): ProcState {
    return this.procs.get(this.get(name).proc)!;
  }
  level(a: ActorState): number {
    return a.vector.length - 1;
  }

  emit(op: Op): void {
    this.ops.push(op);
  }

  /** Point the actor's pid_for_children at `ns` (SETNS-5: its active ns or a descendant). */
  private ensurePfc(a: ActorState, ns: string, why: string): void {
    if (a.pfc === ns) return;
    const owner = this.f.pidns.get(ns)?.ns.owner;
    const own = !owner || this.f.nsById.get(owner)?.external ? this.f.rootUserNs : owner;
    if (this.noCaps.has(a.name) || !this.userDescends(own, a.userns)) throw new EmitError(`${a.name} needs pid_for_children ${ns} but has no CAP_SYS_ADMIN over its owner ${own} (SETNS-5)`, [a.tid], 'SETNS-5');
    const target = ns === a.pidns ? a.name : this.pick(this.pidnsIndex().get(ns), undefined, a);
    if (!target) throw Object.assign(new EmitError(`no live task in pid namespace ${ns} whose ns files ${a.name} may open (NSFD-1, SETNS-5)`, [a.tid], 'SETNS-5'), { nsfdPfc: ns });
    this.emit({ op: 'setns', actor: a.name, target, file: 'pid', why });
    a.pfc = ns;
  }

  /**
   * A helper that moved down into the parent of user ns `born` to create task `tid` in it joins,
   * with the capabilities it now has there, the namespaces of the task owned by that parent or
   * below but not within `born`: the task could never join them itself (SETNS-3..7), only inherit
   * them. O(slots).
   */
  private helperJoinsFor(a: ActorState, tid: number, born: string): void {
    const t = this.f.tasks.get(tid);
    const np = t?.nsproxy ? this.f.nsproxy.get(t.nsproxy) : undefined;
    if (!np) return;
    for (const s of SLOTS) {
      // (the child's time ns is the helper's time_for_children, which setns(time) sets too)
      if (s === 'timeForChildren' || a.slots[s === 'time' ? 'timeForChildren' : s] === np[s]) continue;
      const def = this.f.nsById.get(np[s]);
      const owner = !def || def.external || !def.owner ? this.f.rootUserNs : def.owner;
      if (this.userDescends(owner, a.userns) && !this.userDescends(owner, born)) this.join(a.name, s, np[s], `${a.name} joins ${np[s]} for ${tid}, which is born in ${born} without rights over it and can only inherit it (SETNS-7)`);
    }
  }

  /**
   * Create a task. `vector` = pid numbers per image level (outermost first) or [] for automatic.
   * O(levels).
   */
  clone(spec: {
    actor: string; child: string; tid: number; pidns: string; vector: number[]; thread: boolean; cloneParent: boolean;
    share: CloneFlag[]; newPidns: boolean; why: string;
    /** create this user ns with the child (CLONE_NEWUSER): a pid ns owned by it needs its creator inside it (OWN-1, FORK-7) */
    newUser?: string;
  }): void {
    const a = this.get(spec.actor);
    if (this.actors.has(spec.child)) throw new EmitError(`actor ${spec.child} created twice`, [spec.tid]);
    // (variant initJoinHelpers: a pid-ns init's child forked by a helper holding what the init cannot give it, init-join-helper.ts)
    const ij = this.f.initJoinHelpers ? initJoinSource(this.f, this, a, spec) : undefined;
    if (ij) { cloneThroughInitJoinHelper(this.f, this, a, spec, ij.r, ij.slots, ij.born, `ijh${++this.initJoinHelperCount}`); return; }
    // (the build took such a child as born in its final user ns above a's, ns-rights.ts bornUser: only a helper gives it that)
    const cu = this.f.initJoinHelpers && spec.tid > 0 && !spec.thread && !spec.newUser ? this.f.tasks.get(spec.tid) : undefined;
    if (cu?.userns && !this.userDescends(cu.userns, a.userns) && initParentOf(this.f, cu)) throw new EmitError(`${spec.child} must end in user ns ${cu.userns} above ${a.name}'s ${a.userns}, and no helper can fork it for ${a.name} (SETNS-4)`, [spec.tid], 'SETNS-4');
    // (variant initsOnTheWay: the creator enters the new pid ns's owner on its way down first, init-on-the-way.ts)
    const way = spec.newPidns && !spec.thread ? ownerOnTheWay(this.f, spec.tid, a.tid) : undefined;
    if (way && a.userns !== way) this.enterUserDown(a.name, way, spec.pidns);
    if (spec.thread || spec.newPidns) {
      this.ensurePfc(a, a.pidns, 'threads and CLONE_NEWPID need pid_for_children = own pid ns (FORK-2, FORK-7, SETNS-5)');
      if (spec.newPidns) {
        const info = this.f.pidns.get(spec.pidns);
        const parentNs = info?.parent ?? this.f.hostPidNs;
        if (parentNs !== a.pidns) throw new EmitError(`${spec.actor} cannot create pid ns ${spec.pidns}: its parent ${parentNs} is not ${spec.actor}'s pid ns`, [spec.tid], 'FORK-7');
      }
    } else {
      // (variant pfcEmitHelpers: a child forked through a helper, so the creator's pid_for_children
      // stays on its own pid ns, which it could not set again later, pfc-emit-helper.ts)
      if (!spec.newUser && spec.share.length === 0 && a.name.startsWith('t') && (!spec.cloneParent || this.reaperOf(a) !== undefined) && wantsPfcHelper(this.f, (n, anc) => this.userDescends(n, anc), a, spec.pidns)) { this.cloneThroughPfcHelper(a, spec); return; }
      this.ensurePfc(a, spec.pidns, `the new task must be born in pid ns ${spec.pidns} (PID-1, SETNS-5)`);
    }
    const flags: CloneFlag[] = [];
    if (spec.thread) flags.push('CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM');
    if (spec.cloneParent) flags.push('CLONE_PARENT');
    for (const s of spec.share) if (!flags.includes(s)) flags.push(s);
    // a helper that moved down for an earlier child cannot give this one a user ns above (SETNS-4)
    // (variant helperJoinsFor: the forking helper joins for the child what it can only inherit, helper-joins-for.ts)
    const hj = a.name.startsWith('h') && !spec.thread ? this.helperJoinKids.get(spec.tid) : undefined;
    for (const id of hj ?? []) {
      const ty = this.f.nsById.get(id)?.type;
      if (ty === 'uts' || ty === 'ipc' || ty === 'mnt' || ty === 'net' || ty === 'cgroup') { if (a.slots[ty] !== id) this.join(a.name, ty, id, `${a.name} joins ${id} for ${spec.tid}, which cannot join it and must inherit it (SETNS-7)`); }
      else if (ty !== undefined) throw new EmitError(`${a.name} would join ${id} for ${spec.tid}, which it only does for uts, ipc, mnt, net and cgroup namespaces`, [spec.tid], 'SETNS-7');
    }
    const final = this.f.tasks.get(spec.tid)?.userns;
    if (!spec.newUser && !spec.thread && a.name.startsWith('h') && final && !this.userDescends(final, a.userns)) {
      throw new EmitError(`${spec.actor} is in user ns ${a.userns} when it creates ${spec.child}, which must end in ${final} above it`, [spec.tid], 'SETNS-4');
    }
    if (spec.newUser) {
      const parent = this.f.nsById.get(spec.newUser)?.parent ?? this.f.rootUserNs;
      // a helper (ghost, reparent helper) has no credentials of its own to keep: it moves down
      // to the new ns's parent (SETNS-4); its later children's numbers then come from
      // ns_last_pid where set_tid lacks the privilege (setTidFor)
      if (a.userns !== parent && a.name.startsWith('h') && this.userDescends(parent, a.userns)) {
        // (variant userKeepers: a bare parent with no member yet made on the way, user-ns-keeper.ts)
        if (this.f.userKeepers && !this.userIndex().get(parent)?.size) this.enterUserChain(a, parent, spec.newUser);
        else this.joinUser(a.name, parent, `${a.name} enters user ns ${parent} to create ${spec.newUser} with ${spec.child} (OWN-1, SETNS-4)`);
        this.helperJoinsFor(a, spec.tid, spec.newUser);
      } else if (a.userns === parent && this.joinHelpers.has(a.name)) this.helperJoinsFor(a, spec.tid, spec.newUser);
      // an image task on its way down to its own final user ns (at or below that parent) enters
      // it now (SETNS-4): the new user ns must be made from there (OWN-1), and it would pass
      // through it anyway (seed 1603: 9 ends in user:1, which it makes with its child 59 from user:3)
      const fin = this.f.tasks.get(a.tid)?.userns;
      if (a.userns !== parent && !a.name.startsWith('h') && a.tid > 0 && fin && this.userDescends(fin, parent) && this.userDescends(parent, a.userns)) this.enterUserChain(a, parent, spec.newUser);
      if (a.userns !== parent) throw new EmitError(`${spec.actor} must be in user ns ${parent} to create ${spec.newUser} with ${spec.child}`, [spec.tid], 'OWN-1');
      // the creator keeps working after this clone (set_tid, more children): it may change ids
      // only without losing its capabilities
      // the creator would lose the capabilities it still needs by taking the owner's uid: a
      // helper it forks takes the uid instead and forks the child with CLONE_PARENT (idHelper)
      // (a CLONE_PARENT child: the helper is forked with CLONE_PARENT too and a's parent reaps it)
      if (!spec.thread && (!spec.cloneParent || this.reaperOf(a) !== undefined) && spec.share.length === 0 && this.idSwitchLoses(a, spec.newUser)) { this.cloneThroughIdHelper(a, spec); return; }
      this.switchIdsFor(a, spec.newUser, false, spec.tid);
      flags.push('CLONE_NEWUSER');
      this.madeUsers.add(spec.newUser);
    }
    if (spec.newPidns) flags.push('CLONE_NEWPID');
    const op: Op = { op: 'clone', actor: a.name, child: spec.child, flags, why: spec.why + this.interimParentNote(a, spec) };
    if (spec.vector.length > 0) {
      if (this.setTid) {
        const setTid = this.setTidFor(a, spec.pidns, spec.vector, spec.tid, spec.newUser);
        if (setTid.length > 0) op.setTid = setTid;
      } else {
        this.nsLastPidFor(a, spec);
      }
    }
    if (this.legacy) op.legacy = true;
    else if (spec.thread || spec.cloneParent) op.exitSignal = 0;
    this.emit(op);
    const time = flags.includes('CLONE_VM') ? a.slots.time : a.slots.timeForChildren;
    const child: ActorState = {
      name: spec.child, alive: true, proc: spec.thread ? a.proc : spec.child, pidns: spec.pidns, pfc: spec.pidns,
      userns: a.userns,
      // shared with the creator while equal (setSlot copies on write): one object per actor was a
      // measurable share of the heap at 100k tasks
      slots: time === a.slots.time ? a.slots : { uts: a.slots.uts, ipc: a.slots.ipc, mnt: a.slots.mnt, net: a.slots.net, cgroup: a.slots.cgroup, time, timeForChildren: a.slots.timeForChildren },
      vector: spec.vector, tid: spec.tid, euid: a.euid, egid: a.egid,
      parent: spec.thread ? a.parent : spec.cloneParent ? this.parentNow(a) : a.name,
    };
    if (spec.newPidns) child.pfc = spec.pidns;
    if (spec.newUser) child.userns = spec.newUser;
    else if (this.noCaps.has(a.name)) this.noCaps.add(spec.child); // credentials are copied at fork
    if (!spec.thread && this.idTainted.has(a.proc)) { this.idTainted.add(spec.child); this.markNonDumpable(spec.child); }
    // fork copies the mm's dumpability (dup_mm keeps MMF_DUMPABLE): the child of a non-dumpable
    // process is non-dumpable too, until an execve resets it (seed 163 with setids: maker h8's
    // setns into a user ns its euid does not own made it non-dumpable, and its child init 140's
    // ns files were then refused to 20, NSFD-1.dumpable)
    else if (!spec.thread && this.nonDumpable.has(a.proc) && !this.dumpableAgain.has(a.proc)) { this.nonDumpable.add(spec.child); this.inheritedNonDumpable.add(spec.child); }
    if (spec.thread) this.procs.get(a.proc)!.threads += 1;
    else {
      const ps = this.procs.get(a.proc)!;
      this.procs.set(spec.child, { sid: ps.sid, pgid: ps.pgid, threads: 1 });
    }
    this.add(child);
    if (spec.newUser) this.writeMaps(child, spec.newUser, `uid/gid maps of user ns ${spec.newUser}, written once from its parent right after ${spec.child} created it (OWN-6)`);
  }

  /**
   * Without clone3 set_tid every number comes from the cursors: before the clone, one write to
   * ns_last_pid per level of the child, each by a task whose ACTIVE pid ns is that level's (the
   * file always refers to the writer's, PID-6) with CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over
   * its owner; the creator itself when it lives there. The innermost level of a new pid ns is 1
   * by itself (PID-8). alloc_pid then takes the first free number from each cursor (PID-2).
   * O(levels x writers tried).
   */
  private nsLastPidFor(a: ActorState, spec: { child: string; tid: number; pidns: string; vector: number[]; newPidns: boolean }): void {
    const childLevel = spec.vector.length - 1;
    for (let l = 0; l <= childLevel; l++) {
      if (spec.newPidns && l === childLevel) continue;
      let c = this.f.pidns.get(spec.pidns);
      while (c && c.level > l) c = c.parent ? this.f.pidns.get(c.parent) : undefined;
      const ns = c?.ns.id;
      const nsOwner = c?.ns.owner;
      const own = !nsOwner || this.f.nsById.get(nsOwner)?.external ? this.f.rootUserNs : nsOwner;
      const ok = (w: ActorState) => w.alive && w.pidns === ns && this.userDescends(own, w.userns) && !this.noCaps.has(w.name);
      let writer: string | undefined = ok(a) ? a.name : undefined;
      if (!writer && ns) for (const w of this.pidnsIndex().get(ns) ?? []) if (ok(this.actors.get(w)!)) { writer = w; break; }
      if (!writer) throw new EmitError(`without clone3 set_tid, ${spec.child}'s pid ${spec.vector[l]} in pid ns ${ns ?? `level ${l}`} can only come from that namespace's ns_last_pid, and no task living there with the capability over its owner is alive to write it (PID-6, FORK-9)`, [spec.tid], 'PID-6');
      this.emit({ op: 'write-ns-last-pid', actor: writer, value: spec.vector[l] - 1, why: `so that ${spec.child} gets pid ${spec.vector[l]} in pid ns ${ns} without set_tid (PID-6)` });
    }
  }

  private writeMaps(a: ActorState, ns: string, why: string): void {
    const def = this.f.nsById.get(ns)!;
    const parent = def.parent ?? this.f.rootUserNs;
    if ((def.uidMap?.length ?? 0) === 0 && (def.gidMap?.length ?? 0) === 0) return;
    // a map other than the owner's self-mapping needs CAP_SETUID/CAP_SETGID over the parent (OWN-6)
    const writers = this.userIndex().get(parent);
    let writer: string | undefined = parent === this.f.rootUserNs && writers?.has(ROOT_ACTOR) ? ROOT_ACTOR : undefined;
    if (!writer && writers) for (const w of writers) if (!this.noCaps.has(w)) { writer = w; break; }
    if (!writer) throw new EmitError(`nobody in user ns ${parent} is alive to write ${ns}'s id maps (OWN-6)`, [a.tid], 'OWN-6');
    this.emit({ op: 'write-idmap', actor: writer, target: a.name, uidMap: (def.uidMap ?? []) as IdMapEntry[], gidMap: (def.gidMap ?? []) as IdMapEntry[], why });
  }

  /** execve recomputes capabilities: kept only when the euid is the user ns's root (uid 0 there). */
  execve(actor: string, why: string): void {
    const a = this.get(actor);
    // (variant execRoot: a still privileged task takes its user ns's uid 0 first, exec-root.ts)
    const root = this.f.execRoot && !this.noCaps.has(actor) ? rootBeforeExec(this.f, actor, a.userns, a.euid, a.egid) : undefined;
    if (root) { this.emit(root.op); a.euid = root.euid; a.egid = root.egid; }
    this.emit({ op: 'execve', actor, why });
    // capabilities survive only when the euid is the user ns's root (cap_bprm_creds_from_file)
    let gains = false;
    if (kernelIdIn(this.f.nsById, a.userns, 0, 'uid') !== a.euid) this.noCaps.add(actor);
    // an exec that gives back capabilities makes the process non-dumpable (NSFD-1.dumpable)
    else if (this.noCaps.has(actor) && !this.fsSharedNow(a)) {
      this.noCaps.delete(actor);
      // (variant dumpable, dump-after-switch.ts: it makes itself dumpable again at once)
      if (this.f.dumpAfterSwitch) this.emit(dumpableAgainOp(actor, 'its execve, which gave back its capabilities,'));
      else { this.markNonDumpable(a.proc); gains = true; }
    }
    // any other exec gives the process a new, dumpable mm: one only inherited at fork is gone;
    // the others stay (conservatively) for its own ns files, not for its later children
    if (!gains && this.inheritedNonDumpable.delete(a.proc)) this.nonDumpable.delete(a.proc);
    else if (!gains && this.nonDumpable.has(a.proc)) this.dumpableAgain.add(a.proc);
    if (a.slots.time !== a.slots.timeForChildren) this.setSlot(a, 'time', a.slots.timeForChildren);
  }

  /**
   * Before `a` creates user ns `ns` (from its parent, where `a` is): the new ns is owned by the
   * creator's euid and needs its euid and egid mapped in the parent (OWN-1, UNSH-3). When they do
   * not fit, a `setresuid` op switches them: uid = the image's owner uid (seen from the parent; when
   * the image does not know it, the current uid if mapped there, else the parent's uid 0);
   * gid = the kernel gid that is group 0 of the new ns (so its members can create user namespaces
   * in turn), else the same number as the uid, else the current one. Needs CAP_SETUID/CAP_SETGID
   * in the parent (CRED-1, CRED-2). Leaving the parent's uid 0 drops every capability there: only
   * allowed when `mayLoseCaps` (the actor moves into the new ns at once, which gives them back).
   */
  private switchIdsFor(a: ActorState, ns: string, mayLoseCaps: boolean, tid: number): void {
    const ids = this.f.nsById;
    const def = ids.get(ns)!;
    const parent = def.parent ?? this.f.rootUserNs;
    const owner = def.ownerUid ?? null;
    // an unknown owner (e.g. a CRIU import) takes any creator whose euid the parent maps
    const keep = idInNs(ids, parent, a.euid, 'uid') !== null ? a.euid : kernelIdIn(ids, parent, 0, 'uid');
    const want = owner === null ? keep : kernelIdIn(ids, parent, owner, 'uid');
    if (want === null) throw new EmitError(owner === null ? `${a.name} has no uid mapped in user ns ${parent} to create ${ns} with (UNSH-3)` : `user ns ${ns}'s owner uid ${owner} has no mapping in its parent ${parent}, so no creator could have had it (UNSH-3)`, [tid], 'UNSH-3');
    const gidOk = (g: number | null): g is number => g !== null && idInNs(ids, parent, g, 'gid') !== null;
    if (a.euid === want && gidOk(a.egid)) return;
    const uid = idInNs(ids, parent, want, 'uid');
    const candidates = [(def.gidMap?.length ?? 0) > 0 ? kernelIdIn(ids, ns, 0, 'gid') : null, uid === null ? null : kernelIdIn(ids, parent, uid, 'gid'), a.egid];
    const kgid = candidates.find(gidOk);
    if (uid === null || kgid === undefined) throw new EmitError(`${a.name} has no uid/gid mapped in user ns ${parent} to create ${ns} with (UNSH-3)`, [tid], 'UNSH-3');
    if (this.noCaps.has(a.name)) throw new EmitError(`${a.name} must switch to uid ${uid} in ${parent} to create user ns ${ns} (owned by that uid) but has no CAP_SETUID there (CRED-2, OWN-1)`, [tid], 'CRED-2');
    const root = kernelIdIn(ids, parent, 0, 'uid');
    const loses = a.euid === root && want !== root;
    if (loses && !mayLoseCaps) throw new EmitError(`${a.name} would have to leave uid 0 of ${parent} (and its capabilities, which it still needs to create pids) to create user ns ${ns}, owned by uid ${uid} (CRED-2, OWN-1; not planned yet)`, [tid], 'CRED-2');
    this.emit({ op: 'setresuid', actor: a.name, uid, gid: idInNs(ids, parent, kgid, 'gid')!, why: `user ns ${ns} is owned by uid ${uid} of ${parent}: its creator takes that uid first (OWN-1, UNSH-3, CRED-2)` });
    a.euid = want;
    a.egid = kgid;
    if (loses) this.noCaps.add(a.name);
  }
  private readonly noCaps = new Set<string>();
  /** helpers of shape 'join' (pfc-helper.ts): already in the new user ns's parent, they still join for their child what it cannot (helperJoinsFor) */
  readonly joinHelpers = new Set<string>();

  /** Would `a` leave the root uid of its user ns (and its capabilities) to create user ns `ns` (switchIdsFor)? O(depth). */
  private idSwitchLoses(a: ActorState, ns: string): boolean {
    if (this.noCaps.has(a.name)) return false;
    const ids = this.f.nsById;
    const def = ids.get(ns);
    if (!def || def.ownerUid === undefined) return false;
    const parent = def.parent ?? this.f.rootUserNs;
    const want = kernelIdIn(ids, parent, def.ownerUid, 'uid');
    const root = kernelIdIn(ids, parent, 0, 'uid');
    return want !== null && a.euid === root && want !== root;
  }

  /**
   * A creator that must keep its capabilities (it still creates tasks, joins namespaces) cannot
   * take the non-root uid that owns the user ns it creates with a child (OWN-1: the owner is the
   * creator's euid; CRED-2: leaving uid 0 drops every capability, for good in this op
   * vocabulary, where real = effective = saved ids). So it forks a short-lived helper with free
   * pid numbers (set_tid while privileged, FORK-9) in its own pid ns, which points its
   * pid_for_children where the child goes while still privileged (SETNS-5), takes the owner's
   * uid (setresuid, CRED-1/2) and forks the child with CLONE_PARENT|CLONE_NEWUSER: the child's
   * parent is the creator (FORK-3), its session and group the creator's; the helper then exits
   * and the creator reaps it (EXIT-6). A child the creator forks with CLONE_PARENT (its parent
   * is the creator's parent): the helper is forked with CLONE_PARENT too, and that parent reaps it
   * (setids seed 32: helper h1 forks t54 for t24). The child's outer pid numbers, which the helper
   * has no capability for, come from ns_last_pid (setTidFor). O(levels).
   */
  private cloneThroughIdHelper(a: ActorState, spec: Parameters<Emitter['clone']>[0]): void {
    const vector = this.freeHelperVector(a);
    if (!vector) throw new EmitError(`${a.name} must take uid of ${spec.newUser}'s owner to create it with ${spec.child} but would lose its capabilities, and no helper fits its pid ns (CRED-2, OWN-1)`, [spec.tid], 'CRED-2');
    const name = `idh${++this.idHelpers}`;
    // (a child a forks with CLONE_PARENT: the helper is forked with it too, and a's parent reaps it)
    const reaper = spec.cloneParent ? this.reaperOf(a)! : a.name;
    this.clone({ actor: a.name, child: name, tid: spec.tid, pidns: a.pidns, vector, thread: false, cloneParent: spec.cloneParent, share: [], newPidns: false, why: `helper that takes the uid owning ${spec.newUser} for ${a.name}, which still needs its capabilities (OWN-1, CRED-2)` });
    const h = this.get(name);
    if (!spec.newPidns) this.ensurePfc(h, spec.pidns, `${spec.child} must be born in pid ns ${spec.pidns}; set while the helper is still privileged (SETNS-5)`);
    this.switchIdsFor(h, spec.newUser!, true, spec.tid);
    this.clone({ ...spec, actor: name, cloneParent: true, why: `${spec.why}; forked by helper ${name} with the owner's uid and CLONE_PARENT, so its parent is ${reaper} (OWN-1, FORK-3)` });
    // (its setresuid made the helper's mm non-dumpable, and fork copies that: the child and what
    // it forks refuse ptrace access, so their ns files, to all but the restorer, NSFD-1.dumpable)
    // (variant dumpable, dump-after-switch.ts: the setresuid op ends with PR_SET_DUMPABLE 1, so not)
    if (!this.f.dumpAfterSwitch) {
      this.markNonDumpable(spec.child);
      this.idTainted.add(spec.child);
    }
    this.exit(name, { code: 0, group: true }, `helper ${name} is done`);
    this.reap(reaper, h, `reap ${name} so no helper is left behind (EXIT-6)`);
  }
  private idHelpers = 0;
  /**
   * Free pid numbers, outermost level first, for a short-lived helper forked in a's pid ns (id
   * and pfc helpers, free-pids.ts). [] when a is the restorer (no numbers of its own to pick);
   * undefined when a's levels do not match its pid ns chain.
   */
  private freeHelperVector(a: ActorState): number[] | undefined {
    if (a.vector.length === 0) return [];
    return pickFreePids(this.f, a.pidns, a.vector.length);
  }
  /** The pfc-emit-helper.ts construction: a helper points its pid_for_children at the child's pid ns and forks it with CLONE_PARENT. */
  private cloneThroughPfcHelper(a: ActorState, spec: Parameters<Emitter['clone']>[0]): void {
    const vector = this.freeHelperVector(a);
    if (!vector) throw new EmitError(`${a.name} needs pid_for_children ${spec.pidns} for ${spec.child} and could not set its own back, and no helper fits its pid ns (SETNS-5)`, [spec.tid], 'SETNS-5');
    const name = `pfch${++this.pfcHelperCount}`;
    // (a child a forks with CLONE_PARENT: the helper is forked with it too, and a's parent reaps it)
    const reaper = spec.cloneParent ? this.reaperOf(a)! : a.name;
    this.clone({ actor: a.name, child: name, tid: -1, pidns: a.pidns, vector, thread: false, cloneParent: spec.cloneParent, share: [], newPidns: false, why: `helper that forks ${spec.child} into pid ns ${spec.pidns} for ${a.name}, whose pid_for_children stays on its own pid ns (it could not set it back later, SETNS-5)` });
    const h = this.get(name);
    this.ensurePfc(h, spec.pidns, `${spec.child} must be born in pid ns ${spec.pidns} (PID-1, SETNS-5)`);
    this.clone({ ...spec, actor: name, cloneParent: true, why: `${spec.why}; forked by helper ${name} with CLONE_PARENT, so its parent is ${spec.cloneParent ? reaper : a.name} (FORK-3)` });
    this.exit(name, { code: 0, group: true }, `helper ${name} is done`);
    this.reap(reaper, h, `reap ${name} so no helper is left behind (EXIT-6)`);
  }
  /** The live actor that is a's parent now (which reaps a helper a forks with CLONE_PARENT), if any. */
  private reaperOf(a: ActorState): string | undefined {
    const p = this.parentNow(a);
    return p !== undefined && this.actors.get(p)?.alive ? p : undefined;
  }
  private pfcHelperCount = 0;
  private initJoinHelperCount = 0;
  /** Point actor `name`'s pid_for_children at `ns` (ensurePfc, SETNS-5), for init-join-helper.ts. */
  pointPfc(name: string, ns: string, why: string): void { this.ensurePfc(this.get(name), ns, why); }
  /** Has namespace `ns` (slot `s`) a live member whose ns files actor `by` may open now (NSFD-1)? For init-join-helper.ts. */
  joinable(by: string, s: Slot, ns: string): boolean {
    const a = this.get(by);
    return this.pick(this.inSlot(s, ns), undefined, a) !== undefined || (s === 'time' && this.pick(this.inSlot('timeForChildren', ns), undefined, a) !== undefined);
  }
  /** processes forked (transitively) from an id helper's child: non-dumpable from birth (cloneThroughIdHelper) */
  private readonly idTainted = new Set<string>();

  /** set_tid innermost first; levels whose owner the creator has no caps in get ns_last_pid (FORK-9, OWN-6). */
  private setTidFor(a: ActorState, pidns: string, vector: number[], tid: number, newUser?: string): number[] {
    const rev = vector.slice().reverse();
    if (a.userns === this.f.rootUserNs && !this.noCaps.has(a.name)) return rev;
    // levels innermost first: count those owned by the creator's user ns or its descendants
    const owners: (string | null | undefined)[] = [];
    let cur = this.f.pidns.get(pidns);
    while (cur) { owners.push(cur.ns.owner); cur = cur.parent ? this.f.pidns.get(cur.parent) : undefined; }
    let k = 0;
    // the creator's euid owns a user ns it creates in this very clone: it has every capability
    // over the pid ns that ns owns (OWN-2), even without capabilities of its own
    const capable = (owner: string) => (!this.noCaps.has(a.name) && this.userDescends(owner, a.userns)) || (newUser !== undefined && owner === newUser);
    while (k < rev.length && owners[k] && capable(owners[k]!)) k++;
    if (k === rev.length) return rev;
    // the first task of a pid ns the creator unshared gets 1 there by itself (PID-8): no writer
    const fresh = k === 0 && rev[0] === 1 && pidns !== a.pidns && !this.pidnsIndex().get(pidns)?.size;
    // outer levels: a privileged writer in each of those namespaces sets ns_last_pid
    for (let i = rev.length - 1; i >= (fresh ? 1 : k); i--) {
      const lvl = rev.length - 1 - i;
      let ns: string | undefined = pidns;
      let c = this.f.pidns.get(pidns);
      while (c && c.level > lvl) { c = c.parent ? this.f.pidns.get(c.parent) : undefined; ns = c?.ns.id; }
      const writers = ns ? this.pidnsIndex().get(ns) : undefined;
      let writer: string | undefined;
      // PID-6: CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over the owner of that pid ns
      const nsOwner = ns ? this.f.pidns.get(ns)?.ns.owner : undefined;
      const own = !nsOwner || this.f.nsById.get(nsOwner)?.external ? this.f.rootUserNs : nsOwner;
      if (writers) for (const w of writers) { const wa = this.actors.get(w)!; if (this.userDescends(own, wa.userns) && !this.noCaps.has(w) && !this.stoppedOrDead(w)) { writer = w; break; } }
      if (!writer && ns) { this.lastPidByForkedWriter(ns, rev[i] - 1, tid); continue; }
      if (!writer) throw new EmitError(`set_tid level ${lvl} of task ${tid} needs capabilities in the owner of pid ns ${ns}, and no privileged task lives there to write ns_last_pid (FORK-9, OWN-6)`, [tid], 'FORK-9');
      this.emit({ op: 'write-ns-last-pid', actor: writer, value: rev[i] - 1, why: `task ${tid}'s creator has no capability over pid ns ${ns}; ns_last_pid gives it pid ${rev[i]} there (PID-6, OWN-6)` });
    }
    return rev.slice(0, k);
  }

  /**
   * ns_last_pid of pid ns `ns` when no privileged task lives there (PID-6: the file is always the
   * writer's ACTIVE pid ns, so nobody can write it from outside): a privileged restorer (root of
   * the init user ns: every capability over every user ns below it) forks a short-lived writer
   * into `ns` through pid_for_children (SETNS-5), giving it free numbers by set_tid at every level
   * (so no image level's cursor moves, FORK-9), lets it write the cursor, then reaps it so its
   * numbers are free again (EXIT-6). Throws the FORK-9 error when the restorer cannot. O(levels).
   */
  private lastPidByForkedWriter(ns: string, value: number, tid: number): void {
    const root = this.actors.get(ROOT_ACTOR);
    const info = this.f.pidns.get(ns);
    const fail = () => new EmitError(`set_tid of task ${tid} needs capabilities in the owner of pid ns ${ns}, and neither a privileged task living there nor the restorer can write its ns_last_pid (FORK-9, OWN-6, PID-6)`, [tid], 'FORK-9');
    if (!root?.alive || this.noCaps.has(ROOT_ACTOR) || root.userns !== this.f.rootUserNs || !info || !this.pidnsIndex().get(ns)?.size) throw fail();
    // free numbers per level, outermost first, kept out of the image's (and other helpers') forever
    const vector = pickFreePids(this.f, ns);
    const name = `lastpid${++this.lastPidWriters}`;
    this.clone({ actor: ROOT_ACTOR, child: name, tid, pidns: ns, vector, thread: false, cloneParent: false, share: [], newPidns: false, why: `writer of pid ns ${ns}'s ns_last_pid: no task living there has the capability over its owner (PID-6, OWN-6)` });
    this.emit({ op: 'write-ns-last-pid', actor: name, value, why: `task ${tid}'s creator has no capability over pid ns ${ns}; ns_last_pid gives it pid ${value + 1} there (PID-6, OWN-6)` });
    const st = this.get(name);
    this.exit(name, { code: 0, group: true }, `ns_last_pid writer ${name} is done`);
    this.reap(ROOT_ACTOR, st, `reap ${name} so its numbers are free again and no helper is left behind (EXIT-6)`);
  }
  private lastPidWriters = 0;

  private stoppedOrDead(w: string): boolean {
    return !this.actors.get(w)?.alive;
  }

  userDescends(ns: string, anc: string): boolean {
    let cur: string | null | undefined = ns;
    while (cur) {
      if (cur === anc) return true;
      cur = this.f.nsById.get(cur)?.parent;
    }
    return false;
  }

  setsid(actor: string, sid: number, why: string): void {
    const ps = this.proc(actor);
    this.emit({ op: 'setsid', actor, why });
    ps.sid = sid;
    ps.pgid = sid;
  }

  /** setpgid(0, G) by the actor itself (PGID-2); vec = the group's numbers per level. */
  setpgid(actor: string, group: number, vec: number[], own: boolean, why: string): void {
    const a = this.get(actor);
    const ps = this.proc(actor);
    if (ps.pgid === group) return;
    if (own) {
      this.emit({ op: 'setpgid', actor, pid: 0, pgid: 0, why });
    } else {
      const n = vec[this.level(a)];
      if (n === undefined || n === 0) throw new EmitError(`group ${group} has no number in ${actor}'s pid namespace, so ${actor} cannot join it (PGID-2, PID-4)`, [a.tid], 'PGID-2');
      this.emit({ op: 'setpgid', actor, pid: 0, pgid: n, why });
    }
    ps.pgid = group;
  }

  /**
   * setpgid(child, G) by its parent, from the parent's pid ns where both have numbers (PGID-1,
   * PGID-2, planner/creators/parent-group.ts); the child must be the parent's child now: its parent at
   * creation, or a helper that has exited and whose orphan went back to this parent.
   */
  setpgidOfChild(parent: string, child: string, group: number, vec: number[], why: string): void {
    const p = this.get(parent);
    const c = this.get(child);
    const ps = this.proc(child);
    if (ps.pgid === group) return;
    const lvl = this.level(p);
    const n = vec[lvl];
    const pid = c.vector[lvl];
    if (n === undefined || n === 0 || pid === undefined) throw new EmitError(`group ${group} or ${child} has no number in ${parent}'s pid namespace, so ${parent} cannot move ${child} there (PGID-2, PID-4)`, [c.tid], 'PGID-2');
    const born = c.parent !== undefined ? this.actors.get(c.parent) : undefined;
    if (!born || (born.alive ? born.proc !== p.proc : !born.name.startsWith('h'))) throw new EmitError(`${child} is not ${parent}'s child when ${parent} would move it into group ${group} (PGID-2)`, [c.tid], 'PGID-2');
    this.emit({ op: 'setpgid', actor: parent, pid, pgid: n, why });
    ps.pgid = group;
  }

  /**
   * setpgid(child, G) by the child's parent right after the fork (PGID-2 step 3: a child of the
   * caller, in its session, before its execve); both numbers in the parent's active pid ns.
   */
  moveChild(actor: string, child: string, group: number, vec: number[], why: string): void {
    const a = this.get(actor);
    const c = this.get(child);
    const ps = this.proc(child);
    if (ps.pgid === group) return;
    // (a child of any thread of the caller's process, PGID-2)
    if (c.parent === undefined || this.actors.get(c.parent)?.proc !== a.proc) throw new EmitError(`${actor} must move ${child} into group ${group} but is not its parent (PGID-2)`, [c.tid], 'PGID-2');
    if (this.proc(actor).sid !== ps.sid) throw new EmitError(`${actor} must move ${child} into group ${group} but is in another session (PGID-2)`, [c.tid], 'PGID-2');
    const l = this.level(a);
    const pid = l >= 0 ? c.vector[l] : undefined;
    const n = l >= 0 ? vec[l] : undefined;
    if (!pid || !n) throw new EmitError(`group ${group} or ${child} has no number in ${actor}'s pid namespace, so ${actor} cannot move ${child} into it (PGID-2, PID-4)`, [c.tid], 'PGID-2');
    this.emit({ op: 'setpgid', actor, pid, pgid: n, why });
    ps.pgid = group;
  }

  curGroup(actor: string): number {
    return this.proc(actor).pgid;
  }

  /** Join namespace `ns` in slot `s` by setns on a live member (SETNS-3..7). */
  join(actor: string, s: Slot, ns: string, why: string): void {
    const a = this.get(actor);
    if (a.slots[s] === ns) return;
    if (s === 'timeForChildren') {
      if (a.slots.time === ns) {
        if (this.proc(actor).threads > 1) throw new EmitError(`${actor} must reset its time_for_children but is multithreaded (SETNS-6: EUSERS)`, [a.tid], 'SETNS-6');
        this.emit({ op: 'setns', actor, target: actor, file: 'time', why });
        this.setSlot(a, 'timeForChildren', ns);
        return;
      }
      throw new EmitError(`${actor} needs time_for_children ${ns} different from its time ns; only its own unshare(CLONE_NEWTIME) can give that (UNSH-6)`, [a.tid], 'UNSH-6');
    }
    if (s === 'time') {
      this.checkJoinRights(a, ns, 'SETNS-6');
      let target = this.pick(this.inSlot('time', ns), undefined, a);
      let file: NsFile = 'time';
      if (!target) { target = this.pick(this.inSlot('timeForChildren', ns), actor, a); file = 'time_for_children'; }
      if (!target) throw Object.assign(new EmitError(`time namespace ${ns} has no live member when ${actor} must join it`, [a.tid], 'SETNS-6'), { nsfdNs: ns });
      if (this.proc(actor).threads > 1) throw new EmitError(`${actor} must join time ns ${ns} but is multithreaded (SETNS-6: EUSERS)`, [a.tid], 'SETNS-6');
      this.emit({ op: 'setns', actor, target, file, why });
      this.setSlot(a, 'time', ns);
      this.setSlot(a, 'timeForChildren', ns);
      return;
    }
    this.checkJoinRights(a, ns, s === 'mnt' ? 'SETNS-3' : 'SETNS-7');
    const target = this.pick(this.inSlot(s, ns), undefined, a);
    if (!target) throw Object.assign(new EmitError(`${s} namespace ${ns} has no live member whose ns files ${actor} may open when it must join it (NSFD-1)`, [a.tid], 'SETNS-7'), { nsfdNs: ns });
    if (s === 'mnt' && this.fsSharedNow(a)) throw new EmitError(`${actor} must join mount ns ${ns} but shares its fs_struct with other threads (SETNS-3)`, [a.tid], 'SETNS-3');
    this.emit({ op: 'setns', actor, target, file: s as NsFile, why });
    this.setSlot(a, s, ns);
  }

  enterOwnTimeForChildren(actor: string, why: string): void {
    const a = this.get(actor);
    if (this.proc(actor).threads > 1) throw new EmitError(`${actor} must enter its new time ns but is multithreaded (SETNS-6: EUSERS)`, [a.tid], 'SETNS-6');
    this.emit({ op: 'setns', actor, target: actor, file: 'time_for_children', why });
    this.setSlot(a, 'time', a.slots.timeForChildren);
  }

  /** Does the actor's image fs_struct have other users (threads or CLONE_FS processes)? */
  fsShared(a: ActorState): boolean {
    const fs = this.effFs(a.tid);
    if (fs === null) return false; // released (zombie): nothing shared
    return (this.fsCount.get(fs) ?? 0) > 1;
  }
  /**
   * Dead leaders that held an fs_struct of their own, first holder of what their children share
   * (planner/graph/dead-leader-first-holder.ts): their threads took copies, so it is not theirs.
   * Set by build.ts before any question (the caches below read it).
   */
  readonly deadOwnFs = new Map<number, string>();
  /** (variant helperJoinsFor) children whose forking helper joins these namespaces for them first (helper-joins-for.ts) */
  readonly helperJoinKids = new Map<number, string[]>();
  /** image fs_struct of a task; a dead leader shared its threads' while it lived */
  private effFs(tid: number): string | null {
    const t = this.f.tasks.get(tid);
    if (!t) return null;
    const own = this.deadOwnFs.get(tid);
    if (own !== undefined) return own;
    if (t.state === 'dead') return this.f.procs.get(t.tgid)?.threads.find((x) => x.fs !== null)?.fs ?? null;
    return t.fs;
  }
  /**
   * Is the actor's fs_struct shared right now with another live task (SETNS-3/4)? Live actors are
   * counted per image fs_struct from the first question on: O(actors) once, then O(1).
   */
  fsSharedNow(a: ActorState): boolean {
    if (!this.fsShared(a)) return false;
    if (!this.liveFs) {
      this.liveFs = new Map();
      for (const x of this.actors.values()) if (x.alive) this.countFs(x, 1);
    }
    // a itself is live and counted: another live task holds it when the count exceeds one
    return (this.liveFs.get(this.effFs(a.tid)!) ?? 0) > 1;
  }
  private liveFs?: Map<string, number>;
  private countFs(x: ActorState, d: number): void {
    const fs = this.effFs(x.tid);
    if (fs !== null) this.liveFs!.set(fs, (this.liveFs!.get(fs) ?? 0) + d);
  }
  private fsCountCache?: Map<string, number>;
  private get fsCount(): Map<string, number> {
    if (!this.fsCountCache) {
      this.fsCountCache = new Map();
      for (const t of this.f.image.tasks) {
        const fs = this.effFs(t.pid[0]);
        if (fs !== null) this.fsCountCache.set(fs, (this.fsCountCache.get(fs) ?? 0) + 1);
      }
    }
    return this.fsCountCache;
  }

  /** setns needs CAP_SYS_ADMIN over the namespace's owner: its user ns must be the actor's or below (OWN-2). */
  private checkJoinRights(a: ActorState, ns: string, rule: string): void {
    const def = this.f.nsById.get(ns);
    const owner = !def || def.external || !def.owner ? this.f.rootUserNs : def.owner;
    if (!this.userDescends(owner, a.userns)) {
      throw new EmitError(`${a.name} must enter ${def?.type ?? ''} ns ${ns} but its credentials are in user ns ${a.userns}, which has no rights over ${ns}'s owner ${owner}; no order of this plan lets it join earlier`, [a.tid], rule, a.name);
    }
  }

  joinUser(actor: string, ns: string, why: string): void {
    const a = this.get(actor);
    if (a.userns === ns) return;
    if (!this.userDescends(ns, a.userns)) throw new EmitError(`${actor} must enter user ns ${ns}, which is not below its current user ns ${a.userns} (SETNS-4)`, [a.tid], 'SETNS-4');
    const target = this.pick(this.userIndex().get(ns), undefined, a);
    if (!target) throw new EmitError(`user namespace ${ns} has no live member whose ns files ${actor} may open when it must join it (NSFD-1)`, [a.tid], 'SETNS-4');
    if (this.proc(actor).threads > 1) throw new EmitError(`${actor} must enter user ns ${ns} but is multithreaded (SETNS-4)`, [a.tid], 'SETNS-4');
    if (this.fsSharedNow(a)) throw new EmitError(`${actor} must enter user ns ${ns} but shares its fs_struct (CLONE_FS) with another task (SETNS-4)`, [a.tid], 'SETNS-4');
    // (variant userKeepers: a holder keeps the user ns it leaves open for members still to enter it, user-ns-keeper.ts)
    if (this.f.userKeepers) keepUserOpen(this, this.f, this.userHolders, a.userns, [actor], this.userIndex().get(a.userns));
    this.emit({ op: 'setns', actor, target, file: 'user', why });
    // commit_creds: capabilities in a user ns that is not below one the actor's euid owns are
    // not a subset of the old ones (cred_cap_issubset), so the process becomes non-dumpable and
    // its ns files can then be opened only with CAP_SYS_PTRACE over its mm (NSFD-1.dumpable)
    if (!this.ownedOnTheWay(ns, a.userns, a.euid)) {
      // (variant dumpable, dump-after-switch.ts: it makes itself dumpable again at once)
      if (this.f.dumpAfterSwitch) this.emit(dumpableAgainOp(actor, `its setns into user ns ${ns}, not owned by its euid,`));
      else this.markNonDumpable(a.proc);
    }
    this.setUser(a, ns);
    this.noCaps.delete(actor); // setns(user) gives the full set in the new ns (SETNS-4)
  }

  /**
   * Move `a` down to user ns `parent` to create `ns` there (OWN-1). A user ns on the way that
   * the image holds no task in and that owns nothing (only a parent of others, like the one
   * a process unshared and then left by unsharing again) has nobody to create it: `a` creates it
   * itself on its way, by unshare (its members had done just that, UNSH-3). Any other is joined
   * (SETNS-4). O(depth).
   */
  private enterUserChain(a: ActorState, parent: string, ns: string): void {
    const chain: string[] = [];
    for (let c: string | null | undefined = parent; c && c !== a.userns; c = this.f.nsById.get(c)?.parent) chain.unshift(c);
    for (const u of chain) {
      if (this.bare().has(u) && !this.madeUsers.has(u) && !this.userIndex().get(u)?.size) {
        // (variant userHolders: one with several child user namespaces is made by a holder that
        // stays in it, and joined through it, user-holder.ts)
        if (this.f.userHolders && wantsHolder(this.f, u) && holdBareUser(this, this.f, this.userHolders, u)) {
          this.joinUser(a.name, u, `user ns ${ns} must be created from its parent ${parent} (OWN-1, SETNS-4); ${u} is joined through its holder`);
          continue;
        }
        this.create(a.name, 'user', u, `user ns ${u} holds no task and owns nothing but user namespaces below it: ${a.name} creates it on its way to ${ns} (UNSH-3, OWN-1)`);
      } else this.joinUser(a.name, u, `user ns ${ns} must be created from its parent ${parent} (OWN-1, SETNS-4)`);
    }
  }
  /** holders of bare user namespaces (variant userHolders, user-holder.ts), released at the end of the plan */
  readonly userHolders: UserHolders = new Map();
  /** Does actor hold its capabilities (no execve dropped them)? */
  hasCaps(actor: string): boolean { return !this.noCaps.has(actor); }
  /** user namespaces that the image has no task in and that own no other namespace (built on first use) */
  private bare(): ReadonlySet<string> {
    if (!this.bareUsers) {
      const used = new Set<string>();
      for (const t of this.f.image.tasks) used.add(t.userns);
      for (const n of this.f.image.namespaces) if (n.type !== 'user' && n.owner) used.add(n.owner);
      this.bareUsers = new Set(this.f.image.namespaces.filter((n) => n.type === 'user' && !n.external && !used.has(n.id)).map((n) => n.id));
    }
    return this.bareUsers;
  }
  private bareUsers?: Set<string>;
  /** user namespaces created by this plan so far */
  private readonly madeUsers = new Set<string>();
  /**
   * Move actor down to user ns `target` to create `forNs` in it, joining each user ns on the way
   * and making the bare ones nobody made yet (enterUserChain). O(depth).
   */
  enterUserDown(actor: string, target: string, forNs: string): void {
    const a = this.get(actor);
    if (a.userns === target) return;
    // (straight in when it has a live member, as before: only the way to an empty one goes step by step)
    if (this.userIndex().get(target)?.size) this.joinUser(actor, target, `${actor} enters user ns ${target}, the parent of ${forNs} it creates (OWN-1, SETNS-4)`);
    else this.enterUserChain(a, target, forNs);
  }
  /** Has this plan created user ns `ns` yet? */
  userMade(ns: string): boolean { return this.madeUsers.has(ns); }

  /** processes made non-dumpable by a credential change (see joinUser) */
  private readonly nonDumpable = new Set<string>();
  /**
   * processes of nonDumpable whose later execve gave them a new, dumpable mm: their own ns files
   * are still treated as closed (a conservative pick), but the children they fork since are not
   * non-dumpable by inheritance (clone)
   */
  private readonly dumpableAgain = new Set<string>();
  /** processes of nonDumpable only because their creator's mm was at their fork: an execve clears them */
  private readonly inheritedNonDumpable = new Set<string>();
  /** proc's own credentials change made its mm non-dumpable now (commit_creds, NSFD-1.dumpable). */
  private markNonDumpable(proc: string): void {
    this.nonDumpable.add(proc);
    this.dumpableAgain.delete(proc);
    this.inheritedNonDumpable.delete(proc);
  }
  /** cred_cap_issubset across namespaces: is `ns` or an ancestor below `from` a child of `from` owned by kernel uid `euid`? */
  private ownedOnTheWay(ns: string, from: string, euid: number): boolean {
    for (let c: string | null | undefined = ns; c && c !== from; c = this.f.nsById.get(c)?.parent) {
      const def = this.f.nsById.get(c);
      const parent = def?.parent ?? this.f.rootUserNs;
      if (parent !== from) continue;
      const owner = def?.ownerUid ?? 0;
      return kernelIdIn(this.f.nsById, parent, owner, 'uid') === euid;
    }
    return false;
  }

  /** Create namespace `ns` of `type` by unshare (UNSH-3..6), with its contents. */
  create(actor: string, type: NsType, ns: string, why: string): void {
    const a = this.get(actor);
    if (type !== 'user' && this.noCaps.has(actor)) throw new EmitError(`${actor} must create ${type} ns ${ns} but lost its capabilities at execve (UNSH-4, OWN-3)`, [a.tid], 'UNSH-4');
    const def = this.f.nsById.get(ns)!;
    if (type === 'user') {
      const parent = def.parent ?? this.f.rootUserNs;
      if (a.userns !== parent) this.enterUserChain(a, parent, ns);
      if (this.proc(actor).threads > 1) throw new EmitError(`${actor} must create user ns ${ns} but is multithreaded (UNSH-2)`, [a.tid], 'UNSH-2');
      this.switchIdsFor(a, ns, true, a.tid);
      if (this.f.userKeepers) keepUserOpen(this, this.f, this.userHolders, a.userns, [actor], this.userIndex().get(a.userns), ns);
      this.emit({ op: 'unshare', actor, flags: ['CLONE_NEWUSER'], why });
      this.madeUsers.add(ns);
      this.setUser(a, ns);
      this.noCaps.delete(actor); // the creator holds every capability in its new user ns (UNSH-3)
      this.writeMaps(a, ns, `uid/gid maps of user ns ${ns}, written once from its parent before anyone relies on them (OWN-6)`);
      return;
    }
    if (type === 'pid') {
      // the new pid ns is owned by the caller's user ns now (OWN-1): refuse rather than emit a wrong owner
      const own = !def.owner || this.f.nsById.get(def.owner)?.external ? this.f.rootUserNs : def.owner;
      if (a.userns !== own) throw new EmitError(`${actor} must create pid ns ${ns}, owned by user ns ${own}, but its credentials are in ${a.userns} then (OWN-1)`, [a.tid], 'OWN-1');
      this.ensurePfc(a, a.pidns, 'unshare(CLONE_NEWPID) needs pid_for_children = own pid ns (UNSH-5, SETNS-5)');
      this.emit({ op: 'unshare', actor, flags: ['CLONE_NEWPID'], why });
      a.pfc = ns;
      return;
    }
    // a new time ns copies the offsets of the caller's time_for_children, not of its active
    // time ns (copy_time_ns in create_new_namespaces, UNSH-6)
    const copiedTime = a.slots.timeForChildren;
    this.emit({ op: 'unshare', actor, flags: [NEW_FLAG[type]], why });
    if (type === 'time') {
      this.setSlot(a, 'timeForChildren', ns);
      // write only when they differ from the copied ones
      const from = this.f.nsById.get(copiedTime)?.offsets ?? { monotonic: 0, boottime: 0 };
      if (def.offsets && (def.offsets.monotonic !== from.monotonic || def.offsets.boottime !== from.boottime)) {
        // /proc/self/timens_offsets is the leader's; a thread writes its own new ns through its
        // /proc/<tid> directory (observed on 6.18, UNSH-6, kernel/nsstate.ts)
        const thread = a.proc !== a.name ? { thread: true } : {};
        this.emit({ op: 'write-timens-offsets', actor, monotonic: def.offsets.monotonic, boottime: def.offsets.boottime, ...thread, why: `time ns ${ns}'s offsets, before any task enters it (UNSH-6)` });
      }
      return;
    }
    this.setSlot(a, type as Slot, ns);
    if (type === 'uts' && (def.hostname !== undefined || def.domainname !== undefined)) {
      this.emit({ op: 'sethostname', actor, hostname: def.hostname ?? '', ...(def.domainname !== undefined ? { domainname: def.domainname } : {}), why: `uts ns ${ns}'s names` });
    }
  }

  /** pid_for_children back to the actor's own pid ns, when it points elsewhere (SETNS-5). */
  pfcHome(actor: string, why: string): void {
    const a = this.get(actor);
    if (a.pfc !== a.pidns) this.ensurePfc(a, a.pidns, why);
  }

  /** Pending pid_for_children at the end (UNSH-5, SETNS-5). */
  finalPfc(actor: string, want: string, why: string): void {
    const a = this.get(actor);
    if (a.pfc === want) return;
    if (want === a.pidns) { this.ensurePfc(a, want, why); return; }
    if (this.pidnsIndex().get(want)?.size) { this.ensurePfc(a, want, why); return; }
    const info = this.f.pidns.get(want);
    if (!info || info.parent !== a.pidns) throw new EmitError(`${actor}'s pending pid_for_children ${want} is neither populated nor a child of its pid ns`, [a.tid], 'UNSH-5');
    this.create(actor, 'pid', want, why);
  }

  exit(actor: string, opts: { code?: number; signal?: number; core?: boolean; group: boolean }, why: string): void {
    const a = this.get(actor);
    const op: Op = { op: 'exit', actor, why };
    if (opts.signal !== undefined) {
      op.signal = opts.signal;
      if (opts.core) op.core = true;
    } else op.code = opts.code ?? 0;
    if (opts.group) op.group = true;
    // (variant userKeepers: a holder keeps the user ns the exit leaves empty open for members still to enter it, user-ns-keeper.ts)
    if (this.f.userKeepers) keepUserOpen(this, this.f, this.userHolders, a.userns, opts.group ? (this.members.get(a.proc) ?? []).filter((x) => x.alive).map((x) => x.name) : [actor], this.userIndex().get(a.userns));
    this.emit(op);
    const ps = this.procs.get(a.proc)!;
    if (opts.group) {
      for (const x of this.members.get(a.proc) ?? []) if (x.alive) this.drop(x);
      ps.threads = 0;
    } else {
      this.drop(a);
      ps.threads -= 1;
    }
  }

  /**
   * a's parent now: the one it was created under while that one lives; once it exited (a ghost
   * or reparent helper that forked a, or a zombie's final exit), the image parent it handed a to
   * (the planner chooses such creators for that, EXIT-2). A CLONE_PARENT child of a gets this
   * parent, which reaps it when it is a helper (seed 4649: a maker forked with CLONE_PARENT by
   * a member of its session's ghost after the ghost's exit). O(1).
   */
  private parentNow(a: ActorState): string | undefined {
    if (a.parent === undefined || this.has(a.parent) || a.name !== a.proc) return a.parent;
    const p = this.f.procs.get(a.tid);
    if (!p) return a.parent;
    return this.f.procs.has(p.parent) ? `t${p.parent}` : ROOT_ACTOR;
  }

  /**
   * A CLONE_PARENT child of a task that still sits below a helper (leader-under-subreaper.ts: a
   * session's leader born below a member's parent through a helper that exits later) or below a
   * task that exits later (a zombie in the image) is that parent's child at first and reaches its
   * image parent only at that exit (EXIT-2): a task's parent changes only when its parent exits.
   * The plan's text says so, as the planner's reason names the final parent. O(1).
   */
  private interimParentNote(a: ActorState, spec: { cloneParent: boolean; thread: boolean; tid: number }): string {
    if (!spec.cloneParent || spec.thread || spec.tid <= 0) return '';
    const now = this.parentNow(a);
    if (now === undefined) return '';
    const p = this.f.procs.get(spec.tid);
    const final = p === undefined ? undefined : this.f.procs.has(p.parent) ? `t${p.parent}` : ROOT_ACTOR;
    return final === undefined || final === now ? '' : `; born ${now}'s child, it reaches its parent when ${now} exits (EXIT-2)`;
  }

  /** Reap helper `child` from `parent` (EXIT-6); pid as the parent sees it, -1 when unknown. */
  reap(parent: string, child: ActorState, why: string): void {
    const p = this.get(parent);
    const lvl = this.level(p);
    const pid = lvl >= 0 && child.vector[lvl] !== undefined ? child.vector[lvl] : -1;
    this.emit({ op: 'wait', actor: parent, pid, why });
  }
}
