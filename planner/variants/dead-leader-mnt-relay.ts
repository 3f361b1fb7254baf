/**
 * A dead leader that makes a mount ns (planned in its thread's namespaces, dead-leaders.ts) relays
 * the fs_struct its creator passed on with CLONE_FS: it forks its CLONE_FS children that end in
 * its creator's mount ns before its unshare(CLONE_NEWNS) (re-plan variant `deadLeaderMntRelays`;
 * the dead-leader case of fs-relays.ts findFsRelays, which takes live relays only).
 *
 * Rules: FORK-4 (a CLONE_FS child shares its creator's fs_struct), UNSH-1/UNSH-4
 * (unshare(CLONE_NEWNS) gives the caller a private copy of its fs_struct: what it forked before
 * keeps the old one), SETNS-3 (setns(mnt) is refused while the fs_struct is shared: a child
 * sharing it cannot move to its mount ns after birth, and sharers of one fs_struct stay in one
 * mount ns), EXIT-4 (the dead leader's own fs_struct and namespaces are gone from the image).
 *
 * Seed 73120: thread 4 of 3 forked 19 with CLONE_FS (fs:0, mnt:0); 19 forked 82 with CLONE_FS and
 * its thread 63, then 63 unshared CLONE_NEWNS (mnt:5, its own copy) and the leader 19 died. The
 * planner has 19 make mnt:5 in 63's place, and as a creator sharing its fs_struct it settled in
 * mnt:5 before forking 82 (SETNS-3 edge), so 82, sharing fs:0 with 3 and 4, was born in mnt:5 and
 * could not join mnt:0. As a relay, 19 forks 82 before its unshare (fs-relays.ts addFsShareEdges'
 * relay edge) and is no fs-sharing creator. Only a dead leader D whose creator G holds the
 * fs_struct o (G's mount ns being the child's) and that makes its own mount ns, for a live child
 * P holding o and ending outside D's mount ns. O(processes).
 */
import type { BuildContext } from '../graph/build-context.js';

/** In the variant: dead-leader relays -> the fs_struct they had at birth. */
export function deadLeaderMntRelays(ctx: BuildContext): Map<number, string> {
  const { f, m, eff, nsCreator, userSwitch } = ctx;
  const out = new Map<number, string>();
  if (!f.deadLeaderMntRelays) return out;
  const mntOf = (np: string | null): string | undefined => (np ? f.nsproxy.get(np)?.mnt : undefined);
  for (const p of f.order) {
    const by = m.creation.get(p.tgid)?.by;
    if (!by || !by.startsWith('t') || p.zombie || p.leader.state === 'dead') continue;
    const d = f.tasks.get(Number(by.slice(1)));
    if (!d || d.state !== 'dead' || d.pid[0] !== d.tgid || out.has(d.pid[0])) continue;
    const o = eff(d).fs;
    const dMnt = mntOf(d.nsproxy);
    const pMnt = mntOf(p.leader.nsproxy);
    if (o === null || p.leader.fs !== o || !dMnt || !pMnt || dMnt === pMnt || nsCreator.get(dMnt) !== d || userSwitch(d)) continue;
    // (its threads hold copies of their own: o is the leader's alone among them)
    if (f.procs.get(d.tgid)?.threads.some((th) => th.fs === o)) continue;
    // D was born sharing o with its creator, in the child's mount ns
    const c = m.creation.get(d.tgid);
    const g = c && !c.via && c.by.startsWith('t') ? f.tasks.get(Number(c.by.slice(1))) : undefined;
    if (!g || eff(g).fs !== o || mntOf(eff(g).nsproxy) !== pMnt) continue;
    out.set(d.pid[0], o);
  }
  return out;
}
