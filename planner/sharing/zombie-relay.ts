/**
 * Clone-time sharing through a zombie child relay (re-plan variant `zombieShares`; FORK-4,
 * EXIT-2, EXIT-4): processes A and B share an fd table or fs_struct that B's creator does not
 * hold, and a zombie Z of the image is A's child whose exit hands its children to B's image
 * parent. In the image's history A forked Z with CLONE_FILES/CLONE_FS, Z forked B with the same
 * flag, and Z exited: B reparented (seed 4969: A = 15 forks zombie 23 with CLONE_FS while still in
 * session 2, before its setsid; 23 forks 34 there, which goes to the restorer at 23's exit).
 * planner/sharing/share-zombies.ts takes a zombie only as its present creator made it; here Z's creator
 * becomes A (its image parent: a plain fork, FORK-3), and B's Z, when:
 * - A holds the object itself (its leader) and Z neither execve'd (an fd table: unshare_files)
 *   nor is an init or a subreaper; B neither execve'd for an fd table;
 * - Z and B are each born in their session by their new creator (timingIn), A possibly by
 *   being born in Z's session before its own setsid (planner/sharing/born-sharer.ts bornCreatorIn);
 * - a group Z or B cannot join from its pid ns is the new creator's own, and none hands a group on
 *   or has a born group (groupPassers, bornGroup);
 * - B's present creator gives it nothing else it shares (mm or the other kind), Z's stand-in for
 *   the other kind (stand-ins.ts zombieTask) stays as it was, and neither A's nor its new
 *   creator's chain passes through Z or B (FORK-1).
 * (Variant shares: a subreaper Z too, and a B past the nearest subreaper above Z, which sets its
 * flag after Z's exit, planner/sharing/zombie-late-subreaper.ts lateZombieEdges.)
 * Runs before planner/sharing/sharers.ts in that variant: the relay is what the image's history did.
 * O(zombies x holders of A's objects + creator-chain depth).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, Timing } from '../creators/creators.js';
import { actorOf, makeReaper, needOf, timingIn } from '../creators/creators.js';
import { creatorChain, procOfActor, isLiveProc } from './creator-chain.js';
import { groupPassers } from './sharers.js';
import { bornCreatorIn, bornIn } from './born-sharer.js';
import { standIn } from './share-zombies.js';
import { lateSubreaperHeir } from '../creators/helper-heirs.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';

export function relayThroughZombieChildren(f: Facts, m: CreatorModel): number {
  if (!m.zombieShares) return 0;
  const { helperByName, createdBy, creatorHolds } = creatorChain(f, m);
  const reaper = makeReaper(f, m);
  const passers = groupPassers(f, m);
  // live leaders by object
  const holders = KINDS.map(() => new Map<string, Proc[]>());
  for (const p of f.order) {
    if (!isLiveProc(p)) continue;
    for (let i = 0; i < KINDS.length; i++) {
      const o = p.leader[KINDS[i]];
      if (o === null) continue;
      const l = holders[i].get(o);
      if (l) l.push(p);
      else holders[i].set(o, [p]);
    }
  }
  // children of each zombie in the present model
  const kidsOf = new Map<number, Proc[]>();
  for (const p of f.order) {
    const z = procOfActor(f, m.creation.get(p.tgid)?.by);
    if (!z?.zombie) continue;
    const l = kidsOf.get(z.tgid);
    if (l) l.push(p);
    else kidsOf.set(z.tgid, [p]);
  }
  const used = new Set<number>();
  let moved = 0;
  for (const z of f.order) {
    // (a subreaper Z too in variant shares: its flag stops no orphan of its own, EXIT-2, as in share-zombies.ts; seed 33263)
    if (!z.zombie || z.isInit || (z.leader.subreaper === true && !m.shares) || used.has(z.tgid) || !m.creation.has(z.tgid)) continue;
    if (m.bornGroup.has(z.tgid) || passers.has(z.tgid)) continue;
    const a = f.procs.get(z.parent);
    if (!a || !isLiveProc(a) || used.has(a.tgid) || !canCreateIn(f, a.pidns, z)) continue;
    const heir = reaper(actorOf(z.parent), z.pidns);
    // (variant shares: or, Z exiting before the nearest subreaper above it sets its flag, that
    // one's reaper, zombie-late-subreaper.ts lateZombieEdges)
    const late = m.shares ? lateSubreaperHeir(f, reaper, actorOf(z.parent), z.pidns) : undefined;
    for (let i = 0; i < KINDS.length; i++) {
      const k = KINDS[i];
      // (variant shares: or, for an fs_struct its leader does not hold, a live thread of A's, which
      // forks Z: stand-ins.ts reads that thread's for Z, fromCreatorThread; seed 83819)
      const th = k === 'fs' && m.shares && !z.leader.execed ? a.threads.find((x) => x.fs !== null && x.fs !== a.leader.fs && (x.state === 'running' || x.state === 'stopped')) : undefined;
      const o = a.leader[k] !== null && (holders[i].get(a.leader[k]!)?.length ?? 0) > 1 ? a.leader[k] : th?.fs ?? a.leader[k];
      if (o === null || (k === 'files' && z.leader.execed === true)) continue;
      const fits = (q: Proc, h: number) => q !== a && q.parent === h && !used.has(q.tgid) && !creatorHolds(q, k, o)
        && !(k === 'files' && q.leader.execed === true) && !m.bornGroup.has(q.tgid) && !passers.has(q.tgid) && canCreateIn(f, z.pidns, q)
        && !KINDS.some((k2) => k2 !== k && creatorHolds(q, k2, q.leader[k2])) && !creatorHolds(q, 'mm', q.leader.mm);
      let b = (holders[i].get(o) ?? []).find((q) => fits(q, heir));
      const lateS = !b && late && late.late !== z.tgid ? late.late : undefined;
      if (lateS !== undefined) b = (holders[i].get(o) ?? []).find((q) => q.tgid !== lateS && fits(q, late!.heir));
      if (!b) continue;
      // Z born in its session from A (A possibly born in it itself, before its own setsid)
      const nz = needOf(f, m, z);
      let aBornBy: number | null = null;
      let tz: Timing | null = nz === null ? 'any' : timingIn(f, m, a.tgid, nz);
      if (tz === null && nz !== null) {
        aBornBy = bornCreatorIn(f, m, a, nz, createdBy);
        if (aBornBy === null || createdBy(aBornBy, z.tgid) || createdBy(aBornBy, b.tgid)) continue;
        tz = 'before-setsid';
      }
      if (tz === null) continue;
      // (variant shares: or A, no session leader, inherited Z's group from its own creator and forks
      // Z before it leaves it, which build.ts orders; seed 78698)
      const aInherits = () => m.shares === true && a.sid !== a.tgid && procOfActor(f, m.creation.get(a.tgid)?.by)?.pgid === z.pgid;
      if (!groupJoinable(z) && a.pgid !== z.pgid && !aInherits()) continue;
      // B born in its session from Z
      const nb = needOf(f, m, b);
      const tb = nb === null ? 'any' : timingIn(f, m, z.tgid, nb);
      if (tb === null || (!groupJoinable(b) && z.pgid !== b.pgid)) continue;
      // Z's stand-in for the other kind stays as it was
      const before = kidsOf.get(z.tgid) ?? [];
      const other: Kind = k === 'files' ? 'fs' : 'files';
      const zc = procOfActor(f, m.creation.get(z.tgid)?.by);
      if (standIn(z, other, before, zc) !== standIn(z, other, before.concat(b), a)) continue;
      if (standIn(z, k, before.concat(b), a) !== o && !(th && th.fs === o && before.length === 0)) continue;
      // (variant shares: A forked by B as the sibling sharing with it, creators.ts freeSharer,
      // is forked by its parent instead: B gets the object from Z now; seed 28638)
      const ac = m.creation.get(a.tgid);
      const undo = m.shares && ac?.sharer === true && ac.by === actorOf(b.tgid) && ac.cloneParent ? ac : undefined;
      if (undo) m.creation.set(a.tgid, { by: actorOf(a.parent), cloneParent: false, timing: 'any', why: `its parent forks it; it then creates session ${a.tgid} with setsid (SID-2)` });
      if (createdBy(a.tgid, z.tgid) || createdBy(a.tgid, b.tgid)) { if (undo) m.creation.set(a.tgid, undo); continue; }
      if (aBornBy !== null) {
        bornIn(f, m, a, nz!, aBornBy);
        // (A is now born in Z's session, before its setsid)
        tz = timingIn(f, m, a.tgid, nz!) ?? tz;
      }
      for (const x of [z, b]) {
        const prev = m.creation.get(x.tgid)?.by;
        const h = prev?.startsWith('h') ? helperByName.get(prev) : undefined;
        if (h) h.creates = h.creates.filter((y) => y !== x.tgid);
      }
      const flag = k === 'files' ? 'CLONE_FILES' : 'CLONE_FS';
      m.creation.set(z.tgid, {
        by: actorOf(a.tgid), cloneParent: false, timing: tz,
        why: `its parent ${a.tgid} forks it with ${flag}${nz !== null ? ` in session ${nz}` : ''}, so it can pass ${o} on to ${b.tgid} (FORK-4)`,
      });
      m.creation.set(b.tgid, {
        by: actorOf(z.tgid), cloneParent: false, timing: tb,
        why: `${z.tgid}, a zombie in the image, forks it with ${flag} so it shares ${o} with ${a.tgid}; its exit at the end hands it to ${b.parent || 'the restorer'} (FORK-4, EXIT-2, EXIT-4)`,
      });
      if (lateS !== undefined) (m.zombieLateSubreaper ??= new Map()).set(z.tgid, lateS);
      kidsOf.set(z.tgid, before.concat(b));
      used.add(z.tgid).add(b.tgid);
      (m.zombieRelayed ??= new Set()).add(a.tgid).add(z.tgid).add(b.tgid);
      moved++;
      break;
    }
  }
  return moved;
}
