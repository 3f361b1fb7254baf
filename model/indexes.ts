/**
 * Indexes over an image, built once in linear time (O(tasks + namespaces + nsproxies), plus
 * O(namespaces x nesting depth <= 33) for the namespace trees) and shared by every validation
 * rule and by anyone else who wants the same views (`crplan show`, the planner).
 *
 * Identity: tasks by level-0 tid, processes by level-0 tgid, groups and sessions by the level-0
 * number of their leader's struct pid (pgid[0], sid[0]), namespaces and nsproxies by objref.
 * The index never throws on inconsistent input (dangling refs, cycles, duplicates): it records
 * what it can and leaves the judging to the rules.
 */
import type { Image, Namespace, NsProxy, NsProxySlot, NsType, Task } from './image.js';
import { NSPROXY_SLOTS } from './image.js';

export interface TaskRef {
  task: Task;
  /** position in image.tasks (for JSON paths) */
  idx: number;
}

export interface ProcessInfo {
  tgid: number;
  /** the thread-group leader task (pid[0] === tgid), if present in the image */
  leader?: TaskRef;
  /** every task of the group, leader first when present, in image order otherwise */
  threads: TaskRef[];
  /** tgids of processes whose ppid is this tgid, in image order */
  children: number[];
  /** the task that stands for the process (leader, else its first thread) */
  rep: TaskRef;
}

export interface NsInfo {
  ns: Namespace;
  idx: number;
  /** pid/user only: children in the namespace tree */
  children: string[];
  /**
   * pid/user only: namespaces from the root down to this one (inclusive) following `parent`;
   * undefined when the chain is broken (dangling parent) or cyclic.
   */
  chain?: string[];
  /** pid/user only: level computed from the parent chain (chain.length - 1) */
  depth?: number;
}

export interface PidNsInfo extends NsInfo {
  /** tasks whose active pid ns is this one */
  members: TaskRef[];
  /** tasks with innermost pid 1 in this ns (normally one, its init) */
  inits: TaskRef[];
  /**
   * the per-namespace pid table: number at this ns's level -> task, for every task of this ns or
   * of a descendant whose pid vector matches its namespace depth (first one wins on duplicates)
   */
  numbers: Map<number, TaskRef>;
}

/** Two tasks holding one number in one namespace (level >= 1; level 0 duplicates are duplicateTids). */
export interface PidClash {
  first: TaskRef;
  second: TaskRef;
  ns: string;
  level: number;
  nr: number;
}

export interface ImageIndex {
  image: Image;
  /** one TaskRef per image task, in image order (shared by all views: no per-rule allocation) */
  refs: TaskRef[];
  /** first task with each level-0 tid */
  byTid: Map<number, TaskRef>;
  /** tasks whose level-0 tid repeats an earlier one */
  duplicateTids: TaskRef[];
  /** numbers held twice in one namespace at levels >= 1 */
  pidClashes: PidClash[];
  processes: Map<number, ProcessInfo>;
  /** level-0 sid -> tgids of the processes in that session (image order) */
  sessions: Map<number, number[]>;
  /** level-0 pgid -> tgids of the processes in that group (image order) */
  groups: Map<number, number[]>;
  namespaces: Map<string, NsInfo>;
  pidns: Map<string, PidNsInfo>;
  userns: Map<string, NsInfo>;
  nsproxies: Map<string, { np: NsProxy; idx: number; users: TaskRef[] }>;
  /** objrefs defined twice (namespaces and nsproxies share one objref space) */
  duplicateObjrefs: Array<{ id: string; path: string }>;
  /** the root pid ns (level 0, no parent) and root user ns; undefined when not exactly one */
  rootPidNs?: string;
  rootUserNs?: string;
}

export function taskPath(r: TaskRef, field?: string): string {
  return `$.tasks[${r.idx}]${field ? `.${field}` : ''}`;
}

export function nsPath(info: { idx: number }, field?: string): string {
  return `$.namespaces[${info.idx}]${field ? `.${field}` : ''}`;
}

