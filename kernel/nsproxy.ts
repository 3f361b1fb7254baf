/**
 * struct nsproxy: the per-task (per-thread, e18) set of namespaces other than user and the
 * active pid ns. Shared between tasks until one of them changes a namespace; changes always
 * make a new NsProxy (copy on write), so sharing is object identity.
 */
import type { PidNamespace } from './pidns.js';
import type { PlainNamespace, TimeNamespace, UtsNamespace } from './namespaces.js';

export interface NsSet {
  uts: UtsNamespace;
  ipc: PlainNamespace;
  mnt: PlainNamespace;
  net: PlainNamespace;
  cgroup: PlainNamespace;
  pidForChildren: PidNamespace;
  time: TimeNamespace;
  timeForChildren: TimeNamespace;
}

export class NsProxy implements NsSet {
  readonly uts: UtsNamespace;
  readonly ipc: PlainNamespace;
  readonly mnt: PlainNamespace;
  readonly net: PlainNamespace;
  readonly cgroup: PlainNamespace;
  readonly pidForChildren: PidNamespace;
  readonly time: TimeNamespace;
  readonly timeForChildren: TimeNamespace;
  constructor(s: NsSet) {
    this.uts = s.uts;
    this.ipc = s.ipc;
    this.mnt = s.mnt;
    this.net = s.net;
    this.cgroup = s.cgroup;
    this.pidForChildren = s.pidForChildren;
    this.time = s.time;
    this.timeForChildren = s.timeForChildren;
  }

  /** A copy with some slots replaced. */
  with(changes: Partial<NsSet>): NsProxy {
    return new NsProxy({ ...this, ...changes });
  }
}
