/**
 * User and group ids across the image's user namespaces, as the kernel maps them (make_kuid,
 * from_kuid): a "kernel id" is the id in the environment's user ns, which the image's root user
 * ns stands for and which maps the host's ids one to one (executor/contract.ts). External
 * namespaces and the root are taken as that identity. O(user-ns depth) per call.
 */
import type { IdMapEntry, Namespace } from '../../model/image.js';

export type IdKind = 'uid' | 'gid';

function mapOf(n: Namespace, which: IdKind): IdMapEntry[] {
  return (which === 'uid' ? n.uidMap : n.gidMap) ?? [];
}

/** The user namespaces from the root down to `ns` that translate ids (not the root, not external). */
function chain(nsById: Map<string, Namespace>, ns: string): Namespace[] {
  const out: Namespace[] = [];
  for (let c: string | null | undefined = ns; c; c = nsById.get(c)?.parent) {
    const n = nsById.get(c);
    if (n && n.parent && !n.external) out.push(n);
  }
  return out.reverse();
}

/** make_kuid: the kernel id of `id` as seen in user ns `ns`, or null when unmapped. */
export function kernelIdIn(nsById: Map<string, Namespace>, ns: string, id: number, which: IdKind): number | null {
  const c = chain(nsById, ns);
  let cur: number | null = id;
  for (let i = c.length - 1; i >= 0 && cur !== null; i--) {
    let next: number | null = null;
    for (const e of mapOf(c[i], which)) if (cur >= e.inside && cur < e.inside + e.count) { next = e.outside + (cur - e.inside); break; }
    cur = next;
  }
  return cur;
}

/** from_kuid: the id kernel id `kid` has inside user ns `ns`, or null when unmapped. */
export function idInNs(nsById: Map<string, Namespace>, ns: string, kid: number, which: IdKind): number | null {
  let cur: number | null = kid;
  for (const n of chain(nsById, ns)) {
    if (cur === null) break;
    let next: number | null = null;
    for (const e of mapOf(n, which)) if (cur >= e.outside && cur < e.outside + e.count) { next = e.inside + (cur - e.outside); break; }
    cur = next;
  }
  return cur;
}
