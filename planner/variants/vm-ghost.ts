/**
 * Re-plan variant `vmGhosts` (index.ts SHR_VARIANTS, after a FORK-4 answer on an mm; FORK-2,
 * FORK-4, SID-2, EXIT-2): a session's ghost forked with CLONE_VM by the holder of the address
 * space its member keeps, forking that member with CLONE_VM.
 *
 * In the history Q forked Z with CLONE_VM, Z called setsid and forked X with CLONE_VM in its new
 * session, then Z died and X reparented (seed 155 of the vm-forks generator: Q = init 10, Z its
 * child with pid 2 there, X = 89, sharing mm:4 with 10). The plan recreates Z as session Z's
 * ghost G forked by Q, which forks X; G got no address space from Q, so FORK-4 refused the plan:
 * X and Q share an mm that neither's creator gives. share-ghosts.ts does the same for an fd table
 * or fs_struct (CLONE_FILES / CLONE_FS); this does it for an mm: G is forked with CLONE_VM
 * (holder-steps.ts), stands for Q's mm (stand-ins.ts helperTask), so its member sharing it is
 * forked with CLONE_VM too (build.ts shareFlags) and counts as created by a holder (share-tree.ts).
 * A CLONE_VM child keeps its creator's time ns (FORK-8) and setsid does not care about the mm, so
 * G and X are Q's time ns at their forks; the plan is verified on replay like any other.
 *
 * Only a placed session ghost created by a task Q (a live one, or a dead leader's live thread)
 * whose members include one sharing Q's mm, no two of its members sharing another mm (G would
 * stand for that one, stand-ins.ts). State per CreatorModel (a WeakMap), so shared modules gain
 * no field. Kept only when verified. O(processes + helpers).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { procOfActor } from '../sharing/creator-chain.js';

const ghosts = new WeakMap<CreatorModel, Map<string, string>>();

export function setVmGhosts(m: CreatorModel): void {
  ghosts.set(m, new Map());
}

/** In the variant, the mm ghost `name` is forked with (CLONE_VM) and passes on, else undefined. O(1). */
export function vmGhostMm(m: CreatorModel, name: string): string | undefined {
  return ghosts.get(m)?.get(name);
}

/** a process's mm: its leader's, or a live thread's when the leader is dead (stand-ins.ts eff) */
const mmOf = (p: Proc): string | null => (p.leader.state !== 'dead' ? p.leader.mm : p.threads.find((t) => t.mm !== null)?.mm ?? null);

/** The pass (after share-ghosts.ts); the number of ghosts forked with CLONE_VM. */
export function forkGhostsWithVm(f: Facts, m: CreatorModel): number {
  const out = ghosts.get(m);
  if (!out) return 0;
  const kidsOf = new Map<string, Proc[]>();
  for (const p of f.procs.values()) {
    const by = m.creation.get(p.tgid)?.by;
    if (!by?.startsWith('h')) continue;
    const l = kidsOf.get(by);
    if (l) l.push(p);
    else kidsOf.set(by, [p]);
  }
  for (const g of m.helpers) {
    if (g.role !== 'session-ghost' || !g.placed || !g.by.startsWith('t')) continue;
    const q = procOfActor(f, g.by);
    const mm = q && !q.zombie ? mmOf(q) : null;
    const kids = kidsOf.get(g.name) ?? [];
    if (mm === null || !kids.some((x) => !x.zombie && x.leader.execed !== true && mmOf(x) === mm)) continue;
    // (no two members sharing another mm: the ghost would stand for that one, stand-ins.ts)
    const seen = new Set<string>();
    if (kids.some((x) => { const o = x.zombie ? null : mmOf(x); if (o === null || o === mm) return false; if (seen.has(o)) return true; seen.add(o); return false; })) continue;
    out.set(g.name, mm);
    g.why += `; forked by ${q!.tgid} with CLONE_VM, so the member it forks with CLONE_VM shares ${q!.tgid}'s address space ${mm} (FORK-4)`;
  }
  return out.size;
}