export function nsproxyPath(info: { idx: number }, field?: string): string {
  return `$.nsproxies[${info.idx}]${field ? `.${field}` : ''}`;
}

/** The namespace objrefs a task uses, by slot name (for sharing views and dangling checks). */
export function taskNamespaces(ix: ImageIndex, t: Task): Array<{ slot: NsProxySlot | 'pid' | 'user'; id: string }> {
  const out: Array<{ slot: NsProxySlot | 'pid' | 'user'; id: string }> = [{ slot: 'pid', id: t.pidns }];
  if (t.userns !== null) out.push({ slot: 'user', id: t.userns }); // null: unknown (UNKNOWN_FACTS)
  const np = t.nsproxy === null ? undefined : ix.nsproxies.get(t.nsproxy)?.np;
  if (np) for (const s of NSPROXY_SLOTS) out.push({ slot: s, id: np[s] });
  return out;
}

/** Which namespace type each nsproxy slot must point to. */
export const SLOT_TYPE: Record<NsProxySlot, NsType> = {
  uts: 'uts', ipc: 'ipc', mnt: 'mnt', net: 'net', cgroup: 'cgroup',
  pidForChildren: 'pid', time: 'time', timeForChildren: 'time',
};

/** Is `a` the same namespace as `b` or one of its descendants? Both must have chains. */
export function isSameOrDescendant(ix: ImageIndex, a: string, b: string): boolean | undefined {
  const ia = ix.namespaces.get(a);
  const ib = ix.namespaces.get(b);
  if (!ia?.chain || !ib?.chain) return undefined;
  return ia.chain.length >= ib.chain.length && ia.chain[ib.chain.length - 1] === b;
}

/** The task holding number `nr` in pid namespace `ns` (PID-4 lookups), if any. */
export function taskByNumber(ix: ImageIndex, ns: string, nr: number): TaskRef | undefined {
  return ix.pidns.get(ns)?.numbers.get(nr);
}

/** The pid namespace at `level` on the chain of pid ns `id`, if known. */
export function pidNsAtLevel(ix: ImageIndex, id: string, level: number): string | undefined {
  return ix.namespaces.get(id)?.chain?.[level];
}

/**
 * Namespace chains are kept only this deep: Linux nests at most 33 levels (OWN-4), so anything
 * deeper is already an error (NESTING_TOO_DEEP at the first level past the limit) and bounding
 * the chains keeps a hostile image from costing O(namespaces x depth) memory.
 */
const MAX_CHAIN = 64;

