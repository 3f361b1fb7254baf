/**
 * Children a creator passes its namespaces to through zombies (re-plan variant `zombieKids`,
 * used by maker-needs.ts earlyChildNeed). A zombie has no namespaces of its own to settle (it
 * never joins or unshares before its exit in the plan): what it forks is born with the
 * namespaces the zombie was born with, its creator's at that moment (FORK-7). So a grandchild
 * forked by a zombie that a pid-ns init forks counts, like the init's own children, among the
 * tasks born with the init's birth namespaces: one it needs and cannot join from its born user
 * ns (SETNS-7) must be among them, and the init forks the zombie before it settles its own
 * (seed 96081: an init's zombie session leader forks a member needing a namespace owned by the
 * init's parent user ns, which the init held at birth and left for its own).
 * Complexity: O(descendants created through zombies), depth bounded.
 */
import type { Facts } from '../facts/facts.js';
import { actorOf } from '../creators/creators.js';

/** How deep a chain of zombies is followed (zombies forking zombies). */
const MAX_DEPTH = 8;

/**
 * The image processes created by `tid` itself, followed by (when `through` is set) those created
 * by the zombies among them, recursively; not through a zombie that is a maker-made init (a
 * maker gives it other namespaces).
 */
export function kidsThroughZombies(f: Facts, tid: number, childrenOf: (actor: string) => number[], isMade: (tid: number) => boolean): number[] {
  const out: number[] = [];
  const walk = (by: number, depth: number): void => {
    for (const c of childrenOf(actorOf(by))) {
      out.push(c);
      const t = f.tasks.get(c);
      if (depth < MAX_DEPTH && t && t.state === 'zombie' && t.nsproxy === null && !isMade(c)) walk(c, depth + 1);
    }
  };
  walk(tid, 0);
  return out;
}
