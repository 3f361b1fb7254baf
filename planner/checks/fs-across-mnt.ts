/**
 * Tasks sharing an fs_struct in different mount namespaces (FS_SHARED_ACROSS_NS): reachable on
 * 6.18 only through setns(pidfd, CLONE_NEWNS | another type) by a CLONE_FS sharer, which switches
 * its mount ns while its fs_struct stays shared (SETNS-2; setns(mnt fd) and setns(pidfd,
 * CLONE_NEWNS) alone fail EINVAL on a shared fs_struct, SETNS-3; unshare(CLONE_NEWNS) copies it,
 * UNSH-1/UNSH-4; CLONE_FS|CLONE_NEWNS is EINVAL, FORK-4).
 *
 * The construction: plan the image with every such sharer moved into one mount ns of its fs
 * (the one most of its sharers are in), so they can share it from birth as planned today; then,
 * for each moved sharer X, insert setns(pidfd(T), CLONE_NEWNS | CLONE_NEW<Y>) where T is a live
 * task of the image (not moved) in X's mount ns and in X's ns of type Y (uts, ipc, net or cgroup),
 * so that call changes only X's mount ns. The insertion point is searched on the simulated kernel
 * (X privileged, T settled, no later CLONE_FS child of X copying the new mount ns): from the end
 * of the plan backwards, the first point whose replay succeeds and brings the snapshot closer to
 * the image. The plan is verified against the image itself by the caller; an fs whose moved
 * sharers have no such T (the only members of their mount ns) stays undecided.
 *
 * Runs only on images with FS_SHARED_ACROSS_NS, which were all undecided before: plans of other
 * images are unchanged. O(plan length x replay) per moved sharer.
 */
import type { Image, NsProxy, Task } from '../../model/image.js';
import type { NsType } from '../../model/image.js';
import type { Op } from '../../executor/ops.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import type { KernelProfile } from '../../kernel/profile.js';

export interface FsMntMove {
  /** level-0 tid of the moved sharer */
  pid: number;
  /** its mount ns in the image */
  mnt: string;
  /** the live task whose pidfd it joins through */
  target: number;
  /** the second type of the pidfd call, one X and the target already share */
  other: NsType;
}

const live = (t: Task) => t.nsproxy !== null && (t.state === 'running' || t.state === 'stopped');
const OTHER: Array<'uts' | 'ipc' | 'net' | 'cgroup'> = ['uts', 'ipc', 'net', 'cgroup'];

/**
 * The image with each fs_struct's sharers in one mount ns, and the pidfd joins that give the moved
 * ones theirs back; null when some moved sharer has no live task to join through. O(tasks x fs).
 */
export function fsMntMoves(image: Image): { planned: Image; moves: FsMntMove[] } | null {
  const slots = new Map(image.nsproxies.map((p) => [p.id, p]));
  const byFs = new Map<string, Task[]>();
  for (const t of image.tasks) {
    if (!live(t) || !t.fs || !slots.has(t.nsproxy!)) continue;
    if (!byFs.has(t.fs)) byFs.set(t.fs, []);
    byFs.get(t.fs)!.push(t);
  }
  const moves: FsMntMove[] = [];
  const planned = structuredClone(image);
  const movedPids = new Set<number>();
  const pending: Array<{ t: Task; keep: string }> = [];
  for (const sharers of byFs.values()) {
    const count = new Map<string, number>();
    for (const t of sharers) { const m = slots.get(t.nsproxy!)!.mnt; count.set(m, (count.get(m) ?? 0) + 1); }
    if (count.size < 2) continue;
    // the mount ns most sharers are in (first seen on a tie): the fewest joins
    const keep = [...count].sort((a, b) => b[1] - a[1])[0][0];
    for (const t of sharers) if (slots.get(t.nsproxy!)!.mnt !== keep) { movedPids.add(t.pid[0]); pending.push({ t, keep }); }
  }
  if (pending.length === 0) return null;
  for (const { t, keep } of pending) {
    const np = slots.get(t.nsproxy!)!;
    // a target: a live task not moved, in X's mount ns and sharing one more type with X
    let found: FsMntMove | undefined;
    for (const u of image.tasks) {
      if (!live(u) || movedPids.has(u.pid[0])) continue;
      const up = slots.get(u.nsproxy!);
      if (!up || up.mnt !== np.mnt) continue;
      const other = OTHER.find((ty) => up[ty] === np[ty]);
      if (other) { found = { pid: t.pid[0], mnt: np.mnt, target: u.pid[0], other }; break; }
    }
    if (!found) return null;
    moves.push(found);
    // X planned in `keep`: an nsproxy of the image with X's other slots, or a new one
    const want: NsProxy = { ...np, mnt: keep };
    const same = planned.nsproxies.find((p) => (Object.keys(want) as Array<keyof NsProxy>).every((k) => k === 'id' || p[k] === want[k]));
    let id = same?.id;
    if (!id) {
      id = `${np.id}-fsmnt`;
      while (planned.nsproxies.some((p) => p.id === id)) id += '+';
      planned.nsproxies.push({ ...want, id });
    }
    planned.tasks.find((u) => u.pid[0] === t.pid[0])!.nsproxy = id;
  }
  return { planned, moves };
}

/**
 * The plan's ops with each move's pidfd join inserted where the replay accepts it, or null.
 * O(moves x ops x replay).
 */
export function insertPidfdJoins(image: Image, ops: Op[], moves: FsMntMove[], profile: KernelProfile): Op[] | null {
  let cur = ops;
  const score = (o: Op[]): number => {
    const r = replayOnSimKernel(image, o, { profile });
    return r.failedAt !== -1 ? Infinity : diffImages(image, r.snapshot).length;
  };
  let best = score(cur);
  if (best === Infinity) return null;
  for (const mv of moves) {
    const actor = `t${mv.pid}`;
    const born = cur.findIndex((o) => (o.op === 'clone' && o.child === actor));
    const targetBorn = cur.findIndex((o) => (o.op === 'clone' && o.child === `t${mv.target}`));
    if (born < 0 || targetBorn < 0) return null;
    const join: Op = {
      op: 'setns', actor, target: `t${mv.target}`, pidfd: true, nstypes: ['mnt', mv.other],
      why: `${mv.pid} enters mnt ns ${mv.mnt} through ${mv.target}'s pidfd with CLONE_NEWNS|CLONE_NEW${mv.other.toUpperCase()} (same ${mv.other} ns), which leaves its fs_struct shared (SETNS-2, FS_SHARED_ACROSS_NS)`,
    };
    let placed = false;
    for (let i = cur.length; i > Math.max(born, targetBorn); i--) {
      const next = [...cur.slice(0, i), join, ...cur.slice(i)];
      const s = score(next);
      if (s < best) { cur = next; best = s; placed = true; break; }
    }
    if (!placed) return null;
  }
  return best === 0 ? cur : null;
}
