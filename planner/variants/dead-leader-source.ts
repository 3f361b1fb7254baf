/**
 * A dead leader as a process of a share-source helper for the fs_struct its threads keep
 * (re-plan variant `deadFsSources`, with `shares` and `sourceShares`; index.ts SHR_VARIANTS,
 * only after a FORK-4 first answer, kept only when verified).
 *
 * share-sources.ts puts a helper H in the place of a parent C that forked, with CLONE_FS,
 * children sharing one fs_struct, none of which can create another (a pid-ns init cannot
 * CLONE_PARENT, FORK-3). A dead leader was never one of them for an fs_struct: its own is
 * gone (EXIT-1), so sourceObject gave none. When all its threads keep one fs_struct o that
 * other processes share, the plan has the leader born holding o and create its threads with
 * CLONE_FS (FORK-4: a thread gets its creator's fs_struct at clone time), as the history did:
 * H forks it with CLONE_FS|CLONE_PARENT like the live sharers, and stand-ins.ts reads its
 * fs_struct through its threads; the replay checks the whole. Seed 87590: 5, the init of pid:1, its leader dead and thread 11 keeping fs:1,
 * and 71 were both forked by the restorer with CLONE_FS in the history; H, forked by the
 * restorer, forks both with CLONE_PARENT, and each calls setsid. O(threads).
 */
import type { Proc } from '../facts/facts.js';

/** The fs_struct a dead leader p stands for as a source process: the one all its threads keep, else null. */
export function deadLeaderSourceFs(p: Proc): string | null {
  const o = p.threads[0]?.fs ?? null;
  return o !== null && p.threads.every((t) => t.fs === o) ? o : null;
}
