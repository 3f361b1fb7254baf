/**
 * Small hand-made images for the planner tests: a compact row format expanded into a full
 * crplan-image/1 (default: one external pid/user/uts/ipc/mnt/net/cgroup/time namespace each).
 */
import type { Image, Namespace, NsProxy, Task, TaskState } from '../../model/image.js';
import { IMAGE_FORMAT } from '../../model/image.js';

export interface Row {
  pid: number | number[];
  ppid: number;
  sid?: number | number[];
  pgid?: number | number[];
  tgid?: number;
  state?: TaskState;
  exit?: { code?: number; signal?: number };
  subreaper?: boolean;
  pidns?: string;
  userns?: string;
  nsproxy?: string | null;
  files?: string;
  fs?: string;
  ignoresSigchld?: boolean;
}

export const BASE_NS: Namespace[] = [
  { id: 'pid0', type: 'pid', level: 0, external: true },
  { id: 'user0', type: 'user', level: 0, external: true },
  { id: 'uts0', type: 'uts', external: true, owner: 'user0' },
  { id: 'ipc0', type: 'ipc', external: true, owner: 'user0' },
  { id: 'mnt0', type: 'mnt', external: true, owner: 'user0' },
  { id: 'net0', type: 'net', external: true, owner: 'user0' },
  { id: 'cgroup0', type: 'cgroup', external: true, owner: 'user0' },
  { id: 'time0', type: 'time', external: true, owner: 'user0' },
];

export const BASE_NSPROXY: NsProxy = {
  id: 'np0', uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', pidForChildren: 'pid0', time: 'time0', timeForChildren: 'time0',
};

const vec = (x: number | number[]): number[] => (Array.isArray(x) ? x : [x]);

export function image(rows: Row[], extra: { namespaces?: Namespace[]; nsproxies?: NsProxy[]; replaceNs?: boolean; description?: string } = {}): Image {
  const tasks: Task[] = rows.map((r) => {
    const pid = vec(r.pid);
    const tgid = r.tgid ?? pid[0];
    const state = r.state ?? 'running';
    const gone = state === 'zombie' || state === 'dead';
    const t: Task = {
      pid, tgid, ppid: r.ppid, pgid: vec(r.pgid ?? r.sid ?? pid), sid: vec(r.sid ?? pid), state,
      subreaper: r.subreaper ?? false, pidns: r.pidns ?? 'pid0', userns: r.userns ?? 'user0',
      nsproxy: state === 'zombie' || state === 'dead' ? null : r.nsproxy === undefined ? 'np0' : r.nsproxy,
      files: gone ? null : r.files ?? `files${tgid}`, fs: gone ? null : r.fs ?? `fs${tgid}`,
      sighand: gone ? null : `sighand${tgid}`, mm: gone ? null : `mm${tgid}`,
      comm: `t${pid[0]}`,
    };
    if (state === 'zombie') t.exit = r.exit ?? { code: 0 };
    if (r.ignoresSigchld) t.ignoresSigchld = true;
    return t;
  });
  return {
    format: IMAGE_FORMAT,
    description: extra.description,
    source: { kind: 'hand' },
    tasks,
    nsproxies: [BASE_NSPROXY, ...(extra.nsproxies ?? [])],
    namespaces: extra.replaceNs ? extra.namespaces ?? [] : [...BASE_NS, ...(extra.namespaces ?? [])],
  };
}

/** CRIU zdtm session01 (prior-art.md section 11), in a new pid namespace whose init is task 1. */
export function session01(): Image {
  const rows: Row[] = [
    [1, 0, 1, 1], [2, 1, 2, 2], [4, 2, 4, 4], [15, 4, 4, 15], [16, 4, 4, 15], [18, 4, 4, 17], [5, 2, 2, 2], [8, 2, 8, 8],
    [9, 8, 2, 2], [10, 2, 10, 10], [11, 10, 11, 11], [12, 11, 2, 2], [3, 1, 2, 2], [14, 1, 6, 6],
  ].map(([pid, ppid, sid, pgid]) => ({ pid, ppid, sid, pgid }));
  const img = image(rows, { description: 'zdtm session01 in a new pid ns' });
  img.namespaces = img.namespaces.map((n) => (n.id === 'pid0' ? { ...n, external: false, owner: 'user0' } : n));
  return img;
}

