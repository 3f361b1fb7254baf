/**
 * Re-plan variant `orphanSharers` (index.ts): a free session leader its parent cannot fork for
 * want of a user ns (user-orphans.ts) is born in the session of a task holding its fd table or
 * fs_struct, rather than in the restorer's session, so that a creator of that session can pass
 * the table on at its fork.
 *
 * Rules served (docs/kernel-rules.md): an fd table or fs_struct is shared only by clone-time
 * sharing from a holder (FORK-4), and the child is born in its creator's session (FORK-6), which
 * it leaves by its own setsid (SID-2); the creator must be at or above the child's user ns
 * (user-orphans.ts). Born in the restorer's session, the leader's creators hold no table of the
 * image: the sharing passes fail (seed 11675: 47 shares files:11 with 26 of session 10; 30, a
 * task of session 10 sharing it too, forked 47 and died, so 47 went to pid:1's init 13 and called
 * setsid. The plan: a helper 26 forks with CLONE_FILES forks 47 in session 10 and exits).
 *
 * Offered only in the re-plan variant: the born session changes the creators of leaders that
 * plans found today create from the restorer's session. O(tasks) per call, once per attempt.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, isRootOwned } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { canForkUser } from './user-orphans.js';

/**
 * The session each orphan is born in: the session of a live task holding its fd table or
 * fs_struct that can fork it (its pid ns and user ns at or above the orphan's), else the
 * restorer's (0). In the order of `orphans`.
 */
export function orphanBirthSessions(f: Facts, m: CreatorModel, orphans: number[]): number[] {
  if (m.orphanSharers !== true) return orphans.map(() => 0);
  const holders = new Map<string, Proc[]>();
  for (const q of f.procs.values()) {
    if (q.zombie) continue;
    for (const o of [q.leader.files, q.leader.fs]) if (o) holders.set(o, (holders.get(o) ?? []).concat(q));
  }
  return orphans.map((t) => {
    const p = f.procs.get(t)!;
    for (const o of [p.leader.files, p.leader.fs]) {
      for (const q of (o ? holders.get(o) : undefined) ?? []) {
        if (q.tgid === t || !canForkUser(f, q.leader.userns, p) || !canCreateIn(f, q.pidns, p)) continue;
        return isRootOwned(f, q.sid) ? 0 : q.sid;
      }
    }
    return 0;
  });
}
