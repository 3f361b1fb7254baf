/**
 * Re-plan follow-up `vmTimeFollowUps` (index.ts planWithVariants, last): a VARIANTS attempt whose
 * plan failed replay on a setns(time) refused with EUSERS is made again with the attempt
 * `vmTimeBirths` (planner/ordering/vm-time-birth.ts), kept only when verified.
 *
 * Why: a task whose mm has other users cannot setns into a time ns (SETNS-6: EUSERS,
 * current_is_single_threaded), and a CLONE_VM child keeps its creator's active time ns and
 * time_for_children (FORK-8). vmTimeBirths orders such forks against the creator's time
 * namespaces (born once the creator's time ns is the child's, before a later one), but it is
 * tried only with the first attempt's choices. When the first answer is another obstacle (a
 * member no task of its session can create, SID-2; two fd-table sharers, FORK-4), the variant
 * that removes it (the extended constructions, `shares`) builds a plan whose CLONE_VM forks come
 * in the usual order, and replay refuses the child's or the creator's later setns(time) (seeds
 * 222: the extended constructions, 74's setns(time); 272: `shares`, 59's). Here that variant is
 * made again with vmTimeBirths: the same choices, the CLONE_VM forks ordered for the time ns.
 * Sound as both parts are (their modules say why); replay verifies the plan.
 *
 * And after a first answer naming a join refused for want of rights (SETNS-7), vmTimeBirths with a
 * creator's interim joins (creatorInterimJoins, interim-joins.ts) and a holder making a user ns
 * (holderOwners, holder-owner.ts): a CLONE_VM child born in a new user ns must inherit from its
 * creator both namespaces the creator joins (it cannot join them, SETNS-7; nor can the creator
 * join time after the fork, SETNS-6) and ones the creator leaves later (seed 191: 19 forks 22
 * with CLONE_VM|CLONE_NEWUSER in net:0, time:0 and cgroup:0, then makes user:1; cgroup:1 it ends
 * in is made by a holder inside user:1, which, made by 19 at its switch, closed a cycle through
 * that holder; holderOwners has the holder make it). Each part is gated elsewhere on a first
 * answer this image does not give; here they are tried together, once.
 *
 * Cost: only for images with processes sharing an mm (the only ones where replay can say EUSERS
 * for a time join), only after every other attempt left them undecided; at most MAX_FOLLOW_UPS
 * attempts and the rights one, O(attempt) each.
 */
import type { Variant } from '../index.js';

/** The replay failure vmTimeBirths may fix: a setns(time) refused to a task whose mm has other users. */
const EUSERS_TIME = /"file":"time(_for_children)?".*failed on the simulated kernel: EUSERS \(SETNS-6\)$/;

/** at most this many variants made again (the first that failed so, in VARIANTS order) */
const MAX_FOLLOW_UPS = 3;

/** The attempt made after a first answer naming a join refused for want of rights (see above). */
export const VM_RIGHTS_FOLLOW_UP = { vmTimeBirths: true, creatorInterimJoins: true, holderOwners: true } as const satisfies Partial<Variant>;

/** Collects the variants whose plan replay refused a time join with EUSERS, and names their follow-ups. */
export class VmTimeFollowUps {
  private readonly failed: Variant[] = [];

  /** after variant v0's attempt answered `reason` */
  note(v0: Variant, reason: string): void {
    if (this.failed.length < MAX_FOLLOW_UPS && !v0.vmTimeBirths && EUSERS_TIME.test(reason)) this.failed.push(v0);
  }

  /** the attempts to make again, each with vmTimeBirths */
  followUps(): Variant[] {
    return this.failed.map((v0) => ({ ...v0, vmTimeBirths: true }));
  }
}
