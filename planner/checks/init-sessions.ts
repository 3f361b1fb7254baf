/**
 * The sessions the init-session proofs read (init-session-userns.ts, init-session-ns.ts): each
 * live pid-ns init that leads its own session, in a pid ns the restore creates whose owner is
 * known and not the root user ns, with the tasks of that session. Every other task of such a
 * session was created by one of the session after the init's setsid (SID-2, FORK-6, FORK-3,
 * FORK-2), and the init is in the owner or below it all its life (OWN-1, UNSH-5, FORK-7).
 * O(tasks): the tasks are bucketed by session once.
 */
import type { Image, Namespace, Task } from '../../model/image.js';

export interface InitSession {
  init: Task;
  pidns: Namespace;
  /** the pid ns's owner user ns */
  owner: string;
  /** the tasks of the init's session, the init and its threads included */
  members: Task[];
}

export function initSessions(image: Image, parents: ReadonlyMap<string, string | null>): InitSession[] {
  const pidns = new Map(image.namespaces.filter((n) => n.type === 'pid').map((n) => [n.id, n]));
  const bySid = new Map<number, Task[]>();
  for (const x of image.tasks) if (x.sid.length > 0) (bySid.get(x.sid[0]) ?? bySid.set(x.sid[0], []).get(x.sid[0])!).push(x);
  const out: InitSession[] = [];
  for (const init of image.tasks) {
    if (init.pid[0] !== init.tgid || init.pid.length < 2 || init.pid[init.pid.length - 1] !== 1) continue;
    if (init.state !== 'running' && init.state !== 'stopped') continue;
    if (init.sid.length === 0 || init.sid[0] !== init.pid[0]) continue;
    const ns = pidns.get(init.pidns);
    if (!ns || ns.external || !ns.parent) continue;
    // (kernel-invariants.ts ownerOf's rule, read from ns itself: O(1) per init)
    const owner = ns.owner && parents.has(ns.owner) && parents.get(ns.owner) !== null ? ns.owner : undefined;
    if (!owner) continue;
    out.push({ init, pidns: ns, owner, members: bySid.get(init.pid[0]) ?? [] });
  }
  return out;
}
