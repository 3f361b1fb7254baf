/**
 * Siblings by the session they can be in: the index behind the CLONE_PARENT candidate search
 * (creators.ts siblingCandidates). A sibling R of P can create P in session N only when R is in N
 * for good (its session is N) or before its setsid (born_sid N, creators.ts timingIn); scanning
 * every sibling instead costs O(siblings) per query, O(n^2) under a busy init.
 *
 * Lists keep the order of the sibling list (Proc.children, Facts.rootChildren), so a filtered
 * walk visits exactly the siblings a full scan would accept, in the same order. born_sid entries
 * are only ever added (never changed or removed), so the born half grows by sorted insertion.
 * Build: O(processes); query: O(siblings in that session).
 */
import type { Facts } from '../facts/facts.js';
import { ROOT, isRootOwned } from '../facts/facts.js';

type Buckets = Map<number, Map<number, number[]>>;

function bucket(b: Buckets, parent: number, n: number, create: boolean): number[] | undefined {
  let byN = b.get(parent);
  if (!byN) {
    if (!create) return undefined;
    byN = new Map();
    b.set(parent, byN);
  }
  let list = byN.get(n);
  if (!list && create) {
    list = [];
    byN.set(n, list);
  }
  return list;
}

export class SiblingIndex {
  /** parent (ROOT for the restorer's children) -> session number (0 = the restorer's) -> siblings in it */
  private readonly inSession: Buckets = new Map();
  /** same, for born_sid */
  private readonly bornIn: Buckets = new Map();
  /** position of each process in its sibling list */
  private readonly pos = new Map<number, number>();
  private readonly seenBorn = new Set<number>();

  constructor(private readonly f: Facts) {
    const addList = (parent: number, list: number[]) => {
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        this.pos.set(r, i);
        const rp = f.procs.get(r)!;
        bucket(this.inSession, parent, isRootOwned(f, rp.sid) ? 0 : rp.sid, true)!.push(r);
      }
    };
    addList(ROOT, f.rootChildren);
    for (const p of f.procs.values()) addList(p.tgid, p.children);
  }

  /** Record born_sid(r) = n (call on every new born_sid entry). O(log k + k) for k such siblings, usually tiny. */
  noteBornSid(r: number, n: number): void {
    const i = this.pos.get(r);
    if (i === undefined || this.seenBorn.has(r)) return;
    this.seenBorn.add(r);
    const rp = this.f.procs.get(r)!;
    const list = bucket(this.bornIn, rp.parent, n, true)!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pos.get(list[mid])! < i) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, r);
  }

  /**
   * The siblings under `parent` (ROOT: the restorer's children) that are in session n or born in
   * it, in sibling-list order, each once.
   */
  *candidates(parent: number, n: number): Generator<number> {
    const a = bucket(this.inSession, parent, n, false) ?? [];
    const b = bucket(this.bornIn, parent, n, false) ?? [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length) yield a[i++];
      else if (i >= a.length) yield b[j++];
      else {
        const pa = this.pos.get(a[i])!;
        const pb = this.pos.get(b[j])!;
        if (pa < pb) yield a[i++];
        else if (pb < pa) yield b[j++];
        else { yield a[i++]; j++; }
      }
    }
  }
}
