/**
 * Re-plan variant `ghostSharedForks` (index.ts SHR_VARIANTS, with `shares`; FORK-4, EXIT-2,
 * PGID-2, SID-2): a dead leader's group ghost that forks a member and exits (sessions.ts
 * groupGhostCreates: the member reparents to its image parent) also forks the siblings that
 * share that member's fs_struct or fd table, all with CLONE_FS / CLONE_FILES, as their first
 * holder.
 *
 * In the history the dead group leader itself had forked them all with the flag before it died,
 * and they reparented to their present parent, a subreaper above it (EXIT-2). The planner gave
 * the ghost only the members that must be born in its group; a sibling sharing with one of them
 * but free to be born anywhere was forked by its parent, which holds neither object, and nothing
 * could give the two one fs_struct (FORK-4). Seed 34916: dead 7 forked 20 (init of pid:4, whose
 * child 44 must inherit group 7) and 37 with CLONE_FS, then died; both went to subreaper 5.
 *
 * Here the ghost forks the sibling too, with the flag: a helper forking two or more processes
 * that share an object holds it (stand-ins.ts helperTask), so build.ts gives each clone the flag
 * and the share-tree check counts the ghost as the object's one entry (FORK-4). For an fs_struct
 * the ghost is then a share source (HelperSpec.source, source-mnt.ts): it makes the user and mount
 * ns its sharers end in before its CLONE_FS forks, as they could neither join nor make them
 * afterwards (FORK-0, SETNS-3, SETNS-4, UNSH-1). The sibling is
 * born in the ghost's session and group; it is taken only when that is where it must be born
 * (its session, or none before its own setsid, SID-2) and it can reach its final group from
 * there (it leads it, or sees it from its pid ns, PGID-2); when it reparents to the same parent
 * (same image parent as the ghost's member); when the ghost can create it in its pid ns
 * (canCreateIn, SETNS-5); when its present creator, a task, shares nothing with it; and when the
 * ghost's own creator chain does not go through it (no creation cycle). An fd table is left out
 * for an execve'd sibling (execve unshares it).
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. O(ghosts x processes x creator-chain depth).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { isSessionLeader, needOf } from '../creators/creators.js';

const KINDS = ['fs', 'files'] as const;

/** Move such siblings to the group ghosts; the number moved. */
export function ghostSharedForks(f: Facts, m: CreatorModel): number {
  let moved = 0;
  for (const h of m.helpers) {
    if (h.role !== 'group-ghost' || h.cloneParent === true || !h.placed || h.group === undefined) continue;
    const kids = f.order.filter((p) => { const c = m.creation.get(p.tgid); return c?.by === h.name && c.via === h.name; });
    if (kids.length === 0) continue;
    /** the tasks on h's creator chain (h must not be created through what it forks) */
    const chain = new Set<string>();
    for (let by: string | undefined = h.by, guard = 0; by && guard < 256; guard++) {
      chain.add(by);
      by = by.startsWith('t') ? m.creation.get(f.tasks.get(Number(by.slice(1)))?.tgid ?? -1)?.by : m.helpers.find((x) => x.name === by)?.by;
    }
    for (const k of KINDS) {
      for (const kid of kids) {
        const o = kid.leader[k];
        if (o === null) continue;
        for (const q of f.order) {
          if (q === kid || q.leader[k] !== o || q.parent !== kid.parent || !takes(f, m, h.session, h.group, h.pidns, q, k) || chain.has(`t${q.tgid}`)) continue;
          m.creation.set(q.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `group ${h.group}'s ghost ${h.name} forks it with ${k === 'fs' ? 'CLONE_FS' : 'CLONE_FILES'} as it forks ${kid.tgid}, sharing ${o} with it, and exits, so it reparents to ${q.parent || 'the restorer'} (FORK-4, EXIT-2)` });
          h.creates.push(q.tgid);
          if (k === 'fs') h.source = 'fs';
          moved++;
        }
      }
    }
  }
  return moved;
}

/** May ghost (session n, group g, pid ns ns) fork q, sharing kind k with its member? O(1). */
function takes(f: Facts, m: CreatorModel, n: number, g: number, ns: string, q: Proc, k: 'fs' | 'files'): boolean {
  const c = m.creation.get(q.tgid);
  // a plain fork by a task that holds neither this object nor any other q shares
  if (!c || c.via || c.cloneParent || !c.by.startsWith('t') || q.zombie || q.leader.state === 'dead') return false;
  const cr = f.tasks.get(Number(c.by.slice(1)));
  if (!cr || (['files', 'fs', 'mm'] as const).some((x) => q.leader[x] !== null && cr[x] === q.leader[x])) return false;
  if (k === 'files' && q.leader.execed === true) return false;
  // born in the ghost's session: its own, or any before its setsid (SID-2)
  const need = needOf(f, m, q);
  if (need !== null ? need !== n : isSessionLeader(f, q) && m.bornSid.has(q.tgid)) return false;
  // born in the ghost's group: its final one, or one it leaves for a group it leads or can join (PGID-2)
  const bg = m.bornGroup.get(q.tgid);
  if (bg !== undefined ? bg !== g : q.pgid !== g && q.pgid !== q.tgid && !groupJoinable(q)) return false;
  return canCreateIn(f, ns, q);
}
