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
 * have entered another).
 * Types: uts, ipc, mnt, net, cgroup, and time (a task's time ns and time_for_children, both the
 * creator's time_for_children at birth, FORK-8). pid_for_children is left to the pid rules.
 * Only for an N the restore creates whose init is alive and leads its session, with a known owner
 * that is not the root user ns. O(tasks x user-ns depth): each init reads its own session's tasks.
 */
import type { Image, NsProxy } from '../../model/image.js';
import type { Impossibility } from '../api.js';
import { userParents, userSameOrBelow } from './kernel-invariants.js';
import { initSessions } from './init-sessions.js';

type Slot = 'uts' | 'ipc' | 'mnt' | 'net' | 'cgroup' | 'time';
/** the type's slots of an nsproxy: time has two, both the creator's time_for_children at birth */
const SLOTS: ReadonlyArray<[Slot, ReadonlyArray<keyof NsProxy>]> = [
  ['uts', ['uts']], ['ipc', ['ipc']], ['mnt', ['mnt']], ['net', ['net']], ['cgroup', ['cgroup']], ['time', ['time', 'timeForChildren']],
];

export function initSessionNsLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const byId = new Map(image.namespaces.map((n) => [n.id, n]));
  const nsproxy = new Map(image.nsproxies.map((p) => [p.id, p]));
  for (const { init, pidns: pns, owner: u, members } of initSessions(image, parents)) {
    const npInit = init.nsproxy ? nsproxy.get(init.nsproxy) : undefined;
    // outside U's subtree: known owner, not U or below it (undefined answers give no verdict)
    const outside = (id: string): boolean => {
      const o = byId.get(id)?.owner;
      return !!o && userSameOrBelow(parents, o, u) === false;
    };
    for (const [type, keys] of SLOTS) {
      // the one outside namespace of this type the session may hold, and who fixes it
      let held: { id: string; by: number; slot: string } | undefined;
      if (npInit) for (const k of keys) { const id = npInit[k] as string; if (id && outside(id) && !held) held = { id, by: init.pid[0], slot: k }; }
      for (const x of members) {
        const np = x.nsproxy ? nsproxy.get(x.nsproxy) : undefined;
        if (!np) continue;
        for (const k of keys) {
          const id = np[k] as string;
          if (!id || !outside(id)) continue;
          if (!held) { held = { id, by: x.pid[0], slot: k }; continue; }
          if (held.id === id) continue;
          const owner = (n: string): string => byId.get(n)?.owner ?? '?';
          return {
            rule: 'SETNS-7', culprits: [...new Set([x.pid[0], held.by, init.tgid])],
            chain: [
              `Task ${init.tgid} is pid 1 of pid ns ${pns.id}, owned by user ns ${u}, and leads session ${init.pid[0]}: every task of that session is in ${u} or below it at every moment (init-session proof: OWN-1, UNSH-5, FORK-7, SID-2, SETNS-4).`,
              `Such a task has no capability in a user ns outside ${u}'s subtree (OWN-2): it cannot join a namespace of type ${type} owned there (SETNS-3, SETNS-6, SETNS-7), and what it creates is owned by its own user ns or below (OWN-1, UNSH-4, FORK-7).`,
              `So a namespace of type ${type} owned outside ${u}'s subtree reaches the session only by inheritance from the namespaces ${init.tgid} was born with, which it cannot re-enter once it leaves them: the session holds at most one (FORK-7, FORK-8, SID-2).`,
              `The image gives task ${held.by} ${held.id} (${held.slot}, owned by ${owner(held.id)}) and task ${x.pid[0]} ${id} (${k}, owned by ${owner(id)}), both of session ${init.pid[0]} and both outside ${u}'s subtree: no plan exists.`,
            ],
            message: `tasks ${held.by} and ${x.pid[0]} of session ${init.pid[0]} (pid-ns init ${init.tgid}, ${pns.id} owned by ${u}) hold two ${type} namespaces owned outside ${u}'s subtree, ${held.id} and ${id}; only the init's birth one can reach that session`,
          };
        }
      }
    }
  }
  return null;
}
