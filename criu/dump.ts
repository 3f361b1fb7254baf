/**
 * A CRIU image directory read into the facts crplan needs (pstree, task cores, ids, inventory
 * root_ids, uts names), checked for the structure CRIU itself relies on. Reads only the files the
 * tree names: O(files read + their bytes).
 */
import { InputError } from '../model/errors.js';
import type { Msg, Val } from './decode.js';
import type { CriuDirReader } from './imagefile.js';
import { fileName, hasImage, readImage } from './imagefile.js';
import type { ImageKind } from './messages.js';
import { KNOWN_IMG_VERSION } from './messages.js';

/** CRIU task states (core tc.task_state). */
export const TASK_ALIVE = 1;
export const TASK_DEAD = 2;
export const TASK_STOPPED = 3;

export interface PstreeRec {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  threads: number[];
}

export interface CoreRec {
  taskState: number;
  exitCode: number;
  flags?: number;
  comm?: string;
  subreaper?: boolean;
  stopSigno?: number;
}

/** task_kobj_ids_entry; the two newest namespace ids may be absent in older dumps. */
export interface IdsRec {
  vm_id: number;
  files_id: number;
  fs_id: number;
  sighand_id: number;
  pid_ns_id: number;
  net_ns_id: number;
  ipc_ns_id: number;
  uts_ns_id: number;
  mnt_ns_id: number;
  user_ns_id: number;
  cgroup_ns_id?: number;
  time_ns_id?: number;
}

export interface CriuDump {
  reader: CriuDirReader;
  rootIds: IdsRec;
  pstree: PstreeRec[];
  /** leader cores by pid */
  cores: Map<number, CoreRec>;
  /** ids by pid (live processes only) */
  ids: Map<number, IdsRec>;
  /** uts names by uts_ns_id, for the image's own uts namespaces */
  uts: Map<number, { nodename: string; domainname: string }>;
}

const REQUIRED_IDS = ['vm_id', 'files_id', 'fs_id', 'sighand_id', 'pid_ns_id', 'net_ns_id', 'ipc_ns_id', 'uts_ns_id', 'mnt_ns_id', 'user_ns_id'] as const;

function one(r: CriuDirReader, base: string, kind: ImageKind, why: string): Msg {
  const entries = readImage(r, base, kind, why);
  const file = fileName(r, base);
  if (entries.length === 0) throw new InputError(file, '', `has no entry (a ${kind} image holds exactly one)`);
  if (entries.length > 1) throw new InputError(file, entries[1].self, `has ${entries.length} entries, a ${kind} image holds exactly one`);
  return entries[0];
}

function num(m: Msg, name: string, file: string, required: boolean): number | undefined {
  const v = m.v[name];
  if (v === undefined) {
    if (required) throw new InputError(file, m.self, `required field ${name} is missing`);
    return undefined;
  }
  return v as number;
}

function readIds(m: Msg, file: string): IdsRec {
  const out: Record<string, number | undefined> = {};
  for (const k of REQUIRED_IDS) out[k] = num(m, k, file, true);
  out.cgroup_ns_id = num(m, 'cgroup_ns_id', file, false);
  out.time_ns_id = num(m, 'time_ns_id', file, false);
  return out as unknown as IdsRec;
}

