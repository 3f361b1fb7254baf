/**
 * The time ns a child is born in, against the time namespaces its creator makes (FORK-8, UNSH-6,
 * SETNS-6).
 *
 * A child process is born in its creator's time_for_children at the clone (FORK-8). A creator
 * cr makes at most two time namespaces itself: its own time ns (unshare(CLONE_NEWTIME), then
 * setns into its time_for_children, SETNS-6), then its pending time_for_children (a second
 * unshare, UNSH-6), in that order (build.ts orders the two). So a child that must be born in
 * time ns W is created after cr makes W and before cr makes a later one; one that needs no
 * particular birth time ns (it makes its own time ns, or joins its final one itself: owned within
 * the user ns it is born in, and no other process on its mm, since setns(time) refuses a caller
 * whose mm is shared, SETNS-6) is not ordered against them at all. Before this, every time ns of
 * the creator was ordered after such a child, which closed cycles through the creator's session
 * (seeds 49, 1689: a pid-ns init that makes its pending time_for_children after forking children
 * of its old session and before those of its new one). O(1) per (child, time ns).
 */

export interface ChildTime {
  /** the time ns the child must be born in, or its final one */
  need: string;
  /** the child makes that time ns itself */
  childMakes: boolean;
  /** the child can join it itself after its birth */
  childJoins: boolean;
  /** the creator's final time ns and time_for_children */
  crTime: string;
  crTfc: string;
  /** does the creator make this time ns itself? */
  crMakes: (id: string) => boolean;
}

/**
 * For time ns `id` the creator makes: 'after' (the child is born once it exists: it inherits it),
 * 'before' (born before the creator makes it, which would replace the child's), or undefined (no
 * order needed, or implied by the creator's own order of its two time namespaces).
 */
export function childTimeOrder(c: ChildTime): (id: string) => 'after' | 'before' | undefined {
  return (id) => {
    if (c.childMakes || c.childJoins) return undefined;
    if (id === c.need) return 'after';
    // (its own time ns comes before its time_for_children: born in the later one, after both)
    if (c.need === c.crTfc && c.crTfc !== c.crTime && id === c.crTime && c.crMakes(c.need)) return undefined;
    return 'before';
  };
}
