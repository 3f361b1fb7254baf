/**
 * The rebuild budget after an ordering cycle (planner/index.ts): how many further builds one
 * attempt may make, and a second pass with a larger budget for the attempts that spent theirs.
 *
 * Each further build settles what the cycle it met goes through (a join deferred, a child created
 * after its creator's switch, another creator for a namespace, ...): one namespace or one child
 * per round. A creator that joins several namespaces one task makes after its own user-ns switch
 * meets the same cycle once per namespace, each time through the next one (seed 9429: 3 joins
 * ipc:0, net:0 and cgroup:0, all made by 19 inside user:2; the join of each is deferred, then its
 * creator banned, round after round), so the first budget (MAX_REBUILDS) is spent before the
 * order is found. Kernel rules: those of the passes themselves (SETNS-7, OWN-1, FORK-9 ...); the
 * budget only bounds their number, and every plan is replayed on the simulated kernel.
 *
 * Plans found within the first budget stay as they are: an attempt is made again with
 * MORE_REBUILDS only after the first attempt and every re-plan variant ended undecided, and only
 * for the attempts (variants) that stopped with their budget spent (`budgetSpent`), in the same
 * order. Complexity: at most MORE_REBUILDS builds per attempt, each O((V+E) log V).
 * Seeds: 9429, 21427, 31630, 32339, 35681, 70170, 74886.
 */

/** further builds per attempt after an ordering cycle */
export const MAX_REBUILDS = 6;
/** the same, in the second pass (rebuild-budget.ts header) */
export const MORE_REBUILDS = 16;

/** what one attempt of a variant reports back: whether a rebuild loop ended with its budget spent */
export interface RebuildBudget {
  /** rebuilds allowed per attempt */
  rounds: number;
  /** set when an attempt stopped on a cycle with every rebuild spent */
  spent: boolean;
}

export const firstBudget = (): RebuildBudget => ({ rounds: MAX_REBUILDS, spent: false });
export const moreBudget = (): RebuildBudget => ({ rounds: MORE_REBUILDS, spent: false });
