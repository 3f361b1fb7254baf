/**
 * Re-plan variant `rootSiblingBirths` (index.ts VARIANTS; FORK-3, FORK-4, FORK-6, SID-2): the
 * born_sid walk (creators.ts propagateBornSid) may end at a child of the restorer that a sibling
 * of its own, in the session for good, forks there with CLONE_PARENT.
 *
 * The walk for a process P of session N whose parent leads another session climbs the leaders
 * that must be born in N and commits only when it reaches a task in N for good; reaching the
 * restorer (for N != 0) it gave up, so a leader whose history was "born in N, forked P there
 * (sharing its fd table or fs_struct with CLONE_FILES/CLONE_FS), then setsid" was born anywhere
 * and P was made by a helper of N: FORK-4 then refused the plan (the helper does not hold the
 * table). Seed 30973: init 8 of pid:2, forked by zombie 33 in session 33, forked 9 with CLONE_FS
 * and zombies 30, 40 in session 33, then called setsid; seed 23430: 3 forked init 8 in session 2,
 * 8 forked 28 with CLONE_FILES there, 3 and 8 then called setsid. The top leader L of the walk
 * (a child of the restorer, in the restorer's pid ns or an init of a child of it) can be born in
 * N when a sibling S of it is in N for good: a member of N, or N's leader, not a pid-ns init
 * (CLONE_PARENT from an init is refused, FORK-3) and able to create L from its pid ns (FORK-7);
 * or, when N's leader is gone, N's ghost; the session phase then picks L's creator in N as for
 * any member of N (a sibling with CLONE_PARENT, or N's ghost). With it, a dead leader's session
 * ghost takes its pid from a member of N, not from the first open task (sessions.ts), which may
 * now be such a leader L born in N, whose sid is its own.
 *
 * Offered only in the re-plan variant, tried after every other one: the walks commit other born
 * sessions than before, so first attempts keep their plans. O(root children) per query, memoised
 * per session: O(tasks) in all.
 */
import type { Facts } from '../facts/facts.js';
import { canCreateIn, isRootOwned } from '../facts/facts.js';

/** A test "can the restorer's child top be born in session n by a sibling there?", memoised per n. */
export function rootSiblingBirth(f: Facts): (top: number, n: number) => boolean {
  const inN = new Map<number, number[]>();
  const sidOf = (s: number): number => (isRootOwned(f, s) ? 0 : s);
  return (top, n) => {
    if (n === 0) return false;
    const tp = f.procs.get(top);
    if (!tp || f.procs.has(tp.parent)) return false;
    let list = inN.get(n);
    if (!list) {
      list = [];
      for (const r of f.rootChildren) {
        const s = f.procs.get(r)!;
        // in n for good: a member, or n's leader (after its setsid)
        if (sidOf(s.sid) === n && !s.isInit && (s.sid !== s.tgid || s.tgid === n)) list.push(r);
      }
      inN.set(n, list);
    }
    // (or N's ghost, when its leader is gone: placed by the session phase, it forks L there)
    return list.some((r) => r !== top && canCreateIn(f, f.procs.get(r)!.pidns, tp)) || (!f.procs.has(n) && canCreateIn(f, f.hostPidNs, tp));
  };
}