export function readDump(r: CriuDirReader): CriuDump {
  // inventory: which namespaces are the dumping environment's (the host's)
  const inv = one(r, 'inventory', 'inventory', 'every CRIU dump has one; its root_ids say which namespaces are the host\'s');
  const invFile = fileName(r, 'inventory');
  const ver = inv.v.img_version as number | undefined;
  if (ver !== undefined && ver !== KNOWN_IMG_VERSION) r.warn(`${invFile}: ${inv.at.img_version}: img_version ${ver}, crplan knows ${KNOWN_IMG_VERSION}; reading on`);
  const ri = inv.v.root_ids as Msg | undefined;
  if (!ri) throw new InputError(invFile, inv.self, 'root_ids is missing (needed to tell the image\'s namespaces from the host\'s)');
  const rootIds = readIds(ri, invFile);

  // pstree
  const psFile = fileName(r, 'pstree');
  const entries = readImage(r, 'pstree', 'pstree', 'the process tree');
  if (entries.length === 0) throw new InputError(psFile, '', 'has no entry: the dump holds no process');
  const pstree: PstreeRec[] = [];
  const byPid = new Map<number, PstreeRec>();
  const tids = new Map<number, number>();
  entries.forEach((m, i) => {
    const rec: PstreeRec = {
      pid: num(m, 'pid', psFile, true)!,
      ppid: num(m, 'ppid', psFile, false) ?? 0,
      pgid: num(m, 'pgid', psFile, false) ?? 0,
      sid: num(m, 'sid', psFile, false) ?? 0,
      threads: ((m.v.threads as Val | undefined) as number[] | undefined) ?? [],
    };
    const at = m.at.pid ?? m.self;
    if (rec.pid === 0) throw new InputError(psFile, at, 'pid 0 is not a process');
    if (byPid.has(rec.pid)) throw new InputError(psFile, at, `pid ${rec.pid} appears twice`);
    if (i === 0 && rec.ppid !== 0) throw new InputError(psFile, m.at.ppid ?? m.self, `the first entry (the dump root, pid ${rec.pid}) has ppid ${rec.ppid}, expected 0`);
    if (i > 0 && rec.ppid === 0) throw new InputError(psFile, m.at.ppid ?? m.self, `pid ${rec.pid} has ppid 0, but only the dump root (pid ${pstree[0].pid}) may`);
    if (rec.pgid === 0 || rec.sid === 0) {
      const what = rec.pgid === 0 ? 'pgid' : 'sid';
      throw new InputError(psFile, m.at[what] ?? m.self, `pid ${rec.pid} has ${what} 0: its ${what === 'sid' ? 'session' : 'group'} leader is outside the dump's pid namespace (a shell job?), which a crplan image cannot place`);
    }
    pstree.push(rec);
    byPid.set(rec.pid, rec);
  });
  for (const [i, rec] of pstree.entries()) {
    if (rec.ppid !== 0 && !byPid.has(rec.ppid)) throw new InputError(psFile, entries[i].at.ppid ?? entries[i].self, `pid ${rec.pid}'s parent ${rec.ppid} has no entry`);
  }

  const cores = new Map<number, CoreRec>();
  const ids = new Map<number, IdsRec>();
  for (const [i, rec] of pstree.entries()) {
    const base = `core-${rec.pid}`;
    const cf = fileName(r, base);
    const core = one(r, base, 'core', `the core of process ${rec.pid} named in ${psFile}`);
    const tc = core.v.tc as Msg | undefined;
    if (!tc) throw new InputError(cf, core.self, `process ${rec.pid}'s leader core has no task core (tc)`);
    const st = num(tc, 'task_state', cf, true)!;
    if (st !== TASK_ALIVE && st !== TASK_DEAD && st !== TASK_STOPPED) {
      throw new InputError(cf, tc.at.task_state, `task_state ${st} is not one CRIU writes for a process (1 alive, 2 dead/zombie, 3 stopped)`);
    }
    cores.set(rec.pid, {
      taskState: st,
      exitCode: num(tc, 'exit_code', cf, false) ?? 0,
      flags: num(tc, 'flags', cf, false),
      comm: tc.v.comm as string | undefined,
      subreaper: tc.v.child_subreaper as boolean | undefined,
      stopSigno: num(tc, 'stop_signo', cf, false),
    });
    if (st === TASK_DEAD) {
      // a zombie's `threads` is not meaningful and it has no ids image
      rec.threads = [rec.pid];
      continue;
    }
    if (rec.threads.length === 0) throw new InputError(psFile, entries[i].self, `live process ${rec.pid} lists no threads`);
    if (!rec.threads.includes(rec.pid)) throw new InputError(psFile, entries[i].at.threads ?? entries[i].self, `live process ${rec.pid}'s threads (${rec.threads.join(', ')}) do not include its own pid`);
    for (const t of rec.threads) {
      const other = tids.get(t);
      if (other !== undefined || (t !== rec.pid && byPid.has(t))) {
        throw new InputError(psFile, entries[i].at.threads ?? entries[i].self, `thread ${t} of process ${rec.pid} is also ${other !== undefined ? `a thread of process ${other}` : 'a process'}`);
      }
      tids.set(t, rec.pid);
      if (t !== rec.pid) one(r, `core-${t}`, 'core', `the core of thread ${t} of process ${rec.pid}`);
    }
    ids.set(rec.pid, readIds(one(r, `ids-${rec.pid}`, 'ids', `the namespace and sharing ids of process ${rec.pid}`), fileName(r, `ids-${rec.pid}`)));
  }

  // uts names of the image's own uts namespaces
  const uts = new Map<number, { nodename: string; domainname: string }>();
  for (const x of ids.values()) {
    const id = x.uts_ns_id;
    if (id === rootIds.uts_ns_id || uts.has(id)) continue;
    const base = `utsns-${id}`;
    if (!hasImage(r, base)) {
      r.warn(`${fileName(r, base)}: missing; the hostname of uts namespace ${id} is unknown`);
      continue;
    }
    const m = one(r, base, 'utsns', `the names of uts namespace ${id}`);
    uts.set(id, { nodename: (m.v.nodename as string | undefined) ?? '', domainname: (m.v.domainname as string | undefined) ?? '' });
  }
  return { reader: r, rootIds, pstree, cores, ids, uts };
}
