/**
 * Re-plan variant `bornSources` (index.ts SHR_VARIANTS, with `sourceShares`; FORK-3, FORK-4,
 * FORK-6, SID-1, SID-2, PGID-2): a share-source helper (planner/sharing/share-sources.ts) also for
 * processes that must be born in their parent's session and group.
 *
 * share-sources.ts puts a helper H in the place of a parent C that forked children sharing an fd
 * table or fs_struct none of which can create another (a pid-ns init cannot CLONE_PARENT, FORK-3):
 * C forks H, H forks each with the flag and CLONE_PARENT, so their parent is C. It leaves out a
 * process that must be born in a given session (it forks a child before its own setsid so that
 * child keeps that session, born_sid) or in a given group (it hands a group its child cannot join
 * from its pid ns, PGID-2, PID-4), since its creator then must be in that session and group when it
 * forks it.
 *
 * A helper gives it both when C leads that session and that group: H, forked by C after C's
 * setsid, is born in C's session and group (FORK-6), and C can never leave them (a session leader
 * cannot setsid again, SID-1, nor move to another group, PGID-2 step 4), so every fork of H is in
 * them and each process H creates is born there (FORK-6). This pass allows such a process exactly
 * then: C a session leader leading its own group, the process's birth session C's (share-sources.ts
 * then orders H after C's setsid, timingIn), and the group it must be born in, if any, C's.
 *
 * Seed 84495: 13 (the init of pid:3, leader of session 13, which forks 29 before its setsid so 29
 * keeps session 3 and group 3, invisible in pid:3) and 18 (in group 3, which it cannot join from
 * pid:3) share fs:4, both children of 3, the leader of session 3 and group 3. 3 forks H after its
 * setsid; H makes the user and mount ns they share (source-mnt.ts), forks 13 with
 * CLONE_FS|CLONE_PARENT|CLONE_NEWPID and 18 with CLONE_FS|CLONE_PARENT into pid:3, and exits.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakSet), so the model gains no field. O(1) per query.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { isSessionLeader, needOf } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setBornSources(m: CreatorModel): void {
  on.add(m);
}

/**
 * In the variant, may p, which must be born in a session (m.bornSid) or a group (m.bornGroup, or
 * `passed`: the group it hands to a child, groupPassers), be created by a share-source helper that
 * its parent c forks? Only when c leads its own session and group, p's birth session is c's
 * session and the group, if any, c's group. O(1).
 */
export function bornThroughSource(f: Facts, m: CreatorModel, c: number, p: Proc, passed: number | undefined): boolean {
  if (!on.has(m) || c === ROOT) return false;
  const cp = f.procs.get(c);
  if (!cp || !isSessionLeader(f, cp) || cp.pgid !== c || cp.sid !== c) return false;
  if (needOf(f, m, p) !== c) return false;
  const g = m.bornGroup.get(p.tgid);
  return (g === undefined || g === c) && (passed === undefined || passed === c);
}
