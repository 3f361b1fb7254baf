/**
 * snapshot: the live simulated state as a crplan image (model/image.ts), seen from a base pid
 * namespace that becomes the image's level 0. Linear in the number of tasks.
 *
 * - Tasks: every unreleased task with a number in the base ns, except the global init's process
 *   (ROOT_ACTOR, the restorer). A zombie process is its leader only; a leader that exited while
 *   threads live is 'dead'. Parents that are the global init or have no number in the base ns
 *   give ppid 0; a group or session whose pid has no number in the base ns is written [0]
 *   (as /proc's NSpgid/NSsid show 0 for an id invisible in the reader's ns).
 * - Namespaces: every one reachable from those tasks (their pid ns, user ns, nsproxy slots) and,
 *   transitively, owners and parents; the user-ns tree up to the root. The kernel's boot
 *   namespaces are `external` (the environment's).
 * - Objrefs are assigned in order of first appearance, so equal states give equal images.
 */
import { IMAGE_FORMAT, type Image, type ImageSource, type Namespace as ImgNs, type NsProxy as ImgNsProxy, type Task as ImgTask, type ExitStatus } from '../model/image.js';
import type { Kernel } from './kernel.js';
import type { PidNamespace } from './pidns.js';
import type { Pid } from './pid.js';
import type { Task } from './task.js';
import type { Namespace } from './namespaces.js';
import { PlainNamespace, TimeNamespace, UtsNamespace } from './namespaces.js';
import { UserNamespace, idInNs } from './userns.js';
import { PidNamespace as PidNsClass } from './pidns.js';
import type { SharedObject } from './shared.js';

export interface SnapshotOptions {
  /** the pid ns that becomes the image's level 0 (default: the kernel's root pid ns) */
  base?: PidNamespace;
  source?: ImageSource;
  description?: string;
}

export function decodeStatus(s: number): ExitStatus {
  const sig = s & 0x7f;
  if (sig === 0) return { code: (s >> 8) & 0xff };
  return (s & 0x80) ? { signal: sig, core: true } : { signal: sig };
}

export function snapshot(k: Kernel, opts: SnapshotOptions = {}): Image {
  const base = opts.base ?? k.rootPidNs;
  const bl = base.level;
  const nsRefs = new Map<Namespace, string>();
  const nsCount = new Map<string, number>();
  const nsOrder: Namespace[] = [];
  const nsRef = (ns: Namespace): string => {
    let r = nsRefs.get(ns);
    if (r === undefined) {
      const n = nsCount.get(ns.type) ?? 0;
      nsCount.set(ns.type, n + 1);
      r = `${ns.type}:${n}`;
      nsRefs.set(ns, r);
      nsOrder.push(ns);
    }
    return r;
  };
  const objRefs = new Map<SharedObject, string>();
  const objCount = new Map<string, number>();
  const objRef = (o: SharedObject | null): string | null => {
    if (!o) return null;
    let r = objRefs.get(o);
    if (r === undefined) {
      const n = objCount.get(o.kind) ?? 0;
      objCount.set(o.kind, n + 1);
      r = `${o.kind}:${n}`;
      objRefs.set(o, r);
    }
    return r;
  };
  const proxies = new Map<string, ImgNsProxy>();
  const vec = (p: Pid): number[] => {
    if (p.nrIn(base) === 0) return [0];
    const out: number[] = [];
    for (let i = bl; i < p.numbers.length; i++) out.push(p.numbers[i].nr);
    return out;
  };

  const tasks: ImgTask[] = [];
  for (const t of k.tasks) {
    if (t.released || t.tg === k.init.tg || t.pid.nrIn(base) === 0) continue;
    tasks.push(snapTask(k, t, base, vec, nsRef, objRef, proxies));
  }

  const namespaces: ImgNs[] = [];
  for (let i = 0; i < nsOrder.length; i++) {
    const ns = nsOrder[i];
    const out: ImgNs = { id: nsRefs.get(ns)!, type: ns.type };
    if (ns.external) out.external = true;
    if (ns instanceof UserNamespace) {
      out.parent = ns.parent ? nsRef(ns.parent) : null;
      out.level = ns.level;
      out.ownerUid = ns.parent ? (idInNs(ns.parent, ns.ownerUid, 'uid') ?? 65534) : 0;
      out.uidMap = ns.uidMap.map((e) => ({ ...e }));
      out.gidMap = ns.gidMap.map((e) => ({ ...e }));
    } else {
      out.owner = nsRef(ns.owner!);
      if (ns instanceof PidNsClass) {
        out.parent = ns === base || !ns.parent ? null : nsRef(ns.parent);
        out.level = ns.level - bl;
        out.pidMax = ns.pidMax;
        out.lastPid = ns.lastPid;
      } else if (ns instanceof UtsNamespace) {
        out.hostname = ns.hostname;
        out.domainname = ns.domainname;
      } else if (ns instanceof TimeNamespace) {
        out.offsets = { monotonic: ns.monotonic, boottime: ns.boottime };
      } else if (!(ns instanceof PlainNamespace)) {
        throw new Error('snapshot: unknown namespace kind');
      }
    }
    namespaces.push(out);
  }
  const img: Image = {
    format: IMAGE_FORMAT,
    source: opts.source ?? { kind: 'simulated' },
    tasks,
    nsproxies: [...proxies.values()],
    namespaces,
  };
  if (opts.description) img.description = opts.description;
  return img;
}

