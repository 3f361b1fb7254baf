/**
 * A zombie relay that exits before a subreaper above it sets its flag (re-plan variant
 * `lateZombies`, with `shares` and `zombieShares`; FORK-4, EXIT-2, EXIT-3). planner/sharing/share-zombies.ts
 * makes a zombie Z the creator of the processes sharing the table it stands in for when Z's exit
 * hands them to their image parent. When the nearest subreaper S above Z would take them instead,
 * the image's history can still have Z exit before S set PR_SET_CHILD_SUBREAPER (EXIT-3: the
 * flag may be set at any time): Z's orphans then went past S to S's own reaper (EXIT-2). Seeds
 * 3321 (zombie 3 forked 6 and 55 with CLONE_FILES and exited before its parent 2 became a
 * subreaper: both are the restorer's) and 11253.
 *
 * lateZombieHeir answers for one zombie (O(depth)); the plan then orders Z's exit before S's flag,
 * and S's flag before S stops or exits (lateZombieEdges, O(zombies)). Only when every child Z
 * already has in the model goes to that heir too, and Z itself is not one whose exit some earlier
 * flag is needed for (helper-heirs.ts helperHeirEdges' zfork edge: a child of Z with S as parent).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf } from '../creators/creators.js';
import { lateSubreaperHeir } from '../creators/helper-heirs.js';
import type { Schedule } from '../ordering/schedule.js';

type Reaper = (c: string, ns: string) => number;

/**
 * The subreaper S whose flag Z's exit must precede for Z's orphans to reach `heir`, or undefined
 * when Z's plain exit already hands them there or no single late flag does. `kids`: the processes
 * Z forks (not with CLONE_PARENT, not through a helper) in the model; all must reach the heir.
 */
export function lateZombieHeir(f: Facts, m: CreatorModel, reaper: Reaper, z: Proc, heir: number, kids: readonly Proc[]): number | undefined {
  if (!m.lateZombies || z.isInit || z.leader.subreaper === true) return undefined;
  const late = lateSubreaperHeir(f, reaper, actorOf(z.parent), z.pidns);
  if (!late || late.heir !== heir || late.late === z.tgid) return undefined;
  // (a zombie already made to exit before another subreaper's flag keeps that one)
  const was = m.zombieLate?.get(z.tgid);
  if (was !== undefined && was !== late.late) return undefined;
  if (kids.some((k) => k.parent !== heir)) return undefined;
  return late.late;
}

/**
 * Z exits before S sets its flag; S sets it while it still runs (EXIT-2, EXIT-3). For the zombies
 * of this module (m.zombieLate) and for planner/sharing/zombie-relay.ts's relays, which exit before the
 * nearest subreaper's flag the same way (m.zombieLateSubreaper, variant zombieShares: seeds
 * 28638, 56411, 78698, 83597). O(such zombies).
 */
export function lateZombieEdges(s: Schedule, m: CreatorModel): void {
  for (const late of [m.zombieLate, m.zombieLateSubreaper]) {
    for (const [z, S] of late ?? []) {
      s.edge(`zexit:${z}`, `subreaper:${S}`, `zombie ${z} exits before ${S} becomes a subreaper, so its orphans skip ${S} (EXIT-2)`, 'EXIT-3');
      for (const step of ['stop', 'zexit', 'dexit']) s.edge(`subreaper:${S}`, `${step}:${S}`, `${S} sets its subreaper flag while it still runs`, 'EXIT-3');
    }
  }
}

/**
 * (variant lateZombies) The subreapers whose flag waits for an exit (a helper's, helper-heirs.ts,
 * or a zombie's, above): the flag is kept across execve (EXIT-3), so it may follow the task's
 * execve, which build.ts otherwise puts after it (seed 64860: 13 execve's, forks the helper that
 * carries its table to 54, and sets its flag once that helper exited). Empty outside the
 * variant. O(helpers + zombies) per call (asked once per execve'd task).
 */
export function lateFlags(m: CreatorModel): ReadonlySet<number> {
  const out = new Set<number>();
  if (!m.lateZombies) return out;
  for (const h of m.helpers) for (const S of h.lateSubreaper !== undefined ? [h.lateSubreaper, ...(h.lateSubreaperAlso ?? [])] : []) out.add(S);
  for (const S of m.zombieLate?.values() ?? []) out.add(S);
  return out;
}
