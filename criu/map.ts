/**
 * CRIU facts -> crplan image. One Task per thread; process-level facts repeated on every thread.
 * Namespaces: one per distinct CRIU id and type; a namespace whose id equals inventory root_ids
 * (the dumping environment's own) is the host's (`external: true`), any other belongs to the
 * image and a restore recreates it. One nsproxy per distinct combination. O(tasks).
 *
 * What CRIU images cannot say is listed in image.source.unknown and decided explicitly here:
 * - namespace ownership: CRIU mainline requires every namespace it recreates to be owned by the
 *   tree's user namespace, so that is what `owner` says;
 * - per-thread namespaces: CRIU keeps namespace ids per process; threads get their process's nsproxy;
 * - per-level pids of nested pid namespaces: one level only, so nested pid namespaces are refused.
 */
import { InputError } from '../model/errors.js';
import type { ExitStatus, Image, Namespace, NsProxy, NsType, Task } from '../model/image.js';
import { IMAGE_FORMAT } from '../model/image.js';
import type { CoreRec, CriuDump, IdsRec } from './dump.js';
import { TASK_DEAD, TASK_STOPPED } from './dump.js';
import { fileName } from './imagefile.js';

/** PF_FORKNOEXEC: set at fork, cleared by execve (core tc.flags holds the task's PF_* flags). */
const PF_FORKNOEXEC = 0x40;
const SIGSTOP = 19;

const NS_ID_FIELD: Record<NsType, keyof IdsRec> = {
  uts: 'uts_ns_id', ipc: 'ipc_ns_id', mnt: 'mnt_ns_id', net: 'net_ns_id', pid: 'pid_ns_id',
  user: 'user_ns_id', cgroup: 'cgroup_ns_id', time: 'time_ns_id',
};

export const CRIU_UNKNOWNS = {
  ownership: 'namespace ownership (CRIU records none; the image\'s own namespaces are taken as owned by the tree\'s user namespace, which CRIU mainline requires)',
  perThreadNs: 'per-thread namespaces (CRIU records namespace ids per process; every thread is given its process\'s nsproxy)',
  nestedPids: 'per-level pids of nested pid namespaces (CRIU mainline records one level; the tree lives in a single pid namespace)',
  threadComm: 'thread names (comm) of non-leader threads',
  userMaps: 'uid/gid maps of the image\'s user namespace (userns.img is not read)',
  subreaper: 'the child-subreaper flag of some processes (their core has no child_subreaper field)',
} as const;

/** Wait-status form (as /proc/PID/stat exit_code and waitpid give it) -> crplan exit status. */
export function exitStatusOf(status: number): ExitStatus {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff };
  return (status & 0x80) ? { signal: sig, core: true } : { signal: sig };
}

