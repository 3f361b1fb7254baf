/**
 * Writing namespace state: sethostname/setdomainname (uts), /proc/PID/uid_map and gid_map
 * (OWN-6, user_namespaces(7)), /proc/PID/timens_offsets (UNSH-6).
 * kernel-rules.md gives no ids for the first two; the simulator cites UTS-1 and OWN-6.
 */
import type { IdMapEntry } from '../model/image.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fail } from './result.js';
import { UserNamespace, kernelId, nsCapable } from './userns.js';

export const NEW_UTS_LEN = 64;

/** sethostname (+ setdomainname): EPERM without CAP_SYS_ADMIN in the uts ns's owner; EINVAL > 64 bytes. */
export function sysSethostname(k: Kernel, cur: Task, hostname: string, domainname?: string): void {
  void k;
  const uts = cur.nsproxy!.uts;
  if (!nsCapable(cur.creds, uts.owner!)) fail('EPERM', 'UTS-1');
  if (Buffer.byteLength(hostname) > NEW_UTS_LEN) fail('EINVAL', 'UTS-1');
  if (domainname !== undefined && Buffer.byteLength(domainname) > NEW_UTS_LEN) fail('EINVAL', 'UTS-1');
  uts.hostname = hostname;
  if (domainname !== undefined) uts.domainname = domainname;
}

const MAX_EXTENTS = 340;

function validMap(map: IdMapEntry[]): boolean {
  if (map.length === 0 || map.length > MAX_EXTENTS) return false;
  for (let i = 0; i < map.length; i++) {
    const a = map[i];
    if (a.count < 1 || a.inside < 0 || a.outside < 0 || a.inside + a.count > 4294967295 || a.outside + a.count > 4294967295) return false;
    for (let j = 0; j < i; j++) {
      const b = map[j];
      if (a.inside < b.inside + b.count && b.inside < a.inside + a.count) return false;
      if (a.outside < b.outside + b.count && b.outside < a.outside + a.count) return false;
    }
  }
  return true;
}

/**
 * map_write for one map of `ns`, written by `cur` (OWN-6): EPERM unless the writer's user ns is
 * `ns` or its parent; EPERM when already written; EPERM without CAP_SYS_ADMIN in `ns`; EINVAL for
 * a malformed map; EPERM when an outside id is unmapped in the parent; EPERM unless it is the
 * owner's single self-mapping or the writer has CAP_SETUID/CAP_SETGID in the parent ns.
 * gid_map's self-mapping assumes setgroups was set to "deny" first. A uid map that maps the parent's
 * uid 0 also needs CAP_SETFCAP (OWN-6.root, verify_root_map).
 */
function writeMap(cur: Task, ns: UserNamespace, map: IdMapEntry[], which: 'uid' | 'gid'): void {
  const creds = cur.creds;
  const parent = ns.parent;
  if (!parent) fail('EPERM', 'OWN-6');
  if (creds.userns !== ns && creds.userns !== parent) fail('EPERM', 'OWN-6');
  if ((which === 'uid' ? ns.uidMap : ns.gidMap).length > 0) fail('EPERM', 'OWN-6');
  if (!nsCapable(creds, ns)) fail('EPERM', 'OWN-6');
  if (!validMap(map)) fail('EINVAL', 'OWN-6');
  for (const e of map) {
    if (kernelId(parent, e.outside, which) === null || kernelId(parent, e.outside + e.count - 1, which) === null) fail('EPERM', 'OWN-6');
  }
  // verify_root_map (OWN-6.root): a uid map with an extent whose outside id is 0 (the parent's
  // root) needs CAP_SETFCAP: the opener's in the parent ns, or, when a member writes its own ns,
  // the creator's when it created the ns. Checked before the self-mapping shortcut, so even a
  // one-id map of the owner's own uid 0 fails without it (observed on 6.18).
  if (which === 'uid' && map.some((e) => e.outside === 0)) {
    const setfcap = nsCapable(creds, parent) || (parent.restorerHoldsSetfcap && creds.userns === parent && creds.euid === 0);
    if (creds.userns === ns ? !ns.parentCouldSetfcap : !setfcap) fail('EPERM', 'OWN-6.root');
  }
  const self = which === 'uid' ? creds.euid : creds.egid;
  const selfMap = map.length === 1 && map[0].count === 1 && ns.ownerUid === creds.euid
    && kernelId(parent, map[0].outside, which) === self;
  if (!selfMap && !nsCapable(creds, parent)) fail('EPERM', 'OWN-6');
  if (which === 'uid') ns.uidMap = map.map((e) => ({ ...e }));
  else ns.gidMap = map.map((e) => ({ ...e }));
}

/** Write /proc/<target>/uid_map then gid_map (the target's user ns). ENOENT for a reaped target. */
export function sysWriteIdMaps(k: Kernel, cur: Task, target: Task, uidMap: IdMapEntry[], gidMap: IdMapEntry[]): void {
  void k;
  if (target.released) fail('ENOENT', 'OWN-6');
  const ns = target.creds.userns;
  // an empty map is not written (a restore of a user ns whose writer had only one of its maps
  // accepted: the file stays unwritten, as in the image)
  if (uidMap.length > 0) writeMap(cur, ns, uidMap, 'uid');
  if (gidMap.length > 0) writeMap(cur, ns, gidMap, 'gid');
}

/**
 * Write /proc/self/timens_offsets: the time_for_children ns of the caller's *process* (/proc/self
 * is the group leader). With `thread`, /proc/<own tid>/timens_offsets instead: the caller thread's
 * own time_for_children. /proc/thread-self (the task/ directory) has no timens_offsets, but the
 * hidden /proc/<tid> directory of a thread is a full per-task one whose file reads and writes that
 * thread's nsproxy, so a thread that made a time ns sets its offsets itself (observed on 6.18: a
 * thread's unshare(CLONE_NEWTIME), a write to /proc/<tid>/timens_offsets, and the thread's fork
 * sees the offset while /proc/<tgid>'s file stays 0). ESRCH when the leader has exited (no
 * nsproxy); EPERM without CAP_SYS_TIME (the writer's) in its owner; EACCES once a task has entered
 * it (the boot ns is always frozen) (UNSH-6). Both observed on 6.18 from threads.
 * ENOENT on kernels without time namespaces. (ERANGE for offsets that make a clock negative is
 * not modelled: it depends on the host's uptime.)
 */
export function sysWriteTimensOffsets(k: Kernel, cur: Task, monotonic: number, boottime: number, thread = false): void {
  if (!k.has('time-ns')) fail('ENOENT', 'UNSH-6');
  const owner = thread ? cur : cur.tg.leader;
  if (!owner.nsproxy) fail('ESRCH', 'UNSH-6');
  const ns = owner.nsproxy.timeForChildren;
  if (!nsCapable(cur.creds, ns.owner!)) fail('EPERM', 'UNSH-6');
  if (ns.frozen) fail('EACCES', 'UNSH-6');
  ns.monotonic = monotonic;
  ns.boottime = boottime;
}
