/**
 * A proof of impossibility (a kernel invariant, checked before planning): a task of a pid-ns
 * init's session holding a namespace owned outside the pid ns's owner subtree that the init
 * could not have been born with.
 *
 * Rules (docs/kernel-rules.md): the init of a pid ns N the restore creates, and every task of the
 * session it leads, has its credentials in N's owner user ns U or below it at every moment
 * (init-session-userns.ts proves the image says so, or refuses it). A task whose user ns is U or
 * below it has no capability in a user ns outside that subtree (OWN-2), so:
 * - it cannot join a namespace owned outside the subtree (SETNS-3, SETNS-6, SETNS-7: CAP_SYS_ADMIN
 *   in the target's owner);
 * - a namespace it creates is owned by its own user ns or a new child of it (OWN-1, UNSH-4, FORK-7).
 * The only way such a task holds a namespace owned outside U's subtree is inheritance at fork
 * (FORK-7, FORK-8). Every other task of the session was created by a task of the session after the
 * init's setsid (SID-2, FORK-6, FORK-3, FORK-2), so the inheritance starts with the namespaces the
 * init was born with: of each type, the session holds at most one namespace owned outside U's
 * subtree, the init's birth one, and when the init itself ends in one, that is it (it could never
 * have entered another). Time has two such sources, the init's birth time ns and its birth
 * time_for_children, since a CLONE_VM child keeps its creator's time ns (FORK-8): the counting is
 * outside-ns-inheritance.ts's. pid_for_children is left to the pid rules.
 * Only for an N the restore creates whose init is alive and leads its session, with a known owner
 * that is not the root user ns. O(tasks x user-ns depth): each init reads its own session's tasks.
 */
import type { Image, NsProxy, Task } from '../../model/image.js';
import type { Impossibility } from '../api.js';
import { userParents, userSameOrBelow } from './kernel-invariants.js';
import { initSessions } from './init-sessions.js';
import { outsideNsConflict } from './outside-ns-inheritance.js';

export function initSessionNsLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const byId = new Map(image.namespaces.map((n) => [n.id, n]));
  const nsproxy = new Map(image.nsproxies.map((p) => [p.id, p]));
  const owner = (n: string): string => byId.get(n)?.owner ?? '?';
  for (const { init, pidns: pns, owner: u, members } of initSessions(image, parents)) {
    // outside U's subtree: known owner, not U or below it (undefined answers give no verdict)
    const outside = (id: string): boolean => {
      const o = byId.get(id)?.owner;
      return !!o && userSameOrBelow(parents, o, u) === false;
    };
    // the init first: its end namespaces owned outside are its birth ones
    const family: Array<{ task: Task; np: NsProxy }> = [];
    for (const x of [init, ...members.filter((m) => m !== init)]) {
      const np = x.nsproxy ? nsproxy.get(x.nsproxy) : undefined;
      if (np) family.push({ task: x, np });
    }
    const c = outsideNsConflict(family, outside);
    if (!c) continue;
    const held = c.holds.map((h) => `task ${h.by} ${h.id} (${h.slot}, owned by ${owner(h.id)})`);
    const ids = c.holds.map((h) => h.id);
    const by = [...new Set(c.holds.map((h) => h.by))];
    return {
      rule: 'SETNS-7', culprits: [...new Set([...[...by].reverse(), init.tgid])],
      chain: [
        `Task ${init.tgid} is pid 1 of pid ns ${pns.id}, owned by user ns ${u}, and leads session ${init.pid[0]}: every task of that session is in ${u} or below it at every moment (init-session proof: OWN-1, UNSH-5, FORK-7, SID-2, SETNS-4).`,
        `Such a task has no capability in a user ns outside ${u}'s subtree (OWN-2): it cannot join a namespace of type ${c.type} owned there (SETNS-3, SETNS-6, SETNS-7), and what it creates is owned by its own user ns or below (OWN-1, UNSH-4, FORK-7).`,
        `So a namespace of type ${c.type} owned outside ${u}'s subtree reaches the session only by inheritance, with ${init.tgid} as the root whose birth namespaces it starts from (SID-2): ${c.why}.`,
        `The image gives ${held.join(' and ')}, all of session ${init.pid[0]} and outside ${u}'s subtree: no plan exists.`,
      ],
      message: `${by.length === 1 ? 'task' : 'tasks'} ${by.join(' and ')} of session ${init.pid[0]} (pid-ns init ${init.tgid}, ${pns.id} owned by ${u}) hold ${c.holds.length === 2 ? 'two' : 'three'} ${c.type} namespaces owned outside ${u}'s subtree, ${ids.join(' and ')}; only the init's birth ${c.type === 'time' ? 'time namespaces' : 'one'} can reach that session`,
    };
  }
  return null;
}