/** Orphans whose session leader (15) is dead, reparented to the restorer (ppid 0). */
export function orphanedSession(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 20, ppid: 0, sid: 15, pgid: 15 },
    { pid: 21, ppid: 20, sid: 15, pgid: 21 },
    { pid: 22, ppid: 0, sid: 15, pgid: 21 },
  ]);
}

/** A parent with children in several sessions: needs CLONE_PARENT (zdtm session02 shape). */
export function cloneParentTree(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 11, ppid: 10, sid: 11 },
    { pid: 12, ppid: 10, sid: 11, pgid: 11 },
    { pid: 13, ppid: 10, sid: 13 },
    { pid: 14, ppid: 10, sid: 13, pgid: 14 },
    { pid: 15, ppid: 10, sid: 10, pgid: 10 },
  ]);
}

/** Orphans of a subreaper (10): 12's session leader 13 is 10's grandchild. */
export function subreaperOrphans(): Image {
  return image([
    { pid: 10, ppid: 0, subreaper: true },
    { pid: 11, ppid: 10, sid: 10, pgid: 10 },
    { pid: 13, ppid: 11, sid: 13 },
    { pid: 12, ppid: 10, sid: 13, pgid: 13 },
    { pid: 14, ppid: 10, sid: 13, pgid: 13 },
  ]);
}

/** Zombies leading a session (10, with a live sibling member 11) and a group (12, member 13). */
export function zombieLeaders(): Image {
  return image([
    { pid: 5, ppid: 0 },
    { pid: 10, ppid: 5, state: 'zombie', exit: { code: 3 } },
    { pid: 11, ppid: 5, sid: 10, pgid: 10 },
    { pid: 12, ppid: 5, sid: 5, pgid: 12, state: 'zombie', exit: { signal: 9 } },
    { pid: 13, ppid: 5, sid: 5, pgid: 12 },
    { pid: 14, ppid: 13, sid: 5, pgid: 14, state: 'zombie', exit: { code: 0 } },
  ]);
}

/** A dead thread-group leader (20) with live threads, a stopped process, CLONE_FILES sharing. */
export function threadsAndSharing(): Image {
  return image([
    { pid: 20, ppid: 0, state: 'dead' },
    { pid: 21, tgid: 20, ppid: 0, sid: 20, pgid: 20, files: 'files20', fs: 'fs20' },
    { pid: 22, tgid: 20, ppid: 0, sid: 20, pgid: 20, files: 'files20', fs: 'fs20' },
    { pid: 30, ppid: 20, sid: 20, pgid: 20, files: 'files20' },
    { pid: 31, ppid: 30, sid: 20, pgid: 20, files: 'files20', state: 'stopped' },
    { pid: 40, ppid: 0 },
    { pid: 41, tgid: 40, ppid: 0, sid: 40, pgid: 40, files: 'filesT41', fs: 'fs40' },
  ]);
}

const np = (id: string, o: Partial<NsProxy>): NsProxy => ({ ...BASE_NSPROXY, id, ...o });

