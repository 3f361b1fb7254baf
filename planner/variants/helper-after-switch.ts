/**
 * Re-plan variant `helpersAfterSwitch` (index.ts SHR_VARIANTS, with `shares`; OWN-1, FORK-4,
 * FORK-9, SETNS-4): a helper that shares its creator's fs_struct or fd table (a session ghost of
 * share-ghosts.ts, a carrier of share-carriers.ts) and creates a pid-ns init sharing it is forked
 * after its creator's switch into its final user ns when that user ns owns the init's pid ns.
 *
 * build.ts gave such an init no maker (a maker would share nothing with it, FORK-4) and its
 * helper creator was born in its creator's birth user ns, so the init's pid ns would be owned by
 * that one: OWN-1 refused the plan ("no helper can stand between them"). A task creator in that
 * case switches first (build.ts switchFirst); a helper is the same when forked after its
 * creator's switch (exec-order.ts lateHelpers: it is born in the creator's final user ns, and
 * its numbers go through set_tid there, FORK-9), and then clones the init with CLONE_NEWPID from
 * inside the owner (OWN-1). The creator's switch precedes the CLONE_FS fork, as a shared
 * fs_struct forbids setns(user) (SETNS-4). Seed 73840: t22, forked in session 8, forked 35 with
 * CLONE_FS, called setsid and unshare(CLONE_NEWPID) in user:1, forked init 74 of pid:10 (owned by
 * user:1) with CLONE_FS and died; the plan's session ghost of 22, forked by 35 with CLONE_FS after
 * 35 entered user:1, clones 74 with CLONE_FS|CLONE_NEWPID.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. O(helpers x children) once per attempt, before the first build.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

/** The helpers to fork after their creator's user-ns switch (index.ts planAttempt gives them to buildSchedule as lateHelpers). */
export function helpersAfterSwitch(f: Facts, m: CreatorModel): Set<string> {
  const out = new Set<string>();
  for (const h of m.helpers) {
    if (!h.share || !h.by.startsWith('t')) continue;
    const cr = f.tasks.get(Number(h.by.slice(1)));
    if (!cr || cr.userns === null || cr.userns === f.rootUserNs || f.nsById.get(cr.userns)?.external) continue;
    for (const x of h.creates) {
      const p = f.procs.get(x);
      if (!p?.isInit || f.pidns.get(p.pidns)?.ns.owner !== cr.userns) continue;
      if (h.share.some((k) => p.leader[k] !== null && p.leader[k] === cr[k])) out.add(h.name);
    }
  }
  return out;
}
