/**
 * Re-planning around a sharer made the creator of the other (re-plan variant `zombieShares`;
 * FORK-1, FORK-4).
 *
 * Tasks A and B share an fd table or fs_struct that only clone-time sharing from one of them to
 * the other gives (planner/graph/share-tree.ts). The session components (planner/creators/sessions.ts) choose
 * creators without that in view: when the chosen creator chain of A passes through B (a ghost of
 * A's session placed under B so it can CLONE_PARENT a child of B, a reparent helper B carries, B
 * as a CLONE_PARENT sibling), B exists before A, so nothing B's chain holds can come from A's,
 * and the sharing passes (planner/sharing/zombie-relay.ts: A forks a zombie that forks B) cannot make A's
 * side B's creator (FORK-1). That choice is the cause, not the kernel (seed 463: session 4's
 * ghost is placed under 54 to fork 62 with CLONE_PARENT, then forks 5, which forks 34; in the
 * history 34 forked zombie 47, which forked 54 with CLONE_FS in session 4, and 54 forked 62
 * before its setsid). A further attempt does not offer the choices on that chain, with the keys
 * replan.ts bans for a cycle: a chosen member's task creator or reparent helper's carrier, and a
 * session ghost's placement for every chosen member of that ghost. O(chain length + members of
 * the ghosts on it).
 */
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import type { Avoid } from '../creators/sessions.js';

export function shareAncestorChoices(culprits: readonly number[], m: CreatorModel, tgidOf: (tid: number) => number | undefined, chosen: ReadonlySet<number>): Avoid {
  const out: Avoid = new Map();
  if (culprits.length < 2) return out;
  const a = tgidOf(culprits[0]);
  const b = tgidOf(culprits[1]);
  if (a === undefined || b === undefined || a === b) return out;
  const helperByName = new Map(m.helpers.map((h) => [h.name, h]));
  const add = (t: number, key: string): void => {
    if (!chosen.has(t)) return;
    const s = out.get(t);
    if (s) s.add(key);
    else out.set(t, new Set([key]));
  };
  for (const [x, y] of [[a, b], [b, a]]) {
    // x's creator chain up to y: (member, its creator key, the helpers between)
    const steps: { member: number; key: string | undefined; ghosts: HelperSpec[] }[] = [];
    let hit = false;
    const seen = new Set<number>();
    for (let cur: number | undefined = x; cur !== undefined && !seen.has(cur);) {
      seen.add(cur);
      const c = m.creation.get(cur);
      if (!c) break;
      let by = c.by;
      let key: string | undefined = by.startsWith('t') ? by : undefined;
      const ghosts: HelperSpec[] = [];
      const hs = new Set<string>();
      while (by.startsWith('h') && !hs.has(by)) {
        hs.add(by);
        const h = helperByName.get(by);
        if (!h) break;
        if (h.role === 'session-ghost') ghosts.push(h);
        if (by === c.by) key = h.role === 'reparent-helper' ? (h.cloneParent ? `${h.by}cp` : h.by) : h.role === 'session-ghost' ? `ghost@${h.by}` : undefined;
        by = h.by;
      }
      steps.push({ member: cur, key, ghosts });
      if (!by.startsWith('t')) break;
      const next = tgidOf(Number(by.slice(1)));
      if (next === y) { hit = true; break; }
      cur = next;
    }
    if (!hit) continue;
    for (const st of steps) {
      if (st.key !== undefined) add(st.member, st.key);
      for (const g of st.ghosts) for (const t of g.creates) add(t, `ghost@${g.by}`);
    }
  }
  return out;
}
