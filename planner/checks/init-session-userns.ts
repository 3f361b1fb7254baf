/**
 * A proof of impossibility (a kernel invariant, checked before planning): a task of a pid-ns
 * init's session in a user ns that is not the pid ns's owner or below it.
 *
 * Rules (docs/kernel-rules.md): the init of a pid ns N the restore creates is in N's owner user
 * ns or below it all its life (kernel-invariants.ts initUserNsLimit: OWN-1, UNSH-5, FORK-7); a
 * session is made only by the task whose pid is its number and is never joined, so every other
 * task of the init's session was created, CLONE_PARENT and CLONE_THREAD included, by a task of
 * that session after the init's setsid (SID-2, FORK-6, FORK-3, FORK-2); a child is born in its
 * creator's user ns or in a new child of it (FORK-7), and a task's user ns only moves down
 * (setns needs CAP_SYS_ADMIN in the target, which no task has in an ancestor or a sibling of its
 * own user ns; unshare(CLONE_NEWUSER) makes a child: SETNS-4, UNSH-3, OWN-2). So every task of
 * the session is in the owner or below it, at every moment.
 * Only for an N the restore creates (not the environment's), whose init is alive and leads its
 * session, and a known owner that is not the root user ns. O(tasks x user-ns depth): each init
 * reads only the tasks of its own session.
 */
import type { Image } from '../../model/image.js';
import type { Impossibility } from '../api.js';
import { userParents, userSameOrBelow } from './kernel-invariants.js';

export function initSessionUserNsLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const pidns = new Map(image.namespaces.filter((n) => n.type === 'pid').map((n) => [n.id, n]));
  // tasks by session (top-level number), so that each init reads only its own session's tasks
  const bySid = new Map<number, typeof image.tasks>();
  for (const x of image.tasks) if (x.sid.length > 0) (bySid.get(x.sid[0]) ?? bySid.set(x.sid[0], []).get(x.sid[0])!).push(x);
  for (const init of image.tasks) {
    if (init.pid[0] !== init.tgid || init.pid.length < 2 || init.pid[init.pid.length - 1] !== 1) continue;
    if (init.state !== 'running' && init.state !== 'stopped') continue;
    if (init.sid.length === 0 || init.sid[0] !== init.pid[0]) continue;
    const ns = pidns.get(init.pidns);
    if (!ns || ns.external || !ns.parent) continue;
    // (kernel-invariants.ts ownerOf's rule, read from ns itself: O(1) per init)
    const owner = ns.owner && parents.has(ns.owner) && parents.get(ns.owner) !== null ? ns.owner : undefined;
    if (!owner) continue;
    for (const x of bySid.get(init.pid[0]) ?? []) {
      if (!x.userns) continue;
      if (userSameOrBelow(parents, x.userns, owner) !== false) continue;
      return {
        rule: 'SID-2', culprits: [x.pid[0], init.tgid],
        chain: [
          `Task ${init.tgid} is pid 1 of pid ns ${ns.id}, its init, owned by user ns ${owner}: the init is in ${owner} or below it all its life (the unsharer's or clone3's child, OWN-1, UNSH-5, FORK-7).`,
          `It leads session ${init.pid[0]}: it made it with setsid, and a session is never joined, so every other task of the session was created by a task of that session after that setsid (SID-2, FORK-6, FORK-3, FORK-2).`,
          `A child is born in its creator's user ns or a new child of it (FORK-7), and a task's user ns only moves down (SETNS-4, UNSH-3, OWN-2): so every task of session ${init.pid[0]} is in ${owner} or below it.`,
          `The image puts task ${x.pid[0]}, of session ${init.pid[0]}, in user ns ${x.userns}, which is not ${owner} or below it: no plan exists.`,
        ],
        message: `task ${x.pid[0]} is in session ${init.pid[0]} of pid-ns init ${init.tgid} (${ns.id}, owned by ${owner}) but in user ns ${x.userns}, not ${owner} or below it`,
      };
    }
  }
  return null;
}
