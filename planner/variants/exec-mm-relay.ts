/**
 * Re-plan variant `execMmRelays` (index.ts SHR_VARIANTS, after a FORK-4 answer; FORK-2, FORK-4,
 * FORK-8, EXEC): an execve'd process relaying its creator's address space to a child.
 *
 * A process C forked P with CLONE_VM (same mm), P forked X with CLONE_VM, then P execve'd, which
 * gave P a new mm of its own (exec_mmap; FORK-2 as build.ts cites it for an execve'd process's
 * CLONE_VM children). The image shows C and X sharing an mm that P, their link, no longer holds,
 * and the share tree (FORK-4 for an mm) refused every plan: X's creator P does not hold it (seeds
 * 11, 19, 27, 61, 182 of the vm-forks generator; P sometimes a pid-ns init forked with
 * CLONE_VM|CLONE_NEWPID, or |CLONE_NEWUSER too, which FORK-7 allows; in 61 C is a dead leader,
 * holding its threads' mm).
 *
 * Here P is born with CLONE_VM from C (so not through a pid-ns maker helper, which shares
 * nothing: build.ts useMaker), forks X with CLONE_VM before its execve (build.ts orders X's
 * creation before P's execve), and the share tree (share-tree.ts) counts X as created by a holder
 * of its mm. P's time ns is C's at the fork (FORK-8: no timens_on_fork under CLONE_VM) until its
 * execve moves it into its time_for_children (FORK-8); P cannot setns(time) while it shares the
 * mm (SETNS-6), which the attempt with vmTimeBirths orders (vm-time-birth.ts). Only for P's
 * creator C holding the mm and P forking X itself (not a thread of P: threads come after the
 * execve, EXIT-1). Everything else is the build's usual; the plan is verified on replay like any
 * other, and the variant is kept only then. O(processes), once per build.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** execve'd process P -> the mm it held before its execve, its creator's, which a child of P keeps (see above) */
export function execMmRelays(f: Facts, m: CreatorModel, eff: (t: Task) => Task): Map<number, string> {
  const out = new Map<number, string>();
  if (!f.execMmRelays) return out;
  // the mm each creator's children keep, by creator tgid (not execve'd children: theirs is their own)
  const kept = new Map<number, Set<string>>();
  for (const x of f.procs.values()) {
    const by = m.creation.get(x.tgid)?.by;
    const mm = eff(x.leader).mm;
    if (!by?.startsWith('t') || mm === null || x.leader.execed === true) continue;
    const k = Number(by.slice(1));
    if (!kept.has(k)) kept.set(k, new Set());
    kept.get(k)!.add(mm);
  }
  for (const p of f.procs.values()) {
    const l = p.leader;
    if (l.execed !== true || p.zombie || (l.state !== 'running' && l.state !== 'stopped')) continue;
    const c = m.creation.get(p.tgid);
    if (!c || !c.by.startsWith('t') || (c.via && c.via !== c.by)) continue;
    const cr = f.tasks.get(Number(c.by.slice(1)));
    const mm = cr ? eff(cr).mm : null;
    if (mm === null || mm === l.mm || !kept.get(p.tgid)?.has(mm)) continue;
    out.set(p.tgid, mm);
  }
  return out;
}
