/**
 * What an unprivileged restorer (profile.privileged = false: uid restorerUid, no capability
 * in the environment's user namespace) cannot restore exactly. Each obstacle is a kernel rule:
 * - a namespace the image recreates (not external) owned by the environment's user ns: creating
 *   it needs CAP_SYS_ADMIN there (OWN-3, OWN-1);
 * - tasks of an external level-0 pid ns (host pids): their numbers must be chosen in a pid ns
 *   owned by the environment's user ns, by set_tid or ns_last_pid (FORK-9, PID-6, OWN-6);
 * - a user ns created right below the environment's: its creator is the restorer, so its owner
 *   uid is the restorer's (OWN-1), and its maps can only be the owner's single self-mapping
 *   without CAP_SETUID/CAP_SETGID in the environment's user ns (OWN-6, user_namespaces(7)).
 * With none of them the image is planned as usual, the restorer's actor without capabilities,
 * and the plan is verified on the simulated kernel with the unprivileged profile.
 * O(tasks + namespaces).
 */
import type { Image, IdMapEntry } from '../../model/image.js';
import { rootPidNs, rootUserNs } from '../../model/image.js';
import { UNPRIVILEGED_UID } from '../../kernel/kernel.js';
import type { Impossibility } from '../api.js';
import type { KernelProfile } from '../../kernel/profile.js';

/** The restorer's uid in the environment's user ns under a profile (KernelProfile.restorerUid). */
export function restorerUid(profile: KernelProfile): number {
  return profile.restorerUid ?? (profile.privileged ? 0 : UNPRIVILEGED_UID);
}

const mapText = (m: IdMapEntry[] | undefined) => (m ?? []).map((e) => `${e.inside} ${e.outside} ${e.count}`).join(', ') || '(none)';

/** Is this map the single self-mapping of uid `u` (the only one an unprivileged owner may write)? */
export function isSelfMap(map: IdMapEntry[] | undefined, u: number): boolean {
  return (map ?? []).length === 1 && map![0].count === 1 && map![0].outside === u;
}

export function unprivilegedObstacles(image: Image, profile: KernelProfile): Impossibility | null {
  const root = rootUserNs(image);
  const u = restorerUid(profile);
  const chain: string[] = [`The restorer is unprivileged: it runs as uid ${u} with no capability in the environment's user namespace ${root?.id ?? '(root)'} (OWN-2).`];
  const rules: string[] = [];
  const culprits = new Set<number>();
  const members = (pred: (t: Image['tasks'][number]) => boolean) => image.tasks.filter(pred).map((t) => t.pid[0]);
  const owned = image.namespaces.filter((n) => n.type !== 'user' && !n.external && root && (n.owner ?? root.id) === root.id);
  if (owned.length) {
    rules.push('OWN-3');
    chain.push(`Namespace(s) ${owned.map((n) => `${n.id} (${n.type})`).join(', ')} are recreated by the restore and owned by ${root!.id}; creating a namespace needs CAP_SYS_ADMIN in its owner-to-be (OWN-3, OWN-1), which the restorer does not have.`);
    const ids = new Set(owned.map((n) => n.id));
    const np = new Map(image.nsproxies.map((p) => [p.id, p]));
    for (const t of members((t) => ids.has(t.pidns) || (t.nsproxy !== null && Object.values(np.get(t.nsproxy) ?? {}).some((v) => ids.has(v))))) culprits.add(t);
  }
  const pid0 = rootPidNs(image);
  if (pid0?.external) {
    const inHost = members((t) => t.pidns === pid0.id);
    if (inHost.length) {
      rules.push('FORK-9');
      chain.push(`Task(s) ${inHost.slice(0, 8).join(', ')}${inHost.length > 8 ? ', ...' : ''} live in the environment's pid namespace ${pid0.id} with their host pids; choosing a pid there (set_tid or ns_last_pid) needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE in its owner (FORK-9, PID-6, OWN-6).`);
      for (const t of inHost) culprits.add(t);
    }
  }
  for (const n of image.namespaces) {
    if (n.type !== 'user' || !root || n.parent !== root.id) continue;
    const inNs = members((t) => t.userns === n.id);
    if (n.ownerUid !== undefined && n.ownerUid !== u) {
      rules.push('OWN-1');
      chain.push(`User namespace ${n.id} has owner uid ${n.ownerUid}; created by the restorer it would be owned by uid ${u} (OWN-1), and the restorer cannot change its uid without CAP_SETUID.`);
      for (const t of inNs) culprits.add(t);
    }
    for (const [what, map] of [['uid', n.uidMap], ['gid', n.gidMap]] as const) {
      if ((map ?? []).length === 0 || isSelfMap(map, u)) continue;
      rules.push('OWN-6');
      chain.push(`User namespace ${n.id}'s ${what} map (${mapText(map)}) is not the single self-mapping of ${what} ${u}, the only map its owner may write without CAP_SET${what.toUpperCase()} in ${root.id} (OWN-6, user_namespaces(7)).`);
      for (const t of inNs) culprits.add(t);
    }
  }
  if (rules.length === 0) return null;
  const uniq = [...new Set(rules)];
  chain.push('So the image cannot be restored exactly by an unprivileged restorer.');
  return {
    rule: uniq[0], culprits: [...culprits].slice(0, 8), chain,
    message: `an unprivileged restorer cannot restore this image exactly (${uniq.join(', ')})`,
  };
}