export function mapDump(d: CriuDump): Image {
  const r = d.reader;
  const root = d.pstree[0];
  const rootIds = d.ids.get(root.pid);
  if (!rootIds) throw new InputError(fileName(r, `core-${root.pid}`), '', `the dump root ${root.pid} is a zombie; a dump needs a live root`);
  const unknown = new Set<string>([CRIU_UNKNOWNS.ownership, CRIU_UNKNOWNS.nestedPids]);

  // one pid namespace and one user namespace for the whole tree (CRIU mainline)
  for (const [pid, x] of d.ids) {
    for (const f of ['pid_ns_id', 'user_ns_id'] as const) {
      if (x[f] !== rootIds[f]) {
        throw new InputError(fileName(r, `ids-${pid}`), '', `${f} ${x[f]} differs from the dump root's ${rootIds[f]}: nested ${f === 'pid_ns_id' ? 'pid' : 'user'} namespaces are not supported (a CRIU image records one pid level only)`);
      }
    }
  }

  const namespaces: Namespace[] = [];
  const nsById = new Map<string, Namespace>();
  const hostUser = 'user-host';
  const treeUserExternal = rootIds.user_ns_id === d.rootIds.user_ns_id;
  const treeUser = treeUserExternal ? hostUser : `user${rootIds.user_ns_id}`;
  const fullMap = [{ inside: 0, outside: 0, count: 4294967295 }];
  const add = (ns: Namespace): void => {
    nsById.set(ns.id, ns);
    namespaces.push(ns);
  };
  add({ id: hostUser, type: 'user', external: true, level: 0, uidMap: fullMap, gidMap: fullMap });
  if (!treeUserExternal) {
    add({ id: treeUser, type: 'user', parent: hostUser, level: 1, uidMap: [], gidMap: [] });
    unknown.add(CRIU_UNKNOWNS.userMaps);
  }
  /** objref of namespace `type` with CRIU id `id`, created on first use. */
  const nsRef = (type: NsType, id: number | undefined): string => {
    const hostId = d.rootIds[NS_ID_FIELD[type]] as number | undefined;
    // a dump without this namespace kind's id predates it: the tree shares the host's
    const external = id === undefined || id === hostId;
    const ref = external ? `${type}-host` : `${type}${id}`;
    if (!nsById.has(ref)) {
      const ns: Namespace = { id: ref, type, owner: external ? hostUser : treeUser };
      if (external) ns.external = true;
      if (type === 'pid') {
        ns.level = 0;
        ns.external = external;
      }
      if (type === 'uts' && !external && id !== undefined) {
        const names = d.uts.get(id);
        if (names) {
          ns.hostname = names.nodename;
          ns.domainname = names.domainname;
        }
      }
      add(ns);
    }
    return ref;
  };
  const pidns = nsRef('pid', rootIds.pid_ns_id);

  const nsproxies: NsProxy[] = [];
  const nspByKey = new Map<string, string>();
  const nsproxyOf = (x: IdsRec): string => {
    const slots = {
      uts: nsRef('uts', x.uts_ns_id), ipc: nsRef('ipc', x.ipc_ns_id), mnt: nsRef('mnt', x.mnt_ns_id),
      net: nsRef('net', x.net_ns_id), cgroup: nsRef('cgroup', x.cgroup_ns_id), pidForChildren: pidns,
      time: nsRef('time', x.time_ns_id), timeForChildren: nsRef('time', x.time_ns_id),
    };
    const key = Object.values(slots).join('|');
    let id = nspByKey.get(key);
    if (!id) {
      id = `nsp${nsproxies.length + 1}`;
      nspByKey.set(key, id);
      nsproxies.push({ id, ...slots });
    }
    return id;
  };

  const tasks: Task[] = [];
  let threads = 0;
  let zombies = 0;
  for (const p of d.pstree) {
    const core = d.cores.get(p.pid) as CoreRec;
    const x = d.ids.get(p.pid);
    const zombie = core.taskState === TASK_DEAD;
    if (core.subreaper === undefined && !zombie) unknown.add(CRIU_UNKNOWNS.subreaper);
    const base: Omit<Task, 'pid'> = {
      tgid: p.pid,
      ppid: p.ppid,
      pgid: [p.pgid],
      sid: [p.sid],
      state: zombie ? 'zombie' : core.taskState === TASK_STOPPED ? 'stopped' : 'running',
      subreaper: core.subreaper ?? null,
      pidns,
      // zombies have no ids image: they keep the tree's pid and user namespace (the only ones a CRIU tree has)
      userns: treeUser,
      nsproxy: x ? nsproxyOf(x) : null,
      files: x ? `files${x.files_id}` : null,
      fs: x ? `fs${x.fs_id}` : null,
      sighand: x ? `sighand${x.sighand_id}` : null,
      mm: x ? `mm${x.vm_id}` : null,
      execed: zombie || core.flags === undefined ? null : (core.flags & PF_FORKNOEXEC) === 0,
    };
    if (zombie) {
      base.exit = exitStatusOf(core.exitCode);
      zombies++;
    }
    if (core.taskState === TASK_STOPPED) base.stopSignal = core.stopSigno ?? SIGSTOP;
    const ordered = [p.pid, ...p.threads.filter((t) => t !== p.pid)];
    for (const tid of ordered) {
      const t: Task = { pid: [tid], ...base };
      if (tid === p.pid && core.comm !== undefined) t.comm = core.comm;
      tasks.push(t);
    }
    if (ordered.length > 1) {
      threads += ordered.length - 1;
      unknown.add(CRIU_UNKNOWNS.perThreadNs);
      unknown.add(CRIU_UNKNOWNS.threadComm);
    }
  }

  const own = namespaces.filter((n) => !n.external).map((n) => n.id);
  return {
    format: IMAGE_FORMAT,
    description: `CRIU dump ${r.dir} (${r.flavour === 'binary' ? 'binary images' : 'decoded JSON'}): ${d.pstree.length} processes, ${threads} extra thread(s), ${zombies} zombie(s); ` +
      `pid namespace ${nsById.get(pidns)!.external ? 'of the host (host pids)' : 'of its own (recreated on restore)'}; ` +
      `own namespaces: ${own.length ? own.join(', ') : 'none'}.`,
    source: { kind: 'criu', origin: r.dir, unknown: [...unknown] },
    tasks,
    nsproxies,
    namespaces,
  };
}