function snapTask(
  k: Kernel, t: Task, base: PidNamespace, vec: (p: Pid) => number[],
  nsRef: (ns: Namespace) => string, objRef: (o: SharedObject | null) => string | null,
  proxies: Map<string, ImgNsProxy>,
): ImgTask {
  const tg = t.tg;
  const parent = tg.parent;
  const ppid = !parent || parent.tg === k.init.tg ? 0 : parent.tg.leader.pid.nrIn(base);
  let state: ImgTask['state'] = 'running';
  if (tg.state === 'zombie') state = 'zombie';
  else if (t.exited && tg.state === 'live') state = 'dead';
  else if (tg.stopSignal) state = 'stopped';
  const out: ImgTask = {
    pid: vec(t.pid),
    tgid: tg.leader.pid.nrIn(base),
    ppid,
    pgid: vec(tg.pgrp.pgid),
    sid: vec(tg.session.sid),
    state,
    subreaper: tg.isSubreaper,
    comm: t.name,
    pidns: nsRef(t.activePidNs),
    userns: nsRef(t.creds.userns),
    nsproxy: null,
    files: t.exited ? null : objRef(t.files),
    fs: t.exited ? null : objRef(t.fs),
    // a dead leader keeps the group's signal handlers until release (__exit_signal); zombies are
    // written null, as the image format asks for released resources
    sighand: state === 'zombie' ? null : objRef(t.sighand),
    mm: t.exited ? null : objRef(t.mm),
    execed: !t.forkNoExec,
    ignoresSigchld: t.sighand.sigchldIgnored,
  };
  if (state === 'zombie') out.exit = decodeStatus(tg.waitStatus);
  if (state === 'stopped') out.stopSignal = tg.stopSignal;
  if (t.nsproxy && !t.exited) {
    const p = t.nsproxy;
    const slots = {
      uts: nsRef(p.uts), ipc: nsRef(p.ipc), mnt: nsRef(p.mnt), net: nsRef(p.net), cgroup: nsRef(p.cgroup),
      pidForChildren: nsRef(p.pidForChildren), time: nsRef(p.time), timeForChildren: nsRef(p.timeForChildren),
    };
    const key = Object.values(slots).join(' ');
    let px = proxies.get(key);
    if (!px) {
      px = { id: `nsproxy:${proxies.size}`, ...slots };
      proxies.set(key, px);
    }
    out.nsproxy = px.id;
  }
  return out;
}
