/**
 * User namespaces: nesting, ownership, id maps, and the capability rule OWN-2.
 * Credentials (creds.ts) point at a user namespace; every other namespace records the user
 * namespace that owns it (OWN-1).
 */
import type { IdMapEntry } from '../model/image.js';
import { Namespace } from './namespaces.js';
import type { Creds } from './creds.js';

/** create_user_ns refuses when the parent's level is above this (levels 1..33 exist, OWN-4). */
export const MAX_USER_NS_PARENT_LEVEL = 32;

export class UserNamespace extends Namespace {
  readonly type = 'user' as const;
  uidMap: IdMapEntry[] = [];
  gidMap: IdMapEntry[] = [];
  /**
   * parent_could_setfcap: the creator held CAP_SETFCAP (crplan's creds: any capability) in the
   * parent ns when it created this one. Checked when the ns's own member maps uid 0 (OWN-6.root).
   */
  parentCouldSetfcap = true;
  /**
   * The environment's user ns of an unprivileged restorer that runs as uid 0 of a user ns of its
   * own (KernelProfile.restorerUid 0, as crplan's C program does when started by another user):
   * having created it, the restorer holds CAP_SETFCAP there, which verify_root_map asks of a
   * writer mapping that ns's uid 0 into a child (OWN-6.root). The other capabilities stay
   * withheld, as the unprivileged analysis assumes (profile.privileged = false).
   */
  restorerHoldsSetfcap = false;
  constructor(
    readonly parent: UserNamespace | null,
    /** euid/egid of the creator, as kernel ids (the "owner", OWN-2) */
    readonly ownerUid: number,
    readonly ownerGid: number,
    external: boolean,
  ) {
    super(null, external);
    this.level = parent ? parent.level + 1 : 0;
  }
  readonly level: number;

  /** Is `this` equal to `ancestor` or below it (in_userns)? */
  within(ancestor: UserNamespace): boolean {
    let ns: UserNamespace | null = this;
    while (ns && ns.level >= ancestor.level) {
      if (ns === ancestor) return true;
      ns = ns.parent;
    }
    return false;
  }
}

/**
 * OWN-2 (security/commoncap.c cap_capable): does `creds` hold its capabilities in `target`?
 * Yes in its own user ns if it has them; in a descendant if it has them or if its euid created
 * the child of its own ns on the path down; never in ancestors or siblings.
 */
export function nsCapable(creds: Creds, target: UserNamespace): boolean {
  let ns: UserNamespace = target;
  for (;;) {
    if (ns === creds.userns) return creds.caps;
    if (ns.level <= creds.userns.level || !ns.parent) return false;
    if (ns.parent === creds.userns && ns.ownerUid === creds.euid) return true;
    ns = ns.parent;
  }
}

function mapUp(map: IdMapEntry[], id: number): number | null {
  for (const e of map) if (id >= e.inside && id < e.inside + e.count) return e.outside + (id - e.inside);
  return null;
}

function mapDown(map: IdMapEntry[], id: number): number | null {
  for (const e of map) if (id >= e.outside && id < e.outside + e.count) return e.inside + (id - e.outside);
  return null;
}

/** make_kuid: the kernel id of `id` as seen in `ns`, or null when unmapped. */
export function kernelId(ns: UserNamespace, id: number, which: 'uid' | 'gid'): number | null {
  let cur: number | null = id;
  for (let n: UserNamespace | null = ns; n && n.parent && cur !== null; n = n.parent) {
    cur = mapUp(which === 'uid' ? n.uidMap : n.gidMap, cur);
  }
  return cur;
}

/** from_kuid: the id a kernel id has inside `ns`, or null when unmapped (kuid_has_mapping). */
export function idInNs(ns: UserNamespace, kid: number, which: 'uid' | 'gid'): number | null {
  const chain: UserNamespace[] = [];
  for (let n: UserNamespace | null = ns; n && n.parent; n = n.parent) chain.push(n);
  let cur: number | null = kid;
  for (let i = chain.length - 1; i >= 0 && cur !== null; i--) {
    cur = mapDown(which === 'uid' ? chain[i].uidMap : chain[i].gidMap, cur);
  }
  return cur;
}
