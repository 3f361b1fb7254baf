/**
 * Re-planning around an emission refusal closed by a session component's choice (variant
 * emitChoices, planner/index.ts).
 *
 * A task born in a user ns without rights over some of its namespaces' owners can only inherit
 * them (SETNS-3..7, OWN-2). The components (planner/creators/sessions.ts) choose a member's creator, e.g. a
 * reparent helper's carrier, without seeing what that carrier holds when it forks: a carrier whose
 * own creator had already left such a namespace (unshared or joined another uts, net, ... before
 * forking it) passes on the wrong one, and the emitter refuses the member's join (seed 11156: t15
 * needs the host's uts ns from t5, but its helper's carrier t50 descends from t7 after t7's
 * unshare of its own uts ns). That choice is an option among others, not a rule of the kernel: a
 * new attempt that does not offer it may find a creator that still holds the namespace. This
 * module names the choice behind a refused actor, like replan.ts does for an ordering cycle.
 * O(helpers + creator chain length).
 */
import type { CreatorModel } from './creators.js';
import type { Avoid } from './sessions.js';

/** how far up a refused actor's creator chain a chosen member is looked for */
const MAX_UP = 4;

/**
 * The component choices to ban after actor `actor` (an image task `tX` or a helper `hN`) was
 * refused a join it has no rights for: the first chosen member on the way up from it (a helper:
 * the chosen members it creates), with the key of its creator option (sessions.ts optionKey), and
 * the other chosen members of the same reparent helper (they share its carrier). Empty when no
 * chosen member is found.
 */
export function emitRefusalChoices(actor: string, m: CreatorModel, chosen: ReadonlySet<number>): Avoid {
  const out: Avoid = new Map();
  const helperByName = new Map(m.helpers.map((h) => [h.name, h]));
  const ban = (t: number): boolean => {
    const c = m.creation.get(t);
    if (!c || !chosen.has(t)) return false;
    const h = helperByName.get(c.by);
    let key: string | undefined;
    if (h?.heirs) key = h.by;
    else if (h?.role === 'reparent-helper') key = h.cloneParent ? `${h.by}cp` : h.by;
    else if (h?.role === 'session-ghost') key = `ghost@${h.by}`;
    else if (!h && c.by.startsWith('t')) key = c.by;
    if (key === undefined) return false;
    const same = h?.role === 'reparent-helper' ? h.creates.filter((x) => chosen.has(x)) : [];
    for (const x of same.includes(t) ? same : same.concat(t)) {
      const s = out.get(x);
      if (s) s.add(key);
      else out.set(x, new Set([key]));
    }
    return true;
  };
  let at: string | undefined = actor;
  for (let i = 0; i < MAX_UP && at !== undefined; i++) {
    const h = helperByName.get(at);
    if (h) {
      if (h.creates.some((x) => ban(x))) break;
      at = h.by;
      continue;
    }
    const mt = /^t(\d+)$/.exec(at);
    if (!mt) break;
    if (ban(Number(mt[1]))) break;
    at = m.creation.get(Number(mt[1]))?.by;
  }
  return out;
}
