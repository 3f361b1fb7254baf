/**
 * A zombie forked by a holder of what its child shares (re-plan variant `zombieShares`; FORK-3,
 * FORK-4, EXIT-2, EXIT-4). A live process B holds an fd table or fs_struct o its creator Z, a
 * zombie, cannot have given it (Z's creator holds no o, Z stands in for no object of that kind,
 * planner/graph/stand-ins.ts). In the image's
 * history a holder A of o forked Z with CLONE_FILES/CLONE_FS, Z forked B with the flag and
 * exited (seed 15327: zombie 8's thread forks 10 and zombie 14 with CLONE_FS; 14 setsid's and
 * forks 20 with CLONE_FS; both exit, 10 and 20 go to init 4). Here A becomes Z's creator:
 * - A is Z's image parent (a plain fork) or its sibling (CLONE_PARENT, A no init): Z's parent,
 *   hence Z's reaper and its children's, stays as it was (EXIT-2);
 * - A is a live leader holding o (its threads' objects are not looked at);
 * - Z is born in its session from A (timingIn), inherits no group it cannot join unless A is in
 *   it, hands no group on, is no init, and A's creator chain does not pass through Z (FORK-1);
 * - Z's stand-in for the other kind stays as it was (plan of 15327: 8's sibling 20, holder of
 *   fs:4, forks zombie 8 with CLONE_FS|CLONE_PARENT, which forks 10 with CLONE_FS).
 * Z's stand-in then is o (its creator's, which B holds; planner/graph/stand-ins.ts). Seed 17484 too:
 * 34 forks zombie 27, which forks 38. Runs after planner/sharing/zombie-relay.ts and share-zombies.ts (a
 * zombie they made a first holder stays one). O(processes + siblings x creator-chain depth per
 * candidate).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, Timing } from '../creators/creators.js';
import { actorOf, needOf, timingIn } from '../creators/creators.js';
import { creatorChain, procOfActor, isLiveProc } from './creator-chain.js';
import { groupPassers } from './sharers.js';
import { standIn } from './share-zombies.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';

export function chainThroughZombies(f: Facts, m: CreatorModel): number {
  if (!m.zombieShares) return 0;
  const { helperByName, createdBy, creatorHolds } = creatorChain(f, m);
  const passers = groupPassers(f, m);
  // children of each process in the present model (plain task creations)
  const kidsOf = new Map<number, Proc[]>();
  for (const p of f.order) {
    const c = procOfActor(f, m.creation.get(p.tgid)?.by);
    if (!c) continue;
    const l = kidsOf.get(c.tgid);
    if (l) l.push(p);
    else kidsOf.set(c.tgid, [p]);
  }
  /** does A hold o when it forks: a live leader holding it */
  const holds = (a: Proc, k: Kind, o: string): boolean => isLiveProc(a) && a.leader[k] === o;
  const byParent = new Map<number, Proc[]>();
  for (const p of f.order) { const l = byParent.get(p.parent); if (l) l.push(p); else byParent.set(p.parent, [p]); }
  const used = new Set<number>();
  let moved = 0;
  for (const b of f.order) {
    if (!isLiveProc(b) || m.zombieRelayed?.has(b.tgid)) continue;
    const z = procOfActor(f, m.creation.get(b.tgid)?.by);
    if (!z?.zombie || z.isInit || used.has(z.tgid) || m.zombieRelayed?.has(z.tgid) || m.bornGroup.has(z.tgid) || passers.has(z.tgid)) continue;
    if (m.creation.get(z.tgid)?.via) continue;
    const zc = procOfActor(f, m.creation.get(z.tgid)?.by);
    const zKids = kidsOf.get(z.tgid) ?? [];
    for (const k of KINDS) {
      const o = b.leader[k];
      if (o === null || (k === 'files' && (b.leader.execed === true || z.leader.execed === true)) || creatorHolds(z, k, o)) continue;
      // (Z holds nothing of this kind yet: a zombie that stands in for an object, o or another,
      // is left as it is, planner/sharing/share-zombies.ts made it a first holder; seed 12810)
      if (standIn(z, k, zKids, zc) !== null) continue;
      const nz = needOf(f, m, z);
      const cands: { a: Proc; cloneParent: boolean }[] = [];
      const par = f.procs.get(z.parent);
      if (par) cands.push({ a: par, cloneParent: false });
      for (const sib of byParent.get(z.parent) ?? []) if (sib !== z && !sib.isInit) cands.push({ a: sib, cloneParent: true });
      let done = false;
      for (const { a, cloneParent } of cands) {
        if (a === zc || !holds(a, k, o) || !canCreateIn(f, a.pidns, z) || createdBy(a.tgid, z.tgid)) continue;
        const tz: Timing | null = nz === null ? 'any' : timingIn(f, m, a.tgid, nz);
        if (tz === null || (!groupJoinable(z) && a.pgid !== z.pgid)) continue;
        const other: Kind = k === 'files' ? 'fs' : 'files';
        if (standIn(z, other, zKids, zc) !== standIn(z, other, zKids, a)) continue;
        if (standIn(z, k, zKids, a) !== o) continue;
        const prev = m.creation.get(z.tgid)?.by;
        const h = prev?.startsWith('h') ? helperByName.get(prev) : undefined;
        if (h) h.creates = h.creates.filter((y) => y !== z.tgid);
        const flag = k === 'files' ? 'CLONE_FILES' : 'CLONE_FS';
        m.creation.set(z.tgid, {
          by: actorOf(a.tgid), cloneParent, timing: tz,
          why: `${a.tgid} forks it with ${flag}${cloneParent ? ' and CLONE_PARENT (parent ' + (z.parent || 'the restorer') + ')' : ''}, so it can pass ${o} on to ${b.tgid} (FORK-4${cloneParent ? ', FORK-3' : ''})`,
        });
        const ak = kidsOf.get(a.tgid);
        if (ak) ak.push(z); else kidsOf.set(a.tgid, [z]);
        used.add(z.tgid);
        moved++;
        done = true;
        break;
      }
      if (done) break;
    }
  }
  return moved;
}

