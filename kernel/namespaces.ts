/**
 * Namespaces other than pid and user (uts, ipc, mnt, net, cgroup, time), and their common base.
 * A namespace is a shared object: tasks reach it through their nsproxy; it lives as long as
 * something references it (JS references play the role of the kernel's refcounts, which is why
 * an nsfs fd or a dead init's nsproxy keeps a pid ns "alive but unusable", NSFD-2).
 * Every namespace records its owning user namespace at creation (OWN-1).
 */
import type { NsType } from '../model/image.js';
import type { UserNamespace } from './userns.js';

let nextInode = 4026531835;

export abstract class Namespace {
  /** like the nsfs inode number: unique, stable for the namespace's lifetime */
  readonly inode = nextInode++;
  abstract readonly type: NsType;
  constructor(
    /** owning user namespace (OWN-1); null only for the root user namespace */
    readonly owner: UserNamespace | null,
    /** true for the namespaces the kernel booted with: the environment's, never the restorer's */
    readonly external: boolean,
  ) {}
}

export class UtsNamespace extends Namespace {
  readonly type = 'uts' as const;
  hostname = 'crplan-sim';
  domainname = '(none)';
}

/** ipc, mnt, net, cgroup: the simulator only tracks identity and ownership. */
export class PlainNamespace extends Namespace {
  constructor(readonly type: 'ipc' | 'mnt' | 'net' | 'cgroup', owner: UserNamespace, external: boolean) {
    super(owner, external);
  }
}

export class TimeNamespace extends Namespace {
  readonly type = 'time' as const;
  monotonic = 0;
  boottime = 0;
  /** offsets are frozen once any task has entered the namespace (UNSH-6); the boot ns is frozen */
  frozen = false;
}

/** Copy a namespace for CLONE_NEW*: uts copies the names, time copies the offsets (not frozen). */
export function copyNamespace(
  old: UtsNamespace | PlainNamespace | TimeNamespace,
  owner: UserNamespace,
): UtsNamespace | PlainNamespace | TimeNamespace {
  if (old instanceof UtsNamespace) {
    const n = new UtsNamespace(owner, false);
    n.hostname = old.hostname;
    n.domainname = old.domainname;
    return n;
  }
  if (old instanceof TimeNamespace) {
    const n = new TimeNamespace(owner, false);
    n.monotonic = old.monotonic;
    n.boottime = old.boottime;
    return n;
  }
  return new PlainNamespace(old.type, owner, false);
}
