/**
 * Re-plan attempt `initJoinGroups` (index.ts, after the initJoinHelpers attempts; Facts
 * .initJoinGroups): the helper source of planner/output/init-join-helper.ts may also be a task of the
 * child's birth session in another group, when the child can join its own group itself
 * (PGID-2: setpgid(0, g) needs only g in the caller's session and visible in its pid ns, PID-4).
 *
 * init-join-helper.ts forks a pid-ns init's child X through a helper H of a task R that has
 * rights over what X can only inherit; X is born in H's session and group, which are R's. It
 * takes R from X's birth group, so X keeps the group it is born in. When no task of that group
 * has the rights (fuzz case 226: X = 29 in group 12 of init 12's pid ns, mnt:3 owned by the root
 * user ns after the mutation, every member of group 12 in user:1), a task of the same session in
 * another group serves as well when X's group has a number in X's pid ns: X's own join step
 * (build.ts) moves it there afterwards with setpgid(0, g), in its session. Tried only after the
 * plain search found no R, so an R found before stays. O(1).
 */
import type { Proc } from '../facts/facts.js';

/** may a task of the child's birth session in another group be its helper's source: the child joins its group itself */
export function sourceInOtherGroup(initJoinGroups: boolean | undefined, child: Proc): boolean {
  return initJoinGroups === true && child.groupInNs && child.leader.pgid[0] !== child.leader.pid[0];
}
