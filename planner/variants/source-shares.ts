/**
 * Re-plan variant `sourceShares` (index.ts, with `shares`; CreatorModel.sourceShares): more
 * processes for the share-source helpers of planner/sharing/share-sources.ts (FORK-2, FORK-3, FORK-4,
 * FORK-6, PGID-2, PID-4).
 *
 * share-sources.ts puts a helper H in the place of a parent C that made an fd table or fs_struct
 * and forked children sharing it, none of which can create another (a pid-ns init cannot
 * CLONE_PARENT, FORK-3). This variant widens it in two ways:
 * - an address space too: processes sharing an mm (and then, with it, their signal handlers:
 *   CLONE_SIGHAND requires CLONE_VM, FORK-2), a dead leader among them standing for its threads'
 *   mm (its own is gone, EXIT-1). H forks each with CLONE_VM (and CLONE_SIGHAND, CLONE_FILES,
 *   CLONE_FS for what they share too: build.ts reads H's stand-in, stand-ins.ts helperTask) and
 *   CLONE_PARENT. Fuzz case 597: 9 (a pid-ns init, its leader dead) and 11 share mm:6 and
 *   sighand:5 after a thread became its own process; 6 forks H, H forks both.
 *   One helper per set of processes: a set already given a helper in this pass for one kind is
 *   not given another for the next (it would leave the first with nothing to create), and that
 *   helper is an fs source (source-mnt.ts) when they share an fs_struct.
 * - processes whose group has no number in their pid ns (PGID-2, PID-4), which they can only
 *   inherit: H is born in C's group when C forks it, so they inherit it from H; build.ts's
 *   born-group walk goes through a reparent helper to its creator and orders H's fork while C is
 *   in the group, as for C's own children (FORK-6). Fuzz cases 597, 279 (9 and 11, 33 and 36 in a
 *   group led in an outer pid ns).
 * O(1) per query.
 */
import type { Proc } from '../facts/facts.js';
import { deadLeaderSourceFs } from './dead-leader-source.js';

export type SourceKind = 'files' | 'fs' | 'mm';

/** the kinds share-sources.ts serves: fd tables and fs_structs, and (variant sourceShares) address spaces */
export function sourceKinds(sourceShares: boolean | undefined): SourceKind[] {
  return sourceShares ? ['files', 'fs', 'mm'] : ['files', 'fs'];
}

/** may p be a source's process at all: live, or (variant sourceShares) a dead leader for its threads' mm */
export function sourceCandidate(sourceShares: boolean | undefined, p: Proc): boolean {
  if (p.zombie) return false;
  if (p.leader.state === 'running' || p.leader.state === 'stopped') return true;
  return sourceShares === true && p.leader.state === 'dead';
}

/** the object of kind k p holds: a dead leader's mm is its threads' (one address space per group); with `deadFs`, its fs_struct too */
export function sourceObject(p: Proc, k: SourceKind, deadFs = false): string | null {
  // (variant deadFsSources: a dead leader's fs_struct is its threads', dead-leader-source.ts)
  if (p.leader.state === 'dead') return k === 'mm' ? p.threads[0]?.mm ?? null : deadFs && k === 'fs' ? deadLeaderSourceFs(p) : null;
  return p.leader[k];
}

/** variant sourceShares: p inherits a group its pid ns cannot see from the helper, born in its creator's group */
export function groupThroughSource(sourceShares: boolean | undefined): boolean {
  return sourceShares === true;
}

/**
 * Variant sourceShares: the time ns a share-source helper of an address space makes before its
 * CLONE_VM forks (FORK-7, FORK-8, UNSH-6, SETNS-6). A CLONE_VM child stays in its creator's
 * active time ns and inherits its time_for_children, and a task sharing its mm can never
 * setns(time) (timens_install refuses a task that is not single-threaded) nor make one a
 * member's own time_for_children after its birth (its own unshare(CLONE_NEWTIME) makes another).
 * So when all of h's processes share an mm and end with one pending time_for_children T other
 * than their active time ns, h unshares T (it is its own time_for_children, its active time ns
 * unchanged) and forks them with CLONE_VM. Fuzz case 138: 9 and 31 share mm:1, in time:0 with
 * time_for_children time:2. undefined when that is not the case. O(processes h creates).
 */
export function sourceTimeOf(sourceShares: boolean | undefined, procs: ReadonlyMap<number, Proc>, nsproxyTime: (np: string) => { time: string; tfc: string } | undefined, external: (ns: string) => boolean, h: { creates: number[]; share?: unknown; source?: string }, mmShared: boolean): string | undefined {
  if (sourceShares !== true || !mmShared || h.creates.length < 2) return undefined;
  let out: { time: string; tfc: string } | undefined;
  for (const tgid of h.creates) {
    const p = procs.get(tgid);
    const th = p?.leader.nsproxy ? p.leader : p?.threads.find((t) => t.nsproxy !== null);
    const np = th?.nsproxy ? nsproxyTime(th.nsproxy) : undefined;
    if (!np || np.time === np.tfc || (out && (out.time !== np.time || out.tfc !== np.tfc))) return undefined;
    out = np;
  }
  return out && !external(out.tfc) ? out.tfc : undefined;
}