/** A user-namespace tree owning net/uts/ipc namespaces (container-like), with a nested user ns. */
export function userTree(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 11, ppid: 10, sid: 11, userns: 'user1', nsproxy: 'np1' },
    { pid: 12, ppid: 11, sid: 11, pgid: 11, userns: 'user1', nsproxy: 'np1' },
    { pid: 13, ppid: 12, sid: 11, pgid: 11, userns: 'user2', nsproxy: 'np2' },
  ], {
    namespaces: [
      { id: 'user1', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 65536 }], gidMap: [{ inside: 0, outside: 0, count: 65536 }] },
      { id: 'user2', type: 'user', parent: 'user1', level: 2, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 1000 }], gidMap: [{ inside: 0, outside: 0, count: 1000 }] },
      { id: 'net1', type: 'net', owner: 'user1' },
      { id: 'uts1', type: 'uts', owner: 'user1', hostname: 'c1', domainname: 'example' },
      { id: 'ipc1', type: 'ipc', owner: 'user1' },
      { id: 'uts2', type: 'uts', owner: 'user2', hostname: 'c2' },
    ],
    nsproxies: [np('np1', { net: 'net1', uts: 'uts1', ipc: 'ipc1' }), np('np2', { net: 'net1', uts: 'uts2', ipc: 'ipc1' })],
  });
}

/** Nested pid ns pid1 with init 11; 12 entered it by its parent's setns (ppid outside). */
export function nestedPidNs(): Image {
  return image([
    { pid: 10, ppid: 0, nsproxy: 'npA' },
    { pid: [11, 1], ppid: 10, sid: [11, 1], pgid: [11, 1], pidns: 'pid1', nsproxy: 'npB' },
    { pid: [12, 2], ppid: 10, sid: 10, pgid: 10, pidns: 'pid1', nsproxy: 'npB' },
    { pid: [13, 3], ppid: 11, sid: [11, 1], pgid: [13, 3], pidns: 'pid1', nsproxy: 'npB' },
    { pid: [14, 4], ppid: 11, sid: [11, 1], pgid: [13, 3], pidns: 'pid1', nsproxy: 'npB' },
  ], {
    namespaces: [{ id: 'pid1', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' }],
    nsproxies: [np('npA', { pidForChildren: 'pid1' }), np('npB', { pidForChildren: 'pid1' })],
  });
}

/** Pending pid_for_children (an unshare(CLONE_NEWPID) with no child yet) and time_for_children. */
export function pendingForChildren(): Image {
  return image([
    { pid: 20, ppid: 0, nsproxy: 'npP' },
    { pid: 30, ppid: 0, nsproxy: 'npT' },
    { pid: 31, ppid: 30, sid: 30, pgid: 30, nsproxy: 'npT1' },
  ], {
    namespaces: [
      { id: 'pid2', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' },
      { id: 'time1', type: 'time', owner: 'user0', offsets: { monotonic: 5_000_000_000, boottime: 7_000_000_000 } },
    ],
    nsproxies: [np('npP', { pidForChildren: 'pid2' }), np('npT', { timeForChildren: 'time1' }), np('npT1', { time: 'time1', timeForChildren: 'time1' })],
  });
}

/** Per-thread namespaces: thread 41 in its own uts and net namespaces. */
export function perThreadNs(): Image {
  return image([
    { pid: 40, ppid: 0 },
    { pid: 41, tgid: 40, ppid: 0, sid: 40, pgid: 40, files: 'files40', fs: 'fs40', nsproxy: 'npX' },
    { pid: 42, tgid: 40, ppid: 0, sid: 40, pgid: 40, files: 'files40', fs: 'fs40' },
  ], {
    namespaces: [{ id: 'uts3', type: 'uts', owner: 'user0', hostname: 'thread' }, { id: 'net3', type: 'net', owner: 'user0' }],
    nsproxies: [np('npX', { uts: 'uts3', net: 'net3' })],
  });
}

/**
 * Where the solver beats the greedy fallback: session 15's leader is dead; its members are
 * orphans of the restorer (12, 13) and a child of 10 (20). The greedy places the ghost under the
 * first member's parent (the restorer), which leaves 20 without a way in; the LP places it under
 * 10: CLONE_PARENT for 20, and the ghost's exit hands 12 and 13 to the restorer.
 */
export function ghostPlacement(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 12, ppid: 0, sid: 15, pgid: 15 },
    { pid: 13, ppid: 0, sid: 15, pgid: 15 },
    { pid: 20, ppid: 10, sid: 15, pgid: 15 },
  ]);
}
