/**
 * What the operation vocabulary (executor/ops.ts) cannot express, checked before planning so the
 * answer is a clear "undecided: cannot be expressed" instead of a plan that fails verification:
 * - tasks sharing an fs_struct in different mount namespaces (FS_SHARED_ACROSS_NS, a warning):
 *   reachable on 6.18 only through setns(pidfd, CLONE_NEWNS | another type) by a CLONE_FS sharer,
 *   which the planner does not emit yet;
 * - a user namespace with only one of its id maps written (reachable when a writer's gid
 *   self-mapping is refused after its uid one succeeded): `write-idmap` writes both;
 * (User namespaces owned by another uid than the restorer's are planned: the creator switches
 * ids with the `setresuid` op first, planner/emit.ts switchIdsFor.)
 * O(tasks).
 */
import type { Image } from '../model/image.js';

export const LIMITATION = 'not expressible with the operation vocabulary';

export function vocabularyLimits(image: Image): { reason: string; culprits: number[] } | null {
  const mntOf = new Map(image.nsproxies.map((n) => [n.id, n.mnt]));
  const fsMnt = new Map<string, { mnt: string; pid: number }>();
  for (const t of image.tasks) {
    const m = t.fs && t.nsproxy ? mntOf.get(t.nsproxy) : undefined;
    if (!t.fs || m === undefined) continue;
    const prev = fsMnt.get(t.fs);
    if (!prev) fsMnt.set(t.fs, { mnt: m, pid: t.pid[0] });
    else if (prev.mnt !== m) {
      return {
        reason: `tasks ${prev.pid} and ${t.pid[0]} share fs ${t.fs} across mount namespaces ${prev.mnt} and ${m}; reachable only by setns(pidfd, CLONE_NEWNS | another type) with the fs_struct shared, which the planner does not plan yet (FS_SHARED_ACROSS_NS, SETNS-2)`,
        culprits: [prev.pid, t.pid[0]],
      };
    }
  }
  for (const n of image.namespaces) {
    if (n.type !== 'user' || n.external) continue;
    const u = n.uidMap?.length ?? 0;
    const g = n.gidMap?.length ?? 0;
    if ((u === 0) !== (g === 0)) {
      return {
        reason: `user ns ${n.id} has its ${u ? 'uid' : 'gid'} map written but not its ${u ? 'gid' : 'uid'} map; the write-idmap op writes both; ${LIMITATION} (OWN-6)`,
        culprits: image.tasks.filter((t) => t.userns === n.id).map((t) => t.pid[0]).slice(0, 8),
      };
    }
  }
  return null;
}
