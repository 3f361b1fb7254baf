/**
 * Re-planning around an ordering cycle closed by a session component's choice. The components
 * (planner/creators/sessions.ts) choose each member's creator without seeing the whole schedule: a reparent
 * helper's carrier, a CLONE_PARENT sibling, a forking zombie or the ghost's placement may itself
 * be created, through other groups and sessions, after the member (e.g. seed 13: helper h3 of
 * carrier 4 forks 14, which forks 42, whose helper forks 31, whose group 37 inherits, and 37
 * forks 4). Such a choice is an option among others, not a rule of the kernel: a new attempt
 * that does not offer it may find an order. This module names the choices on a cycle.
 */
import type { CreatorModel } from './creators/creators.js';
import type { Schedule } from './ordering/schedule.js';
import type { Avoid } from './creators/sessions.js';

/** Attempts after the first: each bans at least one more choice; a bounded constant. */
export const MAX_REPLANS = 4;

/**
 * The component choices on cycle `cyc` (schedule step indices, each before the next): a step
 * "helper hX" or "create X" followed by "create N" where N was created by that helper or task
 * and N was one of the component's open members (choices, not forced creations: `chosen`).
 * Returns them as member -> option keys (sessions.ts optionKey), a reparent helper's key for
 * every chosen member of that helper. O(cycle + members of the helpers on it).
 */
export function cycleChoices(sch: Schedule, cyc: number[], m: CreatorModel, chosen: ReadonlySet<number>): Avoid {
  const out: Avoid = new Map();
  const helperByName = new Map(m.helpers.map((h) => [h.name, h]));
  for (const { from, to } of sch.cycleEdges(cyc)) {
    const a = from.id;
    const b = to.id;
    const mb = /^task:(\d+)$/.exec(b);
    if (!mb) continue;
    const t = Number(mb[1]);
    const c = m.creation.get(t);
    if (!c || !chosen.has(t)) continue;
    let key: string | undefined;
    const ha = /^helper:(h\d+)$/.exec(a);
    const ta = /^task:(\d+)$/.exec(a);
    // a helper of helper-heirs.ts, offered only as a last resort: banned on any cycle through its member
    const hb = helperByName.get(c.by);
    if (hb?.heirs) key = hb.by;
    else if (ha && c.by === ha[1]) {
      const h = helperByName.get(ha[1]);
      if (h?.role === 'reparent-helper') key = h.cloneParent ? `${h.by}cp` : h.by;
      else if (h?.role === 'session-ghost') key = `ghost@${h.by}`;
    } else if (ta && c.by === `t${ta[1]}`) {
      key = c.by;
    }
    if (key === undefined) continue;
    // a helper's other members (chosen too) would close the same cycle through its carrier on
    // the next attempts, one member at a time, past MAX_REPLANS: banned with it (seeds 1720,
    // 1998: orphans of a group its pid ns cannot see, each inheriting it from the next)
    const same = ha ? (helperByName.get(ha[1])?.creates ?? []).filter((x) => chosen.has(x)) : [];
    for (const x of same.includes(t) ? same : same.concat(t)) {
      const s = out.get(x);
      if (s) s.add(key);
      else out.set(x, new Set([key]));
    }
  }
  // a session's ghost on the cycle through its own steps (its namespaces at birth, its creator's
  // joins, seeds 6904, 6987): its placement is the choice; banned for the members it creates
  for (const i of cyc) {
    const mh = /^helper:(h\d+)$/.exec(sch.steps[i].id);
    const h = mh ? helperByName.get(mh[1]) : undefined;
    if (h?.role !== 'session-ghost') continue;
    for (const x of h.creates) {
      if (!chosen.has(x)) continue;
      const st = out.get(x);
      if (st) st.add(`ghost@${h.by}`);
      else out.set(x, new Set([`ghost@${h.by}`]));
    }
  }
  return out;
}

/** avoid plus more; null when more adds nothing new (another attempt would repeat this one). */
export function mergeAvoid(avoid: Avoid, more: Avoid): Avoid | null {
  let grew = false;
  const out: Avoid = new Map([...avoid].map(([t, s]) => [t, new Set(s)]));
  for (const [t, keys] of more) {
    const s = out.get(t) ?? new Set<string>();
    for (const k of keys) if (!s.has(k)) { s.add(k); grew = true; }
    out.set(t, s);
  }
  return grew ? out : null;
}
