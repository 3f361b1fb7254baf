/**
 * diffImages(expected, actual): compares two images as a user would, listing every difference
 * as one readable line (executor/contract.ts). Linear in tasks + namespaces.
 *
 * - Tasks are matched by their level-0 tid; compared: pid vector, tgid, ppid, pgid, sid, state,
 *   exit status, stop signal, subreaper (skipped where expected is null = unknown; a namespace
 *   owner also where the actual image has null), execed and
 *   ignoresSigchld (when the expected image states them).
 * - Namespaces are compared by structure, never by objref: walking the matched tasks pairs each
 *   expected namespace with the actual one in the same place (task's pid ns, user ns, each
 *   nsproxy slot; then owners and parents). A pairing must be one-to-one: two tasks sharing a
 *   namespace in one image and not in the other is a difference. An expected namespace marked
 *   external must pair with an external (environment) namespace of the same type, and a
 *   non-external one with a namespace that is not external. Paired namespaces are compared for
 *   level, uts names, id maps, owner uid, time offsets.
 * - Clone-time sharing (files, fs, sighand, mm) is compared as a partition the same way.
 */
import type { Image, Namespace, NsProxy, NsProxySlot, Task } from '../model/image.js';
import { NSPROXY_SLOTS } from '../model/image.js';
import type { Difference } from '../executor/contract.js';

const fmt = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** Structural equality of JSON values (undefined members count as absent). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (ao[k] !== undefined && !same(ao[k], bo[k])) return false;
  for (const k in bo) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}

class Pairing {
  private readonly e2a = new Map<string, { a: string; task: number }>();
  private readonly a2e = new Map<string, { e: string; task: number }>();
  constructor(private readonly what: string, private readonly kind = 'sharing') {}

  /** Record that expected `e` and actual `a` sit in the same place (for `task`); report conflicts. */
  pair(e: string, a: string, task: number, out: Difference[], where: string): boolean {
    const pe = this.e2a.get(e);
    const pa = this.a2e.get(a);
    let ok = true;
    if (pe && pe.a !== a) {
      ok = false;
      out.push({
        kind: this.kind, task, expected: e, actual: a,
        message: `task ${task}: ${where} should be the same ${this.what} as task ${pe.task}'s, but it is a different one`,
      });
    }
    if (pa && pa.e !== e) {
      ok = false;
      out.push({
        kind: this.kind, task, expected: e, actual: a,
        message: `task ${task}: ${where} should not be shared with task ${pa.task}, but it is the same ${this.what}`,
      });
    }
    if (!pe) this.e2a.set(e, { a, task });
    if (!pa) this.a2e.set(a, { e, task });
    return ok && !pe;
  }
}

