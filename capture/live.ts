/**
 * Live capture: reads a process tree from the host's /proc into a crplan image.
 *
 * - Pids: NSpid/NStgid columns from the base pid ns's level down (PROC-2). Group and session
 *   vectors are their leader's full NSpid when the leader is still there (alive or zombie), else
 *   the member's NSpgid/NSsid columns with trailing zeros dropped (what /proc can tell).
 * - States: R/S/D running, T/t stopped, Z zombie (a Z leader with live threads is 'dead'); the
 *   zombie's wait status is stat field 52 (exit_code).
 * - Namespaces: inode numbers of /proc/PID/task/TID/ns/* (per thread, PROC-4); owners and parents
 *   through the agent's NS_GET_USERNS / NS_GET_PARENT (PROC-5); uts names, id maps and owner uids
 *   read by the agent after joining; time offsets from timens_offsets.
 * - files/fs/sighand/mm: kcmp(2) partitions through the agent.
 * - Unknown to /proc: the subreaper flag (null), the stop signal (SIGSTOP assumed), a pending pid
 *   ns without an init yet (its identity); each is listed in image.source.unknown. A task whose
 *   /proc/PID/ns links are unreadable (EACCES on a non-dumpable task such as a VM's pid 1 when
 *   the capturer lacks CAP_SYS_PTRACE) gets userns null and nsproxy null (unknown), with the tids
 *   and the errno in source.unknown.
 * - Kernel threads (PF_KTHREAD: kthreadd, pid 2, and every thread it starts) are left out and
 *   counted in source.unknown: the kernel creates them, no restorer can, and kcmp cannot tell
 *   their (absent) mm apart. Tasks that never called setsid/setpgid since boot keep session and
 *   group 0 (init_struct_pid): written [0], as /proc shows them.
 * Cost: O(tasks) /proc reads plus one helper process; kcmp partitions O(tasks x classes).
 */
import type { ExitStatus, Image, ImageSource, Namespace, NsProxy, NsType, Task } from '../model/image.js';
import { IMAGE_FORMAT } from '../model/image.js';
import { listPids, listTasks, nsInode, nsLink, readStat, readStatus, readTimensOffsets, PF_EXITING, PF_FORKNOEXEC, PF_KTHREAD } from './proc.js';
import type { ProcStat, ProcStatus } from './proc.js';
import { NSTYPE_NAMES, parseNsAnswer, runInspect, unhex } from './inspect.js';
import type { NsInfo, Query } from './inspect.js';

export interface CaptureOptions {
  /** the agent binary (build/crplan-agent) for ns ioctls, uts names, id maps and kcmp */
  agentPath: string;
  /** host pid whose subtree is captured; default: every visible process */
  rootPid?: number;
  /** leave rootPid's own process out (the restorer's root actor) */
  excludeRoot?: boolean;
  /** host pid of a task whose active pid ns becomes the image's level 0 (default: rootPid's, else the procfs ns) */
  basePid?: number;
  /** the image's level-0 pid ns given directly: its inode and its NSpid column in the host's /proc (overrides basePid) */
  base?: { inode: number; col: number };
  /** host pid whose namespaces are the environment's (external); default: this process */
  envPid?: number;
  /** the environment's user ns stands for the image's root user ns (the real executor's case) */
  envIsRoot?: boolean;
  /** inodes of the environment's namespaces, recorded before anything changed them (overrides envPid's current ones) */
  envNs?: { all: number[]; user: number };
  source?: ImageSource;
  description?: string;
}

interface RawTask {
  tgid: number;
  tid: number;
  dir: string;
  status: ProcStatus;
  stat: ProcStat;
  ns: Partial<Record<string, number | null>>;
  leaderDead: boolean;
}

const NS_FILES = ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user'] as const;

export function decodeWaitStatus(s: number): ExitStatus {
  const sig = s & 0x7f;
  if (sig === 0) return { code: (s >> 8) & 0xff };
  return (s & 0x80) ? { signal: sig, core: true } : { signal: sig };
}

/** Processes under rootPid (itself included), or all, by walking stat ppids. */
function selectProcesses(rootPid: number | undefined): number[] {
  const pids = listPids();
  if (rootPid === undefined) return pids;
  const kids = new Map<number, number[]>();
  for (const p of pids) {
    const st = readStat(`/proc/${p}`);
    if (!st) continue;
    const l = kids.get(st.ppid) ?? [];
    l.push(p);
    kids.set(st.ppid, l);
  }
  const out: number[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    for (const c of kids.get(p) ?? []) stack.push(c);
  }
  return out.sort((a, b) => a - b);
}

