/**
 * Re-plan variant `leaderSiblingBirths` (index.ts VARIANTS): a member of session N whose parent is
 * never in N and which no sibling in N can create is forked with CLONE_PARENT by a sibling S that
 * leads another session, born in N (and in the member's group, when the member must inherit it)
 * and forking it there before its own setsid.
 *
 * Rules served (docs/kernel-rules.md): a session is only inherited at fork, also with
 * CLONE_PARENT, which takes the caller's session and group and gives the child the caller's
 * parent (FORK-3, FORK-6, SID-2); setsid later moves S alone into a session and group of its own,
 * its children keep theirs (SID-2). A member whose group has no number in its pid ns cannot join
 * it and inherits it from its creator (PGID-2, PID-4), so S must be born in that group too. S,
 * a sibling, is itself created in N by a sibling in N (FORK-3) or N's ghost, which the session
 * phase chooses as for any member born in N (born_sid, creators.ts; born groups, needG). CLONE_PARENT
 * from a pid-ns init is refused (FORK-3): S is no init; S must reach the member's pid ns (FORK-7,
 * SETNS-5: canCreateIn).
 *
 * Seed 76344: 29 (a zombie now, leader of session 29, a child of the restorer in pid:2) was
 * forked into session 4 and group 4 by a sibling, unshared a pid ns and forked 31 there with
 * CLONE_PARENT, then called setsid. 31, the init of pid:4, cannot see group 4 and no task of
 * session 4 lives in pid:2. The born_sid walk (creators.ts propagateBornSid) follows parents
 * only; root-sibling-birth.ts ends it at a restorer's child, not at a sibling creator.
 *
 * Offered only in the re-plan variant, after a first answer naming a member no task of its
 * session can create. O(processes x siblings) in the worst case, each test O(1) or O(levels).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, canCreateIn, groupJoinable, isRootOwned } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { isSessionLeader, setBornSid, timingIn } from '../creators/creators.js';

/** Record born_sid (and born group) for the session-leader siblings that fork such members. */
export function leaderSiblingBirths(f: Facts, m: CreatorModel): void {
  const sidOf = (p: Proc): number => (isRootOwned(f, p.sid) ? 0 : p.sid);
  const siblingsOf = (p: Proc): number[] => (f.procs.has(p.parent) ? f.procs.get(p.parent)!.children : p.parent === ROOT ? f.rootChildren : []);
  for (const p of f.order) {
    if (isSessionLeader(f, p)) continue;
    const n = sidOf(p);
    if (n === 0 || timingIn(f, m, p.parent, n) !== null) continue;
    // the group p must be born in (its pid ns cannot see it), if any
    const g = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) || isRootOwned(f, p.pgid) ? undefined : p.pgid);
    const sibs = siblingsOf(p);
    // a sibling in n (now or before its setsid) that can create it there already: nothing to add
    const creates = (r: Proc): boolean => r.tgid !== p.tgid && !r.isInit && canCreateIn(f, r.pidns, p);
    const inGroup = (r: Proc): boolean => g === undefined || r.pgid === g || m.bornGroup.get(r.tgid) === g;
    if (sibs.some((r) => { const rp = f.procs.get(r)!; return creates(rp) && inGroup(rp) && timingIn(f, m, r, n) !== null; })) continue;
    for (const s of sibs) {
      const sp = f.procs.get(s)!;
      if (!isSessionLeader(f, sp) || sp.tgid === n || m.bornSid.has(s) || m.bornGroup.has(s) || !creates(sp)) continue;
      // and S must itself be creatable in n, in g: a sibling there for good, or n's ghost
      const born = (!f.procs.has(n) && (g === undefined || g === n)) || sibs.some((r) => {
        const rp = f.procs.get(r)!;
        return r !== s && r !== p.tgid && !rp.isInit && (!isSessionLeader(f, rp) || r === n) && sidOf(rp) === n && (g === undefined || rp.pgid === g) && canCreateIn(f, rp.pidns, sp);
      });
      if (!born) continue;
      setBornSid(m, s, n);
      if (g !== undefined) m.bornGroup.set(s, g);
      break;
    }
  }
}
