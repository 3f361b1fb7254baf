/**
 * Clone-time sharing through a zombie (FORK-4, EXIT-2, EXIT-4): processes share an fd table or
 * fs_struct that none of their creators holds, and in the image's history a process that is now
 * a zombie created them with CLONE_FILES/CLONE_FS before it exited, which handed them to its
 * reaper (seed 5070: zombie 12 forked 21 before its setsid and 22 after, both with CLONE_FILES).
 *
 * A zombie's table is gone from the image; planner/graph/stand-ins.ts gives it a stand-in (zombieTask): its
 * creator's object when a child it creates shares it, else the object two of its children share.
 * This pass makes a zombie Z the creator of such processes P (the zfork of planner/creators/sessions.ts:
 * Z forks P; Z's exit at the end hands P to its image parent) when that stand-in becomes the
 * object: Z's creator holds it (one P suffices), or every entry of the object moves to Z (Z is its
 * first holder). Each P: Z is in P's session at the time (timingIn), Z can create in P's pid ns,
 * Z's reaper (found from Z's pid ns, EXIT-2) is P's image parent (Z neither init nor subreaper), P inherits its group from Z only
 * if Z is in it, P keeps everything it shares with its present creator, Z's creator chain does
 * not pass through P, and Z's stand-in for that kind is unchanged for the children it had.
 * In re-plan variant `shares` (CreatorModel.shares), also: entries Z already creates count as
 * kept, and a Z that must fork an entry before its setsid is born in that entry's session
 * (planner/sharing/born-sharer.ts; seed 5070; born in that entry's group too when the entry cannot join
 * it from its pid ns and so inherits it from Z, seed 53950), and a Z that was a subreaper is taken too (seeds 2218, 5669),
 * and an execve'd Z passes its creator's fd table to what it forks before its execve (its table
 * then, stand-ins.ts execBorn, which orders those forks before the execve; seed 2659).
 * Runs after planner/sharing/share-carriers.ts, before share-sources.ts (a zombie needs no helper).
 * O(processes + objects x zombies).
 */
import type { Facts, Proc } from '../facts/facts.js';
import { creatorChain, procOfActor } from './creator-chain.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, makeReaper, needOf, timingIn } from '../creators/creators.js';
import { groupPassers } from './sharers.js';
import { bornCreatorIn, bornIn } from './born-sharer.js';
import { lateZombieHeir } from './zombie-late-subreaper.js';
import { deadLeaderBirthFs } from './dead-leader-fs.js';
import { bornChainIn, holderOrder, userWithin } from '../variants/hold-born-chain.js';
import { threadKeptFs } from '../variants/thread-fs-entry.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';
import { asFirstHolder, deadHolderKeeps } from '../variants/dead-holder-relay.js';
import { creatorAsEff, zombieGivesGroup } from '../variants/zombie-group-sharer.js';
import { userFirstZombies } from '../variants/zombie-pre-switch-ns.js';
import { keptByChosenZombie } from '../variants/chosen-zombie-holder.js';

/**
 * The stand-in planner/graph/stand-ins.ts gives zombie z for kind k with these children and creator cr
 * (its zombieTask pick): what cr passes on when a child holds it (an execve'd zombie's table
 * excepted), else the object most children hold, two at least. O(children).
 */
export function standIn(z: Proc, k: Kind, kids: Proc[], cr: Proc | undefined, objOf?: (p: Proc, k: Kind) => string | null): string | null {
  const n = new Map<string, number>();
  for (const t of kids) { const o = objOf ? objOf(t, k) : t.leader[k]; if (o !== null) n.set(o, (n.get(o) ?? 0) + 1); }
  const inherited = k === 'files' && z.leader.execed === true ? null : cr?.leader[k] ?? null;
  if (inherited !== null && n.has(inherited)) return inherited;
  let best: string | null = null;
  for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
  return best;
}

/** (variant lateZombies) a process's object of kind k: a dead leader's is its first thread's, as stand-ins.ts eff reads it */
function threadObjOf(p: Proc, k: Kind): string | null {
  if (p.leader.state !== 'dead') return p.leader[k];
  return p.threads.find((t) => t.files !== null || t.mm !== null)?.[k] ?? null;
}

