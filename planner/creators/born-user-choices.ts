/**
 * Re-planning around a creator chosen in a user ns below the one its child ends in (SETNS-4,
 * UNSH-3).
 *
 * Credentials only move down the user-ns tree: a task is born in its creator's user ns at the
 * clone and can never move up (SETNS-4 refuses an ancestor, UNSH-3 only creates children). The
 * session components (planner/creators/sessions.ts) choose a member's creator (a reparent helper's
 * carrier, a CLONE_PARENT sibling, a forking zombie, a ghost's placement) without the user ns
 * in view, except for the members their parent cannot fork (user-orphans.ts). When build.ts then
 * finds the member born below its final user ns, that choice is the cause, not the kernel: the
 * history's creator lived above it at the fork (seed 4174: 9's helper was carried by 19, which
 * ends in a user ns below 9's). A further attempt does not offer that choice for the member, as
 * replan.ts does for a choice on an ordering cycle. O(1) per failure.
 */
import type { CreatorModel } from './creators.js';
import type { Avoid } from './sessions.js';

/** Wording of build.ts's failure for a task born below its final user ns. */
export const BORN_BELOW = /^task (\d+) would be born in user ns \S+ \(its creator's\) and cannot move back up to \S+$/;

/**
 * The component choice that made task `tid` (its process) be born where it is, as the key
 * sessions.ts bans (optionKey): its creator task (sibling, zombie), or its reparent helper's
 * carrier; empty when its creation was forced (no other option to offer). O(helpers).
 */
export function bornUserChoices(reason: string, m: CreatorModel, tgidOf: (tid: number) => number | undefined, chosen: ReadonlySet<number>): Avoid {
  const out: Avoid = new Map();
  const mt = BORN_BELOW.exec(reason);
  const tgid = mt ? tgidOf(Number(mt[1])) : undefined;
  if (tgid === undefined || !chosen.has(tgid)) return out;
  const c = m.creation.get(tgid);
  if (!c) return out;
  let key: string | undefined;
  if (c.by.startsWith('h')) {
    const h = m.helpers.find((x) => x.name === c.by);
    if (h?.role === 'reparent-helper') key = h.cloneParent ? `${h.by}cp` : h.by;
    else if (h?.role === 'session-ghost') key = `ghost@${h.by}`;
  } else if (c.by.startsWith('t')) key = c.by;
  if (key !== undefined) out.set(tgid, new Set([key]));
  return out;
}
