/**
 * A pid namespace with no task that several live tasks hold as pid_for_children (a dead init's
 * leftover). Each unshare(CLONE_NEWPID) makes a new namespace, and the file of one cannot be
 * opened before it has an init (UNSH-5, NSFD-1), so the holders share it the way the original
 * tasks did: one holder whose pid ns is the namespace's parent unshares it in the main phase
 * (as a lone holder does, build.ts "pfcnew"); at the start of the final phase, once it and the
 * others have created every task they create (their later forks would land there, UNSH-5), it
 * forks a temporary init into it (PID-7), the other holders setns to the namespace through that
 * init (SETNS-5), and the init exits and is reaped by its creator (EXIT-8, EXIT-6): the
 * namespace is left with no task, and forks into it fail with ENOMEM, as in the image.
 * A holder whose final user ns has no rights over the namespace's owner joins it before its
 * user-ns switch instead: the whole step then runs in the main phase (build.ts).
 * O(tasks).
 */
import type { Facts } from '../facts/facts.js';
import type { Emitter } from '../output/emit.js';

/** Shared empty pid_for_children namespaces: ns -> its holders, the unsharer first. O(tasks). */
export function sharedEmptyPfc(f: Facts): Map<string, number[]> {
  const holders = new Map<string, number[]>();
  for (const t of f.image.tasks) {
    if (t.nsproxy === null || (t.state !== 'running' && t.state !== 'stopped')) continue;
    const ns = f.nsproxy.get(t.nsproxy)?.pidForChildren;
    if (!ns || ns === t.pidns) continue;
    const info = f.pidns.get(ns);
    if (!info || info.populated || info.ns.external) continue;
    const l = holders.get(ns) ?? [];
    l.push(t.pid[0]);
    holders.set(ns, l);
  }
  const out = new Map<string, number[]>();
  for (const [ns, l] of holders) {
    if (l.length < 2) continue;
    const parent = f.pidns.get(ns)!.parent;
    const x = l.find((tid) => f.tasks.get(tid)!.pidns === parent);
    if (x === undefined) continue;
    out.set(ns, [x, ...l.filter((tid) => tid !== x)]);
  }
  return out;
}

/**
 * Does holder `tid` lack, in its final user ns, the rights to setns to `ns` (CAP_SYS_ADMIN over
 * its owner, SETNS-5)? Then it joins in the main phase, before its user-ns switch. O(depth).
 */
export function pfcNeedsEarlyJoin(f: Facts, em: Emitter, ns: string, tid: number): boolean {
  const owner = f.pidns.get(ns)?.ns.owner;
  const own = !owner || f.nsById.get(owner)?.external ? f.rootUserNs : owner;
  const u = f.tasks.get(tid)?.userns;
  return !!u && !em.userDescends(own, u);
}

/** The name of the temporary init of `ns`. */
export function pfcInitName(ns: string): string {
  return `pfcinit-${ns.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** The final-phase construction above, for one namespace. */
export function shareEmptyPfc(em: Emitter, ns: string, holders: number[], actorOf: (tid: number) => string): void {
  const x = actorOf(holders[0]);
  const init = pfcInitName(ns);
  em.clone({ actor: x, child: init, tid: -1, pidns: ns, vector: [], thread: false, cloneParent: false, share: [], newPidns: false, why: `temporary init of pid ns ${ns}, which ${holders.join(', ')} hold as pid_for_children with no task in it: its ns file opens only while it has an init (UNSH-5, NSFD-1)` });
  for (const y of holders.slice(1)) em.finalPfc(actorOf(y), ns, `pid_for_children of ${y} as in the image: ${ns}, joined through its temporary init (SETNS-5)`);
  const st = em.get(init);
  em.exit(init, { code: 0, group: true }, `every holder of ${ns} has it: its temporary init exits, leaving it with no task as in the image (EXIT-8)`);
  em.reap(x, st, `reap ${init} so no helper is left behind (EXIT-6)`);
}
