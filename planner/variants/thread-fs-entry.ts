/**
 * Re-plan variant `threadFsEntries` (with `shares` and `zombieShares`): a process P whose live
 * thread T holds an fs_struct O that P's leader does not, and that a task of another process holds
 * too, counts as a holder of O for the zombie first holders of planner/sharing/share-zombies.ts, and for
 * the zombie's stand-in (stand-ins.ts).
 *
 * In the history a task forked P with CLONE_FS (P shared O), P created T (a thread always shares
 * its creator's fs_struct, FORK-2), and P's leader then took its own copy by unshare(CLONE_FS) or
 * unshare(CLONE_NEWNS) (UNSH-1), leaving O to T. A zombie Z that forked P and the other holder
 * with CLONE_FS is their first holder, exactly as for two leaders sharing O: Z forks both (FORK-4,
 * CLONE_PARENT keeps P's image parent, FORK-3), and fs-unshare-relay.ts (variant `shares`: a
 * leader whose thread keeps its creator's fs_struct) has P create T before its own unshare.
 * Only fs: that is the relay fs-unshare-relay.ts builds. O(tasks) to index the holders, once per
 * model; O(threads of P) per question.
 */
import type { Facts, Proc } from '../facts/facts.js';

const holdersMemo = new WeakMap<Facts, Map<string, Set<number>>>();

/** processes (tgids) with a live task holding each fs_struct. O(tasks), once per Facts. */
function fsHolders(f: Facts): Map<string, Set<number>> {
  let h = holdersMemo.get(f);
  if (h) return h;
  h = new Map();
  for (const t of f.image.tasks) {
    if (t.fs === null || (t.state !== 'running' && t.state !== 'stopped')) continue;
    const s = h.get(t.fs);
    if (s) s.add(t.tgid);
    else h.set(t.fs, new Set([t.tgid]));
  }
  holdersMemo.set(f, h);
  return h;
}

/** The fs_struct a live thread of p keeps that p's live leader does not and another process holds, or null. */
export function threadKeptFs(f: Facts, p: Proc): string | null {
  if (p.zombie || (p.leader.state !== 'running' && p.leader.state !== 'stopped')) return null;
  const h = fsHolders(f);
  for (const t of p.threads) {
    if (t.fs === null || t.fs === p.leader.fs || (t.state !== 'running' && t.state !== 'stopped')) continue;
    if ((h.get(t.fs)?.size ?? 0) >= 2) return t.fs;
  }
  return null;
}