export function captureLive(opts: CaptureOptions): Image {
  const unknown = new Set<string>(['subreaper flags of processes (not in /proc)']);
  const procs = selectProcesses(opts.rootPid);
  const raw: RawTask[] = [];
  const nsPath = new Map<number, { type: string; path: string }>();
  const kthreads: number[] = [];
  /** errno of an unreadable /proc/.../ns/user -> tids */
  const userUnreadable = new Map<string, number[]>();
  for (const tgid of procs) {
    if (opts.excludeRoot && tgid === opts.rootPid) continue;
    const pst = readStat(`/proc/${tgid}`);
    if (pst && (pst.flags & PF_KTHREAD) !== 0) {
      kthreads.push(tgid);
      continue;
    }
    const tids = listTasks(tgid);
    for (const tid of tids) {
      const dir = `/proc/${tgid}/task/${tid}`;
      const status = readStatus(dir);
      const stat = readStat(dir);
      if (!status || !stat || stat.state === 'X') continue;
      const ns: RawTask['ns'] = {};
      for (const f of NS_FILES) {
        const link = nsLink(dir, f);
        const ino = 'inode' in link ? link.inode : null;
        if (f === 'user' && 'error' in link) {
          const l = userUnreadable.get(link.error) ?? [];
          l.push(tid);
          userUnreadable.set(link.error, l);
        }
        ns[f] = ino;
        const type = f === 'pid_for_children' ? 'pid' : f === 'time_for_children' ? 'time' : f;
        if (ino !== null && !nsPath.has(ino)) nsPath.set(ino, { type, path: `${dir}/ns/${f}` });
      }
      raw.push({ tgid, tid, dir, status, stat, ns, leaderDead: tid === tgid && stat.state === 'Z' && tids.length > 1 });
    }
  }
  if (kthreads.length) {
    kthreads.sort((a, b) => a - b);
    unknown.add(`kernel threads left out (${kthreads.length} processes: kthreadd and the threads it started, e.g. ${kthreads.slice(0, 4).join(', ')}): the kernel creates them, no restorer can`);
  }
  const tidList = (l: number[]) => `${l.slice(0, 8).join(', ')}${l.length > 8 ? ` and ${l.length - 8} more` : ''}`;
  for (const [errno, tids] of userUnreadable) {
    unknown.add(`user namespaces of tasks ${tidList(tids)} (userns null): /proc/PID/ns/user unreadable (${errno})`);
  }

  // Namespace owners and parents (recursively, so ancestors nobody is in are known too).
  const inodes = [...nsPath.keys()];
  const answers = runInspect(opts.agentPath, inodes.map((i) => ({ kind: 'ns', path: nsPath.get(i)!.path } as Query)));
  const info = new Map<number, NsInfo>();
  for (const a of answers) for (const n of parseNsAnswer(a)) if (!info.has(n.inode)) info.set(n.inode, n);
  const typeOf = (ino: number): string => NSTYPE_NAMES[info.get(ino)?.nstype ?? -1] ?? nsPath.get(ino)?.type ?? 'pid';
  const depth = (ino: number): number => {
    let d = 0;
    for (let p = info.get(ino)?.parent ?? 0; p && d < 64; p = info.get(p)?.parent ?? 0) d++;
    return d;
  };
  const ancestor = (ino: number, up: number): number => {
    let cur = ino;
    for (let i = 0; i < up && cur; i++) cur = info.get(cur)?.parent ?? 0;
    return cur;
  };

  // The base pid ns (image level 0) and the environment.
  const baseHost = opts.basePid ?? opts.rootPid;
  const baseStatus = baseHost !== undefined ? readStatus(`/proc/${baseHost}`) : readStatus('/proc/self');
  const baseCol = opts.base ? opts.base.col : baseHost !== undefined ? (baseStatus?.nspid.length ?? 1) - 1 : 0;
  const baseNs = opts.base ? opts.base.inode : nsInode(`/proc/${baseHost ?? 'self'}`, 'pid');
  if (opts.base && !info.has(baseNs!)) {
    for (const n of parseNsAnswer(runInspect(opts.agentPath, [{ kind: 'ns', path: nsPath.get(baseNs!)?.path ?? '/proc/self/ns/pid' }])[0])) if (!info.has(n.inode)) info.set(n.inode, n);
  }
  const envDir = `/proc/${opts.envPid ?? 'self'}`;
  const env = new Set<number>();
  if (opts.envNs) for (const i of opts.envNs.all) env.add(i);
  else for (const f of NS_FILES) {
    const i = nsInode(envDir, f);
    if (i !== null) env.add(i);
  }
  const envUser = opts.envNs ? opts.envNs.user : nsInode(envDir, 'user');
  for (const i of env) if (!info.has(i)) {
    for (const n of parseNsAnswer(runInspect(opts.agentPath, [{ kind: 'ns', path: `${envDir}/ns/${typeOf(i)}` }])[0])) if (!info.has(n.inode)) info.set(n.inode, n);
  }
  const baseDepth = baseNs !== null ? depth(baseNs) : 0;
  const envUserDepth = opts.envIsRoot && envUser !== null ? depth(envUser) : 0;

  const included = raw.filter((t) => {
    if (t.status.nspid.length <= baseCol) return false;
    if (baseNs === null || t.ns.pid == null) return true;
    return ancestor(t.ns.pid, t.status.nspid.length - 1 - baseCol) === baseNs;
  });

  // Objrefs in order of first appearance.
  const refs = new Map<number, string>();
  const counts = new Map<string, number>();
  const order: number[] = [];
  const synthetic = new Map<string, Namespace>();
  const ref = (ino: number): string => {
    let r = refs.get(ino);
    if (r === undefined) {
      const type = typeOf(ino);
      const n = counts.get(type) ?? 0;
      counts.set(type, n + 1);
      r = `${type}:${n}`;
      refs.set(ino, r);
      order.push(ino);
    }
    return r;
  };
  // one stand-in per type for namespaces /proc would not show (e.g. /proc/1/ns/* is EACCES here)
  const unknownRef = (type: NsType, why: string): string => {
    unknown.add(why);
    const id = `${type}:unknown`;
    if (!synthetic.has(id)) synthetic.set(id, { id, type, owner: null, ...(type === 'pid' || type === 'user' ? { parent: null } : {}) });
    return id;
  };

  const vecFrom = (cols: number[]): number[] => {
    const v = cols.slice(baseCol);
    if (v.length === 0 || v[0] === 0) return [0];
    while (v.length > 1 && v[v.length - 1] === 0) v.pop();
    return v;
  };
  const leaderVec = (hostId: number, memberCols: number[]): number[] => {
    if (memberCols[baseCol] === 0 || memberCols.length <= baseCol) return [0];
    const st = readStatus(`/proc/${hostId}`);
    if (st && st.nspid.length > baseCol) return st.nspid.slice(baseCol);
    return vecFrom(memberCols);
  };
  const hostToBase = new Map<number, number>();
  for (const t of included) if (t.tid === t.tgid) hostToBase.set(t.tgid, t.status.nspid[baseCol]);

  // kcmp partitions over live tasks
  // live tasks, and dead leaders (their sighand lives on with the group; files/fs/mm are released);
  // not a task in do_exit (PF_EXITING: its objects are being released, and kcmp finds two released
  // ones "equal"; e.g. a pid-ns init stuck in zap_pid_ns_processes, EXIT-8): unknown (null)
  const live = included.filter((t) => (t.stat.state === 'Z' ? t.leaderDead : (t.stat.flags & PF_EXITING) === 0));
  const exiting = included.filter((t) => t.stat.state !== 'Z' && (t.stat.flags & PF_EXITING) !== 0);
  if (exiting.length) unknown.add(`files, fs, sighand and mm of tasks in the middle of their exit (tids ${exiting.slice(0, 8).map((t) => t.tid).join(' ')})`);
  const kinds: Array<['mm' | 'files' | 'fs' | 'sighand', 1 | 2 | 3 | 4]> = [['mm', 1], ['files', 2], ['fs', 3], ['sighand', 4]];
  const part = runInspect(opts.agentPath, kinds.map(([, type]) => ({ kind: 'partition', type, tids: live.map((t) => t.tid) } as Query)));
  const shared = new Map<number, Record<string, string | null>>();
  live.forEach((t, i) => {
    const rec: Record<string, string | null> = {};
    kinds.forEach(([k], j) => {
      const cls = (part[j] ?? '').startsWith('ok') ? Number(part[j].slice(3).split(' ')[i]) : -1;
      rec[k] = cls >= 0 ? `${k}:${cls}` : null;
      if (cls < 0) unknown.add(`${k} sharing of some tasks (kcmp refused)`);
    });
    shared.set(t.tid, rec);
  });

  const proxies = new Map<string, NsProxy>();
  const pendingPidNs = new Map<string, { parent: string }>();
  const tasks: Task[] = [];
  for (const t of included) {
    const st = t.status;
    const leader = t.tid === t.tgid;
    let state: Task['state'] = 'running';
    if (t.stat.state === 'Z') state = leader && !t.leaderDead ? 'zombie' : 'dead';
    else if (t.stat.state === 'T' || t.stat.state === 't') state = 'stopped';
    const ppid = hostToBase.get(st.ppid) ?? 0;
    const pidns = t.ns.pid != null ? ref(t.ns.pid) : st.nspid.length - 1 === baseCol && baseNs !== null ? ref(baseNs) : unknownRef('pid', 'pid namespaces of tasks whose /proc ns links are unreadable');
    // null = unknown (the tids and the errno are in source.unknown)
    const userns = t.ns.user != null ? ref(t.ns.user) : null;
    const task: Task = {
      pid: st.nspid.slice(baseCol),
      tgid: st.nstgid[baseCol],
      ppid,
      pgid: leaderVec(st.nspgid[0], st.nspgid),
      sid: leaderVec(st.nssid[0], st.nssid),
      state,
      subreaper: null,
      comm: st.name,
      pidns,
      userns,
      nsproxy: null,
      files: null, fs: null, sighand: null, mm: null,
      execed: (t.stat.flags & PF_FORKNOEXEC) === 0,
      ignoresSigchld: ((st.sigIgn >> 16n) & 1n) === 1n,
    };
    if (state === 'zombie') task.exit = decodeWaitStatus(t.stat.exitCode);
    if (state === 'stopped') unknown.add('stop signals of stopped processes (SIGSTOP assumed)');
    if (state === 'dead') task.sighand = shared.get(t.tid)?.sighand ?? null;
    if (state !== 'zombie' && state !== 'dead') {
      Object.assign(task, shared.get(t.tid) ?? {});
      const n = t.ns;
      if (n.uts != null && n.ipc != null && n.mnt != null && n.net != null && n.cgroup != null && n.time != null && n.time_for_children != null) {
        let pfc: string;
        if (n.pid_for_children != null) pfc = ref(n.pid_for_children);
        else {
          // unshare(CLONE_NEWPID) without a child yet: the ns exists but /proc cannot name it (NSFD-1)
          pfc = `pid:pending${pendingPidNs.size}`;
          pendingPidNs.set(pfc, { parent: pidns });
          unknown.add('identity of a pid namespace that has no init yet (pid_for_children unreadable)');
        }
        const slots = { uts: ref(n.uts), ipc: ref(n.ipc), mnt: ref(n.mnt), net: ref(n.net), cgroup: ref(n.cgroup), pidForChildren: pfc, time: ref(n.time), timeForChildren: ref(n.time_for_children) };
        const key = Object.values(slots).join(' ');
        let px = proxies.get(key);
        if (!px) {
          px = { id: `nsproxy:${proxies.size}`, ...slots };
          proxies.set(key, px);
        }
        task.nsproxy = px.id;
      } else {
        unknown.add('namespaces of tasks whose /proc ns links are unreadable');
      }
    }
    tasks.push(task);
  }

  // Namespaces: those referenced, then owners and parents transitively.
  const inTree = (ino: number): boolean => {
    if (!info.has(ino)) return false;
    const type = typeOf(ino);
    if (type === 'user' && opts.envIsRoot && envUser !== null) return depth(ino) >= envUserDepth && ancestor(ino, depth(ino) - envUserDepth) === envUser;
    if (type === 'pid' && baseNs !== null) return depth(ino) >= baseDepth && ancestor(ino, depth(ino) - baseDepth) === baseNs;
    return true;
  };
  const ownerRef = (ino: number): string | null => {
    const o = info.get(ino)?.owner ?? 0;
    if (!o) return null;
    if (inTree(o)) return ref(o);
    // owned by a user ns above the environment's: the environment stands for it
    return opts.envIsRoot && envUser !== null ? ref(envUser) : null;
  };
  const timeOffsets = new Map<number, { monotonic: number; boottime: number }>();
  const utsPath = new Map<number, string>();
  /** user ns -> a task dir whose user ns is it (up 0) or a descendant of it (up k) */
  const userDir = new Map<number, { dir: string; up: number; owned?: string }>();
  for (const t of raw) {
    if (t.ns.time_for_children != null && !timeOffsets.has(t.ns.time_for_children)) {
      const o = readTimensOffsets(`/proc/${t.tgid}`);
      if (o) timeOffsets.set(t.ns.time_for_children, o);
    }
    if (t.ns.uts != null && !utsPath.has(t.ns.uts)) utsPath.set(t.ns.uts, `${t.dir}/ns/uts`);
    for (let u = t.ns.user ?? 0, up = 0; u && up < 40; u = info.get(u)?.parent ?? 0, up++) {
      const have = userDir.get(u);
      if (!have || have.up > up) userDir.set(u, { dir: t.dir, up });
    }
  }
  // a user ns no task is in, nor below, that owns a task's namespace: reached through that
  // namespace's file and NS_GET_USERNS (seed 294's user:9 owns a namespace only)
  for (const t of raw) {
    for (const f of NS_FILES) {
      const ino = t.ns[f];
      if (f === 'user' || ino == null) continue;
      for (let u = info.get(ino)?.owner ?? 0, up = 0; u && up < 40 && !userDir.has(u); u = info.get(u)?.parent ?? 0, up++) userDir.set(u, { dir: t.dir, up, owned: f });
    }
  }
  if (envUser !== null && !userDir.has(envUser)) userDir.set(envUser, { dir: envDir, up: 0 });
  for (const i of env) if (typeOf(i) === 'uts' && !utsPath.has(i)) utsPath.set(i, `${envDir}/ns/uts`);

  const namespaces: Namespace[] = [];
  const pendingDetails: Array<{ out: Namespace; ino: number }> = [];
  for (let k = 0; k < order.length; k++) {
    const ino = order[k];
    const type = typeOf(ino) as NsType;
    const out: Namespace = { id: refs.get(ino)!, type };
    if (env.has(ino)) out.external = true;
    if (type === 'user') {
      const p = info.get(ino)?.parent ?? 0;
      const isRoot = opts.envIsRoot ? ino === envUser : !p;
      out.parent = isRoot || !p || !inTree(p) ? null : ref(p);
      out.level = depth(ino) - envUserDepth;
    } else {
      out.owner = ownerRef(ino);
      if (type === 'pid') {
        const p = info.get(ino)?.parent ?? 0;
        out.parent = ino === baseNs || !p || !inTree(p) ? null : ref(p);
        out.level = depth(ino) - baseDepth;
      }
      if (type === 'time') out.offsets = timeOffsets.get(ino) ?? { monotonic: 0, boottime: 0 };
    }
    namespaces.push(out);
    pendingDetails.push({ out, ino });
  }
  for (const [id, p] of pendingPidNs) {
    const parent = namespaces.find((n) => n.id === p.parent);
    // Its owner is the user ns the task had when it unshared, which /proc no longer tells once
    // the task has changed user ns since (unshare or setns of CLONE_NEWUSER): unknown (null).
    namespaces.push({ id, type: 'pid', owner: null, parent: p.parent, level: (parent?.level ?? 0) + 1 });
  }
  namespaces.push(...synthetic.values());

  // uts names and user maps through the agent, in one batch
  const q: Query[] = [];
  const targets: Array<{ out: Namespace; kind: 'uts' | 'user' }> = [];
  for (const { out, ino } of pendingDetails) {
    if (out.type === 'uts' && utsPath.has(ino)) { q.push({ kind: 'uts', path: utsPath.get(ino)! }); targets.push({ out, kind: 'uts' }); }
    if (out.type === 'user' && userDir.has(ino)) { const d = userDir.get(ino)!; q.push({ kind: 'usermap', taskDir: d.dir, up: d.up, ...(d.owned ? { owned: d.owned } : {}) }); targets.push({ out, kind: 'user' }); }
  }
  const det = runInspect(opts.agentPath, q);
  targets.forEach(({ out, kind }, i) => {
    const a = det[i] ?? '';
    if (!a.startsWith('ok ')) {
      unknown.add(kind === 'uts' ? 'uts names of some namespaces' : 'id maps of some user namespaces');
      return;
    }
    const parts = a.slice(3).trim().split(' ');
    if (kind === 'uts') {
      out.hostname = unhex(parts[0]);
      out.domainname = unhex(parts[1]);
    } else {
      const maps = [parts[0], parts[1]].map((h) => unhex(h).split('\n').map((l) => l.trim().split(/\s+/).map(Number))
        .filter((e) => e.length === 3 && e.every((x) => Number.isFinite(x)))
        .map(([inside, outside, count]) => ({ inside, outside, count })));
      out.uidMap = maps[0];
      out.gidMap = maps[1];
      out.ownerUid = Number(parts[2]);
      if (opts.envIsRoot && out.level === 0) {
        // the environment's user ns stands for the image's root user ns: identity by definition
        out.uidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
        out.gidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
        out.ownerUid = 0;
      }
    }
  });

  const source: ImageSource = { ...(opts.source ?? { kind: 'capture' }) };
  source.unknown = [...new Set([...(source.unknown ?? []), ...unknown])];
  const img: Image = { format: IMAGE_FORMAT, source, tasks, nsproxies: [...proxies.values()], namespaces };
  if (opts.description) img.description = opts.description;
  return img;
}