export function buildIndex(image: Image): ImageIndex {
  const ix: ImageIndex = {
    image,
    refs: image.tasks.map((task, idx) => ({ task, idx })),
    byTid: new Map(),
    duplicateTids: [],
    pidClashes: [],
    processes: new Map(),
    sessions: new Map(),
    groups: new Map(),
    namespaces: new Map(),
    pidns: new Map(),
    userns: new Map(),
    nsproxies: new Map(),
    duplicateObjrefs: [],
  };

  // objects
  const seenIds = new Set<string>();
  image.namespaces.forEach((ns, idx) => {
    if (seenIds.has(ns.id)) { ix.duplicateObjrefs.push({ id: ns.id, path: `$.namespaces[${idx}].id` }); return; }
    seenIds.add(ns.id);
    const info: NsInfo = { ns, idx, children: [] };
    if (ns.type === 'pid') {
      const p: PidNsInfo = { ...info, members: [], inits: [], numbers: new Map() };
      ix.pidns.set(ns.id, p);
      ix.namespaces.set(ns.id, p);
    } else {
      ix.namespaces.set(ns.id, info);
      if (ns.type === 'user') ix.userns.set(ns.id, info);
    }
  });
  image.nsproxies.forEach((np, idx) => {
    if (seenIds.has(np.id)) { ix.duplicateObjrefs.push({ id: np.id, path: `$.nsproxies[${idx}].id` }); return; }
    seenIds.add(np.id);
    ix.nsproxies.set(np.id, { np, idx, users: [] });
  });

  // namespace trees: children, then chains top-down from each root (iterative, cycle-safe)
  for (const tree of [ix.pidns as Map<string, NsInfo>, ix.userns]) {
    const roots: string[] = [];
    for (const [id, info] of tree) {
      const parent = info.ns.parent;
      if (parent == null) roots.push(id);
      else tree.get(parent)?.children.push(id);
    }
    if (roots.length === 1) {
      if (tree === ix.userns) ix.rootUserNs = roots[0];
      else ix.rootPidNs = roots[0];
    }
    for (const r of roots) {
      const stack: Array<{ id: string; chain: string[] }> = [{ id: r, chain: [r] }];
      while (stack.length) {
        const { id, chain } = stack.pop()!;
        const info = tree.get(id)!;
        if (info.chain) continue; // reached twice (cannot happen in a tree; defensive)
        info.chain = chain;
        info.depth = chain.length - 1;
        for (const c of info.children) if (!tree.get(c)!.chain && chain.length < MAX_CHAIN) stack.push({ id: c, chain: [...chain, c] });
      }
    }
  }

  // tasks
  for (const ref of ix.refs) {
    const task = ref.task;
    const tid = task.pid[0];
    if (ix.byTid.has(tid)) { ix.duplicateTids.push(ref); continue; }
    ix.byTid.set(tid, ref);
    let proc = ix.processes.get(task.tgid);
    if (!proc) {
      proc = { tgid: task.tgid, threads: [], children: [], rep: ref };
      ix.processes.set(task.tgid, proc);
    }
    if (tid === task.tgid) {
      proc.leader = ref;
      proc.rep = ref;
      proc.threads.unshift(ref);
    } else proc.threads.push(ref);

    const pns = ix.pidns.get(task.pidns);
    if (pns) {
      pns.members.push(ref);
      if (task.pid[task.pid.length - 1] === 1) pns.inits.push(ref);
    }
    if (task.nsproxy !== null) ix.nsproxies.get(task.nsproxy)?.users.push(ref);
    // per-namespace pid tables, O(levels) per task
    const chain = pns?.chain;
    if (chain && chain.length === task.pid.length) {
      for (let k = 0; k < chain.length; k++) {
        const table = ix.pidns.get(chain[k])!.numbers;
        const prev = table.get(task.pid[k]);
        if (!prev) table.set(task.pid[k], ref);
        else if (k > 0) ix.pidClashes.push({ first: prev, second: ref, ns: chain[k], level: k, nr: task.pid[k] });
      }
    }
  }

  // process-level views, from each process's representative task
  for (const proc of ix.processes.values()) {
    const t = proc.rep.task;
    push(ix.sessions, t.sid[0], proc.tgid);
    push(ix.groups, t.pgid[0], proc.tgid);
    if (t.ppid !== 0) ix.processes.get(t.ppid)?.children.push(proc.tgid);
  }
  return ix;
}

/**
 * Namespace objref -> tasks using it through their nsproxy (any slot), their pidns or userns.
 * Built on demand (O(tasks x 10)); the rules do not need it.
 */
export function namespaceUsers(ix: ImageIndex): Map<string, TaskRef[]> {
  const m = new Map<string, TaskRef[]>();
  const add = (id: string, ref: TaskRef) => {
    let l = m.get(id);
    if (!l) m.set(id, (l = []));
    if (l[l.length - 1] !== ref) l.push(ref);
  };
  for (const r of ix.refs) {
    const task = r.task;
    add(task.pidns, r);
    if (task.userns !== null) add(task.userns, r);
    const np = task.nsproxy === null ? undefined : ix.nsproxies.get(task.nsproxy);
    if (np) for (const s of NSPROXY_SLOTS) add(np.np[s], r);
  }
  return m;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Pid ns of the process (from its representative task). */
export function procPidNs(p: ProcessInfo): string {
  return p.rep.task.pidns;
}

/** Is the process a zombie (its representative task is a zombie leader)? */
export function isZombieProc(p: ProcessInfo): boolean {
  return p.rep.task.state === 'zombie';
}
