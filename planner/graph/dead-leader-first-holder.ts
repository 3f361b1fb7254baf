/**
 * A dead leader as the first holder of what its children share (re-plan variant `shares`;
 * FORK-4, EXIT-1, EXIT-4). A dead leader (its leader thread exited, other threads live on)
 * released its own fd table and fs_struct at its exit; planner/graph/stand-ins.ts gives it its threads'
 * objects, or its creator's when its children share that one. When two or more of the processes
 * it creates share an object that neither its creator nor any of its threads holds, the leader
 * held that one itself: born without CLONE_FILES/CLONE_FS (a private copy), it forked them with
 * the flag, and its threads, created without that flag, took copies of their own (seed 18067:
 * pid-ns init 7 forks 9 and 12 with CLONE_FS, then its leader thread exits while thread 8 lives).
 * Its exit leaves the object to the children (a struct is freed with its last holder only).
 * Without this both children were entries of the object and the FORK-4 check failed: the
 * stand-in only applies where the plan had no way to share it before. An execve'd leader's fd
 * table is not taken (its execve gives it a private one, which its threads share: stand-ins.ts
 * execBorn covers what it held before). O(children).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Proc } from '../facts/facts.js';

export function deadLeaderFirstHolder(p: Proc, kids: readonly Task[], k: 'files' | 'fs', eff: (t: Task) => Task): string | null {
  if (k === 'files' && p.leader.execed === true) return null;
  const n = new Map<string, number>();
  for (const t of kids) {
    // (an execve'd child's fd table is its own since its execve, not one it was born sharing)
    if (k === 'files' && t.execed === true) continue;
    const o = eff(t)[k];
    if (o !== null) n.set(o, (n.get(o) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
  if (best === null || p.threads.some((th) => th[k] === best)) return null;
  return best;
}
