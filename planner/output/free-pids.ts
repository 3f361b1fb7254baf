/**
 * Free pid numbers for the plan's short-lived helpers (id and pfc helpers, bare user-ns holders,
 * ns_last_pid writers): at every level of a pid ns chain, one past the highest number used there,
 * marked used so no image task or later helper gets it (set_tid picks them, FORK-9). Numbers below
 * 2 are never picked: 1 is each pid ns's init. O(levels x numbers used per level).
 */
import type { Facts } from '../facts/facts.js';

/**
 * Free numbers for a task born in pid ns `pidns`, outermost level first; [] when `pidns` is not
 * one of the image's. With `levels`, undefined (nothing marked used) when the chain has another
 * number of levels: the helper's creator has one number per level of its pid ns.
 */
export function pickFreePids(f: Facts, pidns: string): number[];
export function pickFreePids(f: Facts, pidns: string, levels: number): number[] | undefined;
export function pickFreePids(f: Facts, pidns: string, levels?: number): number[] | undefined {
  const chain: NonNullable<ReturnType<Facts['pidns']['get']>>[] = [];
  for (let c = f.pidns.get(pidns); c; c = c.parent ? f.pidns.get(c.parent) : undefined) chain.unshift(c);
  if (levels !== undefined && chain.length !== levels) return undefined;
  return chain.map((c) => {
    let n = 2;
    for (const u of c.used) if (u >= n) n = u + 1;
    c.used.add(n);
    return n;
  });
}