export function shareThroughZombies(f: Facts, m: CreatorModel): number {
  const { helperByName, createdBy, creatorHolds } = creatorChain(f, m);
  // children of each zombie in the present model
  const kidsOf = new Map<number, Proc[]>();
  const zombies: Proc[] = [];
  for (const p of f.order) {
    // (a subreaper too in variant shares: its flag stops no orphan of its own, which go past it
    // at its exit, EXIT-2; whatever reached it before goes on to the same reaper then; seed 2218)
    if (p.zombie && !p.isInit && (p.leader.subreaper !== true || m.shares) && m.creation.has(p.tgid)) zombies.push(p);
    const z = procOfActor(f, m.creation.get(p.tgid)?.by);
    if (z?.zombie) {
      const l = kidsOf.get(z.tgid);
      if (l) l.push(p);
      else kidsOf.set(z.tgid, [p]);
    }
  }
  if (zombies.length === 0) return 0;
  const reaper = makeReaper(f, m);
  const passers = groupPassers(f, m);
  /** the fd table an execve'd zombie with these children held before its execve (stand-ins.ts execBorn's pick) */
  const execPick = (kids: Proc[], cr: Proc | undefined): string | null => {
    const n = new Map<string, number>();
    for (const t of kids) { const o = t.leader.execed === true ? null : t.leader.files; if (o !== null) n.set(o, (n.get(o) ?? 0) + 1); }
    const inherited = cr?.leader.files ?? null;
    if (inherited !== null && n.has(inherited)) return inherited;
    let best: string | null = null;
    for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
    return best;
  };
  // entries: live processes holding o whose creator does not give it
  const entries = KINDS.map(() => new Map<string, Proc[]>());
  // (variant lateZombies: a dead leader whose thread holds it too, seed 59131)
  const lz = m.lateZombies === true;
  // (variant shares: a dead leader whose live thread holds an fs_struct that a process outside
  // it holds too, which it then held at birth, dead-leader-fs.ts; seed 14201)
  const deadFs = m.shares ? deadLeaderBirthFs(f, m, creatorHolds) : new Map<number, string[]>();
  for (const [tgid, os] of deadFs) for (const o of os) { const l = entries[1].get(o); if (l) l.push(f.procs.get(tgid)!); else entries[1].set(o, [f.procs.get(tgid)!]); }
  /** a kid's object as stand-ins.ts counts it: a dead leader's moved for o (`as`), else its first thread's */
  const objOf = (as: ReadonlyMap<number, string>) => (q: Proc, k: Kind): string | null => {
    if (q.leader.state !== 'dead' || q.zombie) return q.leader[k];
    if (k === 'fs' && as.has(q.tgid)) return as.get(q.tgid)!;
    return q.threads.find((x) => x.files !== null || x.mm !== null)?.[k] ?? null;
  };
  // (a dead leader counted by its threads' objects: variant lateZombies, or variant shares with
  // dead-leader-fs.ts's moved fs_struct, which counts the threads too)
  const kidObj0 = (as: ReadonlyMap<number, string>) => (deadFs.size > 0 ? objOf(as) : lz ? threadObjOf : undefined);
  // (variant threadFsEntries: a process counts with the fs_struct its thread keeps, thread-fs-entry.ts)
  const kidObj = (as: ReadonlyMap<number, string>): ((q: Proc, k: Kind) => string | null) | undefined => {
    const base = kidObj0(as);
    if (!m.threadFsEntries) return base;
    return (q, k) => (k === 'fs' ? threadKeptFs(f, q) : null) ?? (base ? base(q, k) : q.leader[k]);
  };
  for (const p of f.order) {
    if (p.zombie || (p.leader.state !== 'running' && p.leader.state !== 'stopped' && !(lz && p.leader.state === 'dead' && p.threads.length > 0))) continue;
    // (variant zombieShares: what a zombie relays, planner/sharing/zombie-relay.ts, stays)
    if (m.zombieRelayed?.has(p.tgid)) continue;
    for (let i = 0; i < KINDS.length; i++) {
      const o = lz ? threadObjOf(p, KINDS[i]) : p.leader[KINDS[i]];
      if (o === null || creatorHolds(p, KINDS[i], o)) continue;
      const l = entries[i].get(o);
      if (l) l.push(p);
      else entries[i].set(o, [p]);
    }
    // (variant threadFsEntries: the fs_struct its thread keeps, which its leader left, thread-fs-entry.ts)
    const kept = m.threadFsEntries ? threadKeptFs(f, p) : null;
    if (kept !== null && !creatorHolds(p, 'fs', kept)) {
      const l = entries[1].get(kept);
      if (l) l.push(p);
      else entries[1].set(kept, [p]);
    }
  }
  let moved = 0;
  for (let i = 0; i < KINDS.length; i++) {
    const k = KINDS[i];
    for (const [o, list] of entries[i]) {
      if (list.length < 2) continue;
      // (variant chosenZombieHolders: all created by one zombie standing in for o, which keeps them, chosen-zombie-holder.ts)
      if (keptByChosenZombie(f, m, list, o, (z) => standIn(z, k, kidsOf.get(z.tgid) ?? [], procOfActor(f, m.creation.get(z.tgid)?.by), kidObj(new Map())))) continue;
      // (variant zombiePreSwitchNs: the zombies ending in the entries' user ns first, zombie-pre-switch-ns.ts)
      for (const z of userFirstZombies(m, holderOrder(m, zombies), k, list)) {
        /** entries z forks before its setsid that cannot join their group: that group (z born in it too) */
        const bornGroupOf = new Map<number, number>();
        /** entries z reaches only by exiting before that subreaper's flag (zombie-late-subreaper.ts) */
        const lateVia = new Map<number, number>();
        /**
         * can z create p, sharing o, with p reparenting to its image parent at z's exit? true, or
         * the session z must be born in to create p before its setsid (planner/sharing/born-sharer.ts)
         */
        const canMove = (p: Proc): boolean | number => {
          const c = m.creation.get(p.tgid);
          // (variant zombieGroupSharers: unless that group is z's own, zombie-group-sharer.ts)
          const groupBound = (m.bornGroup.has(p.tgid) || passers.has(p.tgid)) && !zombieGivesGroup(m, z, [m.bornGroup.get(p.tgid), passers.get(p.tgid)]);
          if (!c || p === z || groupBound || (k === 'files' && p.leader.execed === true)) return false;
          if (c.by === actorOf(z.tgid)) return false;
          const prev = c.by.startsWith('h') ? helperByName.get(c.by) : undefined;
          if (prev && prev.role === 'group-ghost') return false;
          if (!canCreateIn(f, z.pidns, p)) return false;
          // (variant holders: p is born in z's user ns, hold-born-chain.ts)
          if (m.holders && !userWithin(f, p.leader.userns, z.leader.userns)) return !(m.holdersUsed = true);
          if (reaper(actorOf(z.parent), z.pidns) !== p.parent) {
            // (variant lateZombies: z exits before the subreaper above it sets its flag,
            // planner/sharing/zombie-late-subreaper.ts)
            const late = lateZombieHeir(f, m, reaper, z, p.parent, (kidsOf.get(z.tgid) ?? []).filter((x) => m.creation.get(x.tgid)?.cloneParent !== true));
            if (late === undefined) return false;
            lateVia.set(p.tgid, late);
          }
          if (KINDS.some((k2) => k2 !== k && creatorHolds(p, k2, p.leader[k2])) || creatorHolds(p, 'mm', p.leader.mm)) return false;
          if (createdBy(z.tgid, p.tgid)) return false;
          const n = needOf(f, m, p);
          const timing = n === null ? 'any' : timingIn(f, m, z.tgid, n);
          // (born in n, z is in its creator's group when it creates p: p joins its own; or, in
          // variant shares, z born in p's group too, which p cannot join, born-sharer.ts)
          if (timing === null) {
            if (n === null) return false;
            if (groupJoinable(p)) return n;
            if (!m.shares) return false;
            bornGroupOf.set(p.tgid, p.pgid);
            return n;
          }
          if (!groupJoinable(p) && z.pgid !== p.pgid) return false;
          return true;
        };
        const zc = procOfActor(f, m.creation.get(z.tgid)?.by);
        // (variant shares: an execve'd zombie gives its creator's fd table to what it forks before
        // its execve, stand-ins.ts execBorn, seed 2659)
        const beforeExec = k === 'files' && z.leader.execed === true;
        // (variant deadHolderRelays: a dead-leader creator, o's first holder, keeps the entries it creates, dead-holder-relay.ts)
        const dk = deadHolderKeeps(m, zc, k, list);
        const fromCreator = dk !== undefined || (!!zc && (zc.leader[k] === o || zc.threads.some((t) => t[k] === o)) && !(beforeExec && !m.shares));
        const answers = list.map((p) => (dk?.has(p.tgid) ? false : canMove(p)));
        const movable = list.filter((_, j) => answers[j] !== false);
        if (movable.length === 0) continue;
        // (all by a late exit, or none: the orphans of one exit go to one heir)
        const lates = new Set(movable.map((p) => lateVia.get(p.tgid)));
        if (lates.size > 1) continue;
        const lateS = [...lates][0];
        // entries z already creates keep it (the session phase chose z for them)
        // (re-plan variant `shares` only, as the born sessions below)
        const kept = m.shares ? list.filter((p) => m.creation.get(p.tgid)?.by === actorOf(z.tgid)) : [];
        // every other entry moves, but z's creator (the first holder) when it gives z the object
        const rest = list.filter((p) => !movable.includes(p) && !kept.includes(p) && !(fromCreator && p === zc) && !dk?.has(p.tgid));
        if (rest.length > 0 || (!fromCreator && movable.length + kept.length < 2)) continue;
        // entries z creates before its setsid: z must be born in their session, one for all
        const born = [...new Set(answers.filter((a): a is number => typeof a === 'number'))];
        let bornBy: number | null = null;
        // (variant holders: z born in that session through its parent born there first, hold-born-chain.ts)
        let chain: [Proc, number][] | null = null;
        if (born.length > 1 || (born.length === 1 && !m.shares)) continue;
        // (one group for all, that z is born in: only entries forked before its setsid have one)
        const groups = [...new Set(movable.map((p) => bornGroupOf.get(p.tgid)).filter((g): g is number => g !== undefined))];
        if (groups.length > 1) continue;
        const bornG = groups[0];
        if (born.length === 1) {
          // (z's creator changes: it must not have given z the object)
          if (fromCreator) continue;
          const skip = (x: number) => list.some((e) => createdBy(x, e.tgid));
          bornBy = bornCreatorIn(f, m, z, born[0], createdBy, bornG, m.holders ? skip : undefined);
          if (bornBy === null && m.holders && bornG === undefined) chain = bornChainIn(f, m, z, born[0], createdBy, skip);
          if (bornBy === null && chain === null) continue;
        }
        const zcNew = bornBy === null ? zc : procOfActor(f, actorOf(bornBy));
        if (chain !== null) bornBy = chain[1][1];
        const before = kidsOf.get(z.tgid) ?? [];
        // (variant lateZombies: an execve'd zombie first holder of the table it forks them with:
        // a fresh one, before or after its execve, is the same to them; seeds 59131, 43135)
        if (beforeExec && m.shares && !(lz && !fromCreator)) {
          // the table before its execve (stand-ins.ts execBorn): its creator's, o, for the
          // children it had too, unless none of them shares one; o must be that table after
          if (!fromCreator || bornBy !== null || zc?.leader.files !== o) continue;
          const was = execPick(before, zc);
          if ((was !== null && was !== o) || execPick(before.concat(movable), zc) !== o) continue;
        } else {
          // (variant zombieGroupSharers: a dead-leader creator by its threads' table, zombie-group-sharer.ts)
          const holder = (c: Proc | undefined) => (dk !== undefined && c !== undefined && c === zc ? asFirstHolder(c, k, o) : creatorAsEff(m, c));
          const was = standIn(z, k, before, holder(zc), kidObj(new Map()));
          if (was !== null && was !== o) continue;
          if (standIn(z, k, before.concat(movable), holder(zcNew), kidObj(new Map(movable.filter((p) => deadFs.has(p.tgid)).map((p) => [p.tgid, o])))) !== o) continue;
        }
        // the other kind's stand-in must not change either
        const other: Kind = k === 'files' ? 'fs' : 'files';
        if (standIn(z, other, before, zc, kidObj(new Map())) !== standIn(z, other, before.concat(movable), zcNew, kidObj(new Map()))) continue;
        if (chain !== null) bornIn(f, m, chain[0][0], born[0], chain[0][1]);
        if (chain !== null || (m.holdersLast && zombies.length > 1)) m.holdersUsed = true;
        if (bornBy !== null) bornIn(f, m, z, born[0], bornBy, bornG);
        if (lateS !== undefined) (m.zombieLate ??= new Map()).set(z.tgid, lateS);
        for (const p of movable) {
          const c = m.creation.get(p.tgid)!;
          const prev = c.by.startsWith('h') ? helperByName.get(c.by) : undefined;
          if (prev) prev.creates = prev.creates.filter((x) => x !== p.tgid);
          const n = needOf(f, m, p);
          m.creation.set(p.tgid, {
            by: actorOf(z.tgid), cloneParent: false, timing: n === null ? 'any' : timingIn(f, m, z.tgid, n)!,
            why: `${z.tgid}, a zombie in the image, forks it with ${k === 'files' ? 'CLONE_FILES' : 'CLONE_FS'}${n !== null && m.bornSid.get(z.tgid) === n ? ` before its setsid, in session ${n}` : ''} so it shares ${o}; its exit at the end hands it to ${p.parent || 'the restorer'} (FORK-4, EXIT-2, EXIT-4)`,
          });
          moved++;
        }
        kidsOf.set(z.tgid, before.concat(movable));
        break;
      }
    }
  }
  return moved;
}