export function diffImages(expected: Image, actual: Image): Difference[] {
  const out: Difference[] = [];
  const eTasks = new Map<number, Task>();
  const aTasks = new Map<number, Task>();
  for (const t of expected.tasks) eTasks.set(t.pid[0], t);
  for (const t of actual.tasks) aTasks.set(t.pid[0], t);
  const eNs = new Map<string, Namespace>(expected.namespaces.map((n) => [n.id, n]));
  const aNs = new Map<string, Namespace>(actual.namespaces.map((n) => [n.id, n]));
  const eProxy = new Map<string, NsProxy>(expected.nsproxies.map((p) => [p.id, p]));
  const aProxy = new Map<string, NsProxy>(actual.nsproxies.map((p) => [p.id, p]));

  for (const [tid] of eTasks) {
    if (!aTasks.has(tid)) out.push({ kind: 'missing-task', task: tid, message: `task ${tid} (${eTasks.get(tid)!.comm ?? '?'}) is missing` });
  }
  for (const [tid, t] of aTasks) {
    if (!eTasks.has(tid)) out.push({ kind: 'extra-task', task: tid, message: `task ${tid} (${t.comm ?? '?'}) exists but should not` });
  }

  const nsPair = new Pairing('namespace');
  const shared = {
    files: new Pairing('fd table', 'files'), fs: new Pairing('fs_struct', 'fs'),
    sighand: new Pairing('signal handlers', 'sighand'), mm: new Pairing('address space', 'mm'),
  };
  const nsQueue: Array<[string, string, number]> = [];

  const field = (task: number, kind: string, e: unknown, a: unknown, label: string): void => {
    if (!same(e, a)) {
      out.push({ kind, task, expected: e, actual: a, message: `task ${task}: ${label} should be ${fmt(e)}, is ${fmt(a)}` });
    }
  };

  const pairNs = (e: string | null | undefined, a: string | null | undefined, task: number, where: string): void => {
    if (e === null || e === undefined) return; // unknown in the expected image
    if (a === null || a === undefined) {
      out.push({ kind: 'namespace', task, expected: e, actual: a, message: `task ${task}: ${where} is missing` });
      return;
    }
    const en = eNs.get(e);
    const an = aNs.get(a);
    if (!en || !an) {
      out.push({ kind: 'namespace', task, expected: e, actual: a, message: `task ${task}: ${where} refers to an undefined namespace (${!en ? `expected ${e}` : `actual ${a}`})` });
      return;
    }
    if (en.type !== an.type) {
      out.push({ kind: 'namespace', task, expected: en.type, actual: an.type, message: `task ${task}: ${where} should be a ${en.type} namespace, is ${an.type}` });
      return;
    }
    if (en.external || an.external) {
      if (!en.external) out.push({ kind: 'namespace', task, message: `task ${task}: ${where} should be a namespace of the image, is the environment's` });
      else if (!an.external) out.push({ kind: 'namespace', task, message: `task ${task}: ${where} should be the environment's, is a new one` });
      return;
    }
    if (nsPair.pair(e, a, task, out, where)) nsQueue.push([e, a, task]);
  };

  for (const [tid, e] of eTasks) {
    const a = aTasks.get(tid);
    if (!a) continue;
    field(tid, 'pid', e.pid, a.pid, 'pid vector');
    field(tid, 'tgid', e.tgid, a.tgid, 'tgid');
    field(tid, 'ppid', e.ppid, a.ppid, 'ppid');
    field(tid, 'pgid', e.pgid, a.pgid, 'pgid');
    field(tid, 'sid', e.sid, a.sid, 'sid');
    field(tid, 'state', e.state, a.state, 'state');
    if (e.state === 'zombie' && a.state === 'zombie') {
      const ee = e.exit ?? {};
      const ae = a.exit ?? {};
      // the core flag (wait status 0x80) both ways: absent means no core was dumped
      const core = (x: typeof ee) => (x.signal === undefined ? {} : { core: x.core === true });
      field(tid, 'exit', { code: ee.code, signal: ee.signal, ...core(ee) }, { code: ae.code, signal: ae.signal, ...core(ae) }, 'exit status');
    }
    if (e.state === 'stopped' && a.state === 'stopped') field(tid, 'stop-signal', e.stopSignal ?? 19, a.stopSignal ?? 19, 'stop signal');
    if (e.subreaper !== null) field(tid, 'subreaper', e.subreaper, a.subreaper, 'child-subreaper flag');
    if (typeof e.execed === 'boolean') field(tid, 'execed', e.execed, a.execed ?? null, 'execed');
    if (e.ignoresSigchld !== undefined) field(tid, 'sigchld', e.ignoresSigchld, a.ignoresSigchld ?? false, 'SIGCHLD ignored');

    pairNs(e.pidns, a.pidns, tid, 'pid namespace');
    pairNs(e.userns, a.userns, tid, 'user namespace');
    if (e.nsproxy !== null) {
      const ep = eProxy.get(e.nsproxy);
      const ap = a.nsproxy === null ? undefined : aProxy.get(a.nsproxy);
      if (!ap) {
        out.push({ kind: 'nsproxy', task: tid, expected: e.nsproxy, actual: a.nsproxy, message: `task ${tid}: has no namespaces (nsproxy) but should` });
      } else if (ep) {
        for (const slot of NSPROXY_SLOTS) pairNs(ep[slot], ap[slot], tid, `${slotName(slot)} namespace`);
      }
    } else if (a.nsproxy !== null && (e.state === 'zombie' || e.state === 'dead')) {
      out.push({ kind: 'nsproxy', task: tid, message: `task ${tid}: still holds namespaces but should have none (exited)` });
    }
    for (const kind of ['files', 'fs', 'sighand', 'mm'] as const) {
      const ev = e[kind];
      // A zombie released these at exit; an image that still names them gets the
      // ZOMBIE_HOLDS_RESOURCES warning, which promises the restore ignores them.
      if (ev === null || e.state === 'zombie') continue;
      const av = a[kind];
      if (av === null) {
        out.push({ kind, task: tid, message: `task ${tid}: has no ${kind} but should` });
        continue;
      }
      shared[kind].pair(ev, av, tid, out, kind);
    }
  }

  // Paired namespaces: compare their own state, and pair their owners and parents.
  for (let i = 0; i < nsQueue.length; i++) {
    const [e, a, task] = nsQueue[i];
    const en = eNs.get(e)!;
    const an = aNs.get(a)!;
    const name = `${en.type} namespace of task ${task}`;
    const cmp = (kind: string, ev: unknown, av: unknown, label: string): void => {
      if (ev === undefined) return;
      if (!same(ev, av)) {
        out.push({ kind, task, expected: ev, actual: av, message: `${name}: ${label} should be ${fmt(ev)}, is ${fmt(av)}` });
      }
    };
    cmp('ns-level', en.level, an.level, 'level');
    if (en.type === 'uts') {
      cmp('ns-uts', en.hostname, an.hostname, 'hostname');
      cmp('ns-uts', en.domainname, an.domainname, 'domainname');
    }
    if (en.type === 'user') {
      cmp('ns-idmap', en.uidMap, an.uidMap, 'uid_map');
      cmp('ns-idmap', en.gidMap, an.gidMap, 'gid_map');
      cmp('ns-owner-uid', en.ownerUid, an.ownerUid, 'owner uid');
    }
    if (en.type === 'time') cmp('ns-time', en.offsets, an.offsets, 'time offsets');
    // an owner the actual image marks unknown (null: a capture's pid ns without an init) is not compared
    if (en.owner && an.owner !== null) pairNs(en.owner, an.owner, task, `owner of the ${name.replace(/ of task \d+$/, '')}`);
    if (en.parent) pairNs(en.parent, an.parent, task, `parent of the ${name.replace(/ of task \d+$/, '')}`);
    else if (en.parent === null && an.parent && (en.type === 'pid' || en.type === 'user')) {
      out.push({ kind: 'ns-parent', task, message: `${name}: should be a root ${en.type} namespace of the image, has a parent` });
    }
  }
  return out;
}

function slotName(slot: NsProxySlot): string {
  switch (slot) {
    case 'pidForChildren': return 'pid_for_children';
    case 'timeForChildren': return 'time_for_children';
    default: return slot;
  }
}
