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
import { initSessions } from './init-sessions.js';

export function initSessionUserNsLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  for (const { init, pidns: ns, owner, members } of initSessions(image, parents)) {
    for (const x of members) {
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
