/**
 * Cycle retries (index.ts planWithVariants, last, after a first answer naming an ordering cycle):
 * existing re-plan constructions combined, or offered for a cycle their own gate does not name,
 * each gated on the cycle the first answer closed, tried only when every other attempt left the
 * image undecided and kept only when verified. Each pairs a cycle with the variant that removes
 * one of its edges; all but `preSwitchZombieForks` (pre-switch-zombie-fork.ts) existed before.
 *
 * - A cycle through a reparent helper that inherits a group it cannot join from its pid ns
 *   (PGID-2, settled-carriers.ts HELPER_INHERITS_GROUP): the helper exists because the born_sid
 *   walk gave up at the restorer. `rootSiblingBirths` (root-sibling-birth.ts) lets that walk end
 *   at a restorer's child that a sibling in the session forks there with CLONE_PARENT (FORK-3,
 *   SID-2): that child is born in the group and forks the members before its setsid, so they
 *   inherit the group at fork (FORK-6) and no helper is needed (seed 107483: zombie 5, leader of
 *   group 5, forks 34 with CLONE_PARENT in session 4; 34 forks init 10 of pid:1 there before its
 *   setsid, and 10 forks 30 and 46 in group 5 before its own; 46 forks 48).
 *   And `settledCarriers` (the carriers' chains checked) with `unshareInits`: with those carriers
 *   refused, the orphans get settled creators, and the cycle left goes through an init that must
 *   exist before its pid ns's other members (FORK-9) and whose ns file a creator opens to point
 *   its pid_for_children there (NSFD-1); an init born into a pid ns its creator unshared
 *   (UNSH-5, unshare-init.ts) needs no such file (seed 109963: 32 unshares pid:3 before its
 *   user-ns switch and forks 50 there as its init).
 * - A cycle through a reparent helper creating a member (FORK-1): a zombie the restorer forks
 *   forking the member before its own user-ns switch (`preSwitchZombieForks`,
 *   pre-switch-zombie-fork.ts) rather than helpers carried below other members (seed 107516).
 * - A cycle through a dead leader's own joins ("N joins its namespaces"): which thread's
 *   namespaces the leader had is not in the image (EXIT-1), dead-leaders.ts takes its first
 *   live thread's; planned as its last (`lastThreadLeaders`, last-thread-leader.ts) it needs
 *   other joins or none (seed 108848: dead leader 5 as thread 26 rather than 7 needs no join
 *   between forking 22, which inherits its namespaces, and 62, born in a user ns without rights
 *   over them, SETNS-7, around its setsid, SID-2).
 * - A cycle through a thread keeping the namespaces its leader has before joins that must
 *   precede its single-threaded user-ns switch (SETNS-4, SETNS-7, last-thread-leader.ts
 *   THREAD_KEEPS_BEFORE_SWITCH), the leader live: the leader joins the uts/ipc/net/cgroup
 *   namespaces owned inside its final user ns after its switch and its thread's creation
 *   (`threadKeptJoins`, thread-kept-join.ts: setns of these kinds acts on the calling thread,
 *   SETNS-7), and its mount and time joins, which need a single thread (SETNS-3, SETNS-6),
 *   before the switch (`threadedLeaderJoins`, threaded-leader-joins.ts) (seed 103905: 37 and
 *   its thread 47).
 * - A cycle through a maker forked with set_tid before its creator's user-ns switch (FORK-9,
 *   inside-owner-init.ts MAKER_FORK_BEFORE_SWITCH): every creator chosen from a user ns at or
 *   above its child's (SETNS-4, UNSH-3, `userBoundCreators`, user-bound-creators.ts) with the
 *   re-plan without a refused join's choice (`emitChoices`) (seed 108495: init 30 of pid:7, in
 *   user:6, forked by zombie 11 of session 2 rather than by a maker that 21 forks before its
 *   switch, so 21 joins group 4 after 32 forked 45, which joins group 21, PGID-3).
 *
 * O(reason length) per gate, O(tasks) for the dead leader's; at most six more attempts, only
 * for images every other attempt left undecided after a cycle answer, so no plan found before
 * changes.
 */
import type { Image } from '../../model/image.js';
import type { Variant } from '../index.js';
import { HELPER_INHERITS_GROUP } from './settled-carriers.js';
import { THREAD_KEEPS_BEFORE_SWITCH } from './last-thread-leader.js';
import { MAKER_FORK_BEFORE_SWITCH } from './inside-owner-init.js';

/** A reparent helper creating a member in a cycle answer (FORK-1). */
const HELPER_CREATES = /"h\d+ \(reparent-helper\) created by t\d+" must happen before "create \d+" because h\d+ creates \d+ \(FORK-1\)/;

/** "N joins its namespaces" in a cycle answer, N's pid. */
const OWN_JOINS = /"(\d+) joins its namespaces"/g;

/** Does the cycle go through the joins of a dead leader with at least two live threads? O(reason + tasks). */
function deadLeaderJoins(reason: string, image: Image): boolean {
  const pids = new Set([...reason.matchAll(OWN_JOINS)].map((m) => Number(m[1])));
  if (pids.size === 0) return false;
  for (const pid of pids) {
    const leader = image.tasks.find((t) => t.pid[0] === pid && t.tgid === pid);
    if (!leader || leader.state !== 'dead') continue;
    const live = image.tasks.filter((t) => t.tgid === pid && t.pid[0] !== pid && t.nsproxy !== null && t.state !== 'zombie');
    if (live.length >= 2) return true;
  }
  return false;
}

/** The retries a first cycle answer `reason` on `image` asks for, in the order they are tried. */
export function cycleRetriesFor(reason: string, image: Image): Partial<Variant>[] {
  if (!reason.startsWith('the ordering constraints form a cycle')) return [];
  const out: Partial<Variant>[] = [];
  if (HELPER_INHERITS_GROUP.test(reason)) out.push({ rootSiblingBirths: true }, { settledCarriers: true, unshareInits: true });
  if (HELPER_CREATES.test(reason)) out.push({ preSwitchZombieForks: true });
  if (deadLeaderJoins(reason, image)) out.push({ lastThreadLeaders: true });
  if (THREAD_KEEPS_BEFORE_SWITCH.test(reason)) out.push({ threadKeptJoins: true, threadedLeaderJoins: true });
  if (MAKER_FORK_BEFORE_SWITCH.test(reason)) out.push({ userBoundCreators: true, emitChoices: true });
  return out;
}
