/**
 * born_sid walks through a pid-ns init, as a re-plan choice (planner/creators/creators.ts
 * propagateBornSid, planner/replan.ts). The walk lets an init Y be born in session n (its parent
 * forks it after its own setsid) so that Y's child, orphaned in n, has a creator chain. That is
 * one way among others: Y's parent may also have to fork a task of Y's pid ns BEFORE its setsid
 * (it keeps the old session), and every task of that ns comes after its init (FORK-9), which
 * closes "setsid -> create Y -> create sibling -> setsid" (seeds 2036, 2648). The other way is the
 * history's: the orphan is forked by a task of n (here a reparent helper its leader forks into
 * Y's pid ns, helper-heirs.ts) whose exit hands it to Y (EXIT-2); Y keeps the born session the
 * image implies. A re-plan that saw such a cycle does not walk through Y again.
 */
import type { CreatorModel } from './creators.js';
import type { Facts } from '../facts/facts.js';
import type { Schedule } from '../ordering/schedule.js';
import type { Avoid } from './sessions.js';

/** The Avoid key marking an init the born_sid walk must stop below. */
export const NO_INIT_WALK = 'init-walk';

/**
 * Inits on cycle `cyc` that a born_sid walk put in their parent's new session: an edge
 * "P creates session P" -> "create Y" where Y is a pid-ns init with born_sid P. O(cycle).
 */
export function initWalksOnCycle(sch: Schedule, cyc: number[], f: Facts, m: CreatorModel): Avoid {
  const out: Avoid = new Map();
  for (const { from, to } of sch.cycleEdges(cyc)) {
    const a = /^session:(\d+)$/.exec(from.id);
    const b = /^task:(\d+)$/.exec(to.id);
    if (!a || !b) continue;
    const y = Number(b[1]);
    const yp = f.procs.get(y);
    if (yp?.isInit && m.bornSid.get(y) === Number(a[1]) && m.creation.get(y)?.timing === 'after-setsid') out.set(y, new Set([NO_INIT_WALK]));
  }
  return out;
}

/** The inits a re-plan's avoid set stops the born_sid walk below. O(avoid). */
export function initsNotWalked(avoid: Avoid): Set<number> {
  const out = new Set<number>();
  for (const [y, keys] of avoid) if (keys.has(NO_INIT_WALK)) out.add(y);
  return out;
}
