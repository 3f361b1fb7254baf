/**
 * Re-plan variant `zombieTableChains` (index.ts SHR_VARIANTS, with `shares`; FORK-4, SID-2,
 * FORK-3, EXIT-2, EXIT-4, stand-ins.ts execBorn): two zombies, the one forking the other with
 * CLONE_FILES, stand together for an fd table that two live processes share and that nothing
 * alive explains.
 *
 * The chain: zombie Z1, first holder of fd table T, forks live P1 with CLONE_FILES before its
 * setsid (in P1's session N, SID-2: Z1 is born there, born-sharer.ts bornCreatorIn) and zombie
 * Z2 with CLONE_FILES (FORK-4). Z2, a session leader, forks process E with CLONE_FILES; E forks
 * P2 with CLONE_FILES before its execve (which gives E a private table, unshare_files: its table
 * before it is T, stand-ins.ts makeExecBorn, which finds it from Z2's stand-in). The zombies'
 * exits at the end hand P1, Z2 and E to their reaper, which must be their image parent (EXIT-2;
 * a zombie released its table, EXIT-4, so nothing in the image names T for it).
 *
 * share-zombies.ts stands a zombie for a table only when its creator holds it or two of its
 * children share it (standIn): each of Z1, Z2 has one live holder below it, so neither is ever
 * taken, and their stand-ins are read from their children one zombie at a time. This pass links
 * them: it finds the table's two entries (live holders whose creator does not hold it) P1, and
 * P2 whose creator E is an execve'd process forked by zombie Z2, picks a childless zombie session
 * leader Z1 whose reaper is P1's and Z2's image parent, makes Z1 the creator of P1 and Z2, and
 * records T as both zombies' stand-in (stand-ins.ts reads it through chainedTable).
 *
 * Seed 53174: 4 (zombie, leader of session 4) forked 5 with CLONE_FILES in session 2 and 6 (zombie,
 * leader of session 6); 6 forked 32, which forked 34 with CLONE_FILES and then execve'd: 5 and 34
 * share files:0. The first attempt had session 2's ghost fork 5 and the restorer fork 4 and 6.
 *
 * Kept only when verified (SHR_VARIANTS, after a first answer naming FORK-4), so first attempts
 * keep their plans. State per CreatorModel (a WeakMap), so shared modules gain no field.
 * O(processes + objects x zombies).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, isSessionLeader, makeReaper, needOf, timingIn } from '../creators/creators.js';
import { creatorChain, isLiveProc, procOfActor } from '../sharing/creator-chain.js';
import { bornCreatorIn, bornIn } from '../sharing/born-sharer.js';

const chains = new WeakMap<CreatorModel, Map<number, string>>();

export function setZombieTableChains(m: CreatorModel): void {
  chains.set(m, new Map());
}

/** In the variant, the fd table zombie `tgid` stands for on such a chain, else undefined. O(1). */
export function chainedTable(m: CreatorModel, tgid: number): string | undefined {
  return chains.get(m)?.get(tgid);
}

/** The pass (after share-zombies.ts and zombie-chain.ts); the number of chains made. */
export function linkZombieTables(f: Facts, m: CreatorModel): number {
  const linked = chains.get(m);
  if (!linked) return 0;
  const { createdBy, creatorHolds } = creatorChain(f, m);
  // fd tables held by live processes whose creator does not give them
  const entries = new Map<string, Proc[]>();
  const hasKids = new Set<number>();
  for (const p of f.order) {
    const by = procOfActor(f, m.creation.get(p.tgid)?.by);
    if (by) hasKids.add(by.tgid);
    const o = p.leader.files;
    if (!isLiveProc(p) || o === null || creatorHolds(p, 'files', o)) continue;
    const l = entries.get(o);
    if (l) l.push(p);
    else entries.set(o, [p]);
  }
  const reaper = makeReaper(f, m);
  let made = 0;
  for (const [o, list] of entries) {
    if (list.length !== 2) continue;
    for (const [p1, p2] of [[list[0], list[1]], [list[1], list[0]]]) {
      if (p1.leader.execed === true || !groupJoinable(p1)) continue;
      // p2's creator E: an execve'd process whose final table is its own, forked by zombie Z2
      const e = procOfActor(f, m.creation.get(p2.tgid)?.by);
      if (!e || e.zombie || e.leader.execed !== true || e.leader.files === o || e.threads.length > 0) continue;
      const ec = m.creation.get(e.tgid)!;
      const z2 = procOfActor(f, ec.by);
      if (!z2 || !z2.zombie || z2.isInit || !isSessionLeader(f, z2) || m.bornSid.has(z2.tgid)) continue;
      const z2c = m.creation.get(z2.tgid);
      if (!z2c || z2c.via || z2c.moveTo !== undefined || z2c.by.startsWith('h')) continue;
      const n1 = needOf(f, m, p1);
      if (n1 === null) continue;
      for (const z1 of f.order) {
        if (!z1.zombie || z1.isInit || z1 === z2 || hasKids.has(z1.tgid) || !isSessionLeader(f, z1)) continue;
        if (!canCreateIn(f, z1.pidns, p1) || !canCreateIn(f, z1.pidns, z2)) continue;
        const r = reaper(actorOf(z1.parent), z1.pidns);
        if (r !== p1.parent || r !== z2.parent || (ec.cloneParent && r !== e.parent)) continue;
        if ([p1, z2, e, p2].some((x) => createdBy(z1.tgid, x.tgid))) continue;
        // Z1 in P1's session when it forks P1: there already, or born there (born-sharer.ts)
        let timing = timingIn(f, m, z1.tgid, n1);
        if (timing === null) {
          const by = bornCreatorIn(f, m, z1, n1, createdBy);
          if (by === null) continue;
          bornIn(f, m, z1, n1, by);
          timing = timingIn(f, m, z1.tgid, n1)!;
        }
        m.creation.set(p1.tgid, {
          by: actorOf(z1.tgid), cloneParent: false, timing,
          why: `${z1.tgid}, a zombie in the image, forks it with CLONE_FILES in session ${n1} so it shares ${o}, which ${z1.tgid} also passes on through zombie ${z2.tgid} and ${e.tgid}'s table before its execve to ${p2.tgid}; its exit at the end hands it to ${p1.parent || 'the restorer'} (FORK-4, EXIT-2, EXIT-4)`,
        });
        m.creation.set(z2.tgid, {
          by: actorOf(z1.tgid), cloneParent: false, timing: 'any',
          why: `${z1.tgid}, a zombie in the image, forks it with CLONE_FILES so it holds ${o} for ${e.tgid}; it then creates session ${z2.tgid} with setsid, and ${z1.tgid}'s exit hands it to ${z2.parent || 'the restorer'} (FORK-4, SID-2, EXIT-2)`,
        });
        linked.set(z1.tgid, o);
        linked.set(z2.tgid, o);
        made++;
        break;
      }
      if (made > 0) break;
    }
  }
  return made;
}
