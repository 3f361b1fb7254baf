/**
 * Clone-time sharing through a session ghost (FORK-3, FORK-4, SID-2): in the image's history a
 * holder S of an fd table or fs_struct forked Z with CLONE_FILES/CLONE_FS, Z called setsid and
 * forked P with the flag in its new session, then Z died (seed 59: S = 6, Z = 22, P = 45). The
 * plan recreates Z as session Z's ghost G, which creates P; G's creator does not hold the table.
 *
 * This pass has S create G with the flag (HelperSpec.share, as a reparent helper of
 * planner/sharing/share-carriers.ts), so every member G creates sharing the object gets it from S: S's
 * leader, or a live thread of S holding it (a dead leader's, seed 3759). G's new parent (S, or
 * S's parent when S is no pid-ns init and creates G with CLONE_PARENT, FORK-3; S born with that
 * parent, not to a helper or a zombie that hands it on later) must keep every member where the
 * session phase put it: the members G creates with CLONE_PARENT are that parent's children, the
 * others reparent to their image parent at G's exit (EXIT-2, makeReaper). Taken only when S
 * lives in G's pid ns or in its previous creator's, is not created through G's members, and is
 * the only entry of the object left (the holders whose creator does not give it, G's members
 * excepted), and when G's members share nothing else among themselves (G would hold that as its
 * own otherwise, planner/graph/stand-ins.ts helperTask).
 * Re-plan variant `shares` only (CreatorModel.shares). Runs after planner/sharing/share-zombies.ts. O(processes + helpers) plus O(creator-chain depth) per
 * candidate.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { creatorChain, procOfActor } from './creator-chain.js';
import { ROOT } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { actorOf, makeReaper } from '../creators/creators.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';
import { recordRootGhost, rootGhostShares } from '../variants/root-ghost-share.js';
import { ownKindsOnly } from '../variants/ghost-own-share.js';

export function shareThroughGhosts(f: Facts, m: CreatorModel): number {
  // (re-plan variant `shares` only: CreatorModel.shares)
  if (!m.shares) return 0;
  const { helperByName, createdBy } = creatorChain(f, m);
  const creatorHolds = (p: Proc, k: Kind, o: string | null): boolean => {
    if (o === null) return false;
    const by = m.creation.get(p.tgid)?.by;
    if (!by) return false;
    if (by.startsWith('h')) {
      const h = helperByName.get(by);
      if (!h?.share?.includes(k)) return false;
      return f.tasks.get(Number(h.by.slice(1)))?.[k] === o;
    }
    const q = procOfActor(f, by);
    return !!q && (q.leader[k] === o || q.threads.some((t) => t[k] === o));
  };
  /** the parent a process has when it is born (its creator, or the creator's parent with CLONE_PARENT); undefined through a helper */
  const parentAtBirth = (p: Proc): number | undefined => {
    const c = m.creation.get(p.tgid);
    if (!c || c.via || c.by.startsWith('h')) return undefined;
    const by = c.by === actorOf(ROOT) ? ROOT : Number(c.by.slice(1));
    if (!c.cloneParent) return by;
    const q = f.procs.get(by);
    return q ? q.parent : undefined;
  };
  /** members of ghost g, by tgid */
  const kidsOf = new Map<string, Proc[]>();
  for (const p of f.order) {
    const by = m.creation.get(p.tgid)?.by;
    if (!by || !by.startsWith('h')) continue;
    const l = kidsOf.get(by);
    if (l) l.push(p);
    else kidsOf.set(by, [p]);
  }
  /** do two members share an object (of any kind but `k`'s `o`)? (variant ghostOwnShares: but fd tables and fs_structs, ghost-own-share.ts) */
  const kidsShareOther = (kids: Proc[], k: Kind, o: string): boolean => {
    const kinds = new Set<string>();
    for (const k2 of ['files', 'fs', 'mm', 'sighand'] as const) {
      const seen = new Set<string>();
      for (const p of kids) {
        const x = p.leader[k2];
        if (x === null || (k2 === k && x === o)) continue;
        if (seen.has(x)) kinds.add(k2);
        seen.add(x);
      }
    }
    return kinds.size > 0 && !ownKindsOnly(m, kinds);
  };
  /** a process's object of kind k: its leader's, or its first thread's when the leader is dead (stand-ins.ts eff) */
  const objOf = (p: Proc, k: Kind): string | null => {
    if (p.leader.state !== 'dead') return p.leader[k];
    return p.threads.find((t) => t.files !== null || t.mm !== null)?.[k] ?? null;
  };
  const reaper = makeReaper(f, m);
  /**
   * (variant lateZombies) may ghost g, with its parent at par, fork member x (a CLONE_PARENT one
   * of the session phase) plainly, x reparenting to its image parent at g's exit (EXIT-2)? Only a
   * member that is no pid-ns init, in g's pid ns, with no group to be born in.
   */
  const ghostForks = (g: HelperSpec, x: Proc, par: number): boolean =>
    m.lateZombies === true && !x.isInit && x.pidns === g.pidns && reaper(actorOf(par), g.pidns) === x.parent && !m.bornGroup.has(x.tgid);
  let moved = 0;
  for (let i = 0; i < KINDS.length; i++) {
    const k = KINDS[i];
    // entries of each object, and its live holders
    const entries = new Map<string, Proc[]>();
    const holders = new Map<string, Proc[]>();
    for (const p of f.order) {
      const o = objOf(p, k);
      if (o === null || p.zombie) continue;
      const hl = holders.get(o);
      if (hl) hl.push(p);
      else holders.set(o, [p]);
      if (creatorHolds(p, k, o)) continue;
      const l = entries.get(o);
      if (l) l.push(p);
      else entries.set(o, [p]);
    }
    for (const [o, list] of entries) {
      if (list.length < 2) continue;
      for (const g of m.helpers) {
        if (g.role !== 'session-ghost' || !g.placed || g.share || g.cloneParent || g.lateSubreaper !== undefined) continue;
        const mine = list.filter((p) => m.creation.get(p.tgid)?.by === g.name);
        if (mine.length === 0) continue;
        const rest0 = list.filter((p) => !mine.includes(p));
        // (variant rootGhostShares: the restorer's plain children, with those created through
        // them, hold it from the restorer too, root-ghost-share.ts)
        const roots = k === 'fs' && g.by === actorOf(ROOT) && rootGhostShares(m) ? rest0.filter((p) => !rest0.some((x) => x !== p && createdBy(p.tgid, x.tgid))) : [];
        const fromRoot = roots.length > 0 && roots.every((p) => { const c = m.creation.get(p.tgid); return !!c && c.by === actorOf(ROOT) && !c.via && !c.cloneParent; });
        const rest = fromRoot ? [] : rest0;
        if (rest.length > 1) continue;
        const kids = kidsOf.get(g.name) ?? [];
        if (kidsShareOther(kids, k, o)) continue;
        const q = g.by === actorOf(ROOT) ? ROOT : g.by.startsWith('t') ? Number(g.by.slice(1)) : undefined;
        if (q === undefined) continue;
        const qns = q === ROOT ? f.hostPidNs : f.procs.get(q)?.pidns;
        /** with g's parent at par: its CLONE_PARENT members are par's children, the others reparent to their parents at its exit */
        const fits = (par: number): boolean => kids.every((x) => {
          const c = m.creation.get(x.tgid)!;
          if (c.cloneParent) return x.parent === par || ghostForks(g, x, par);
          return c.via === g.name && reaper(actorOf(par), g.pidns) === x.parent;
        });
        if (fromRoot) {
          if (!fits(ROOT)) continue;
          g.share = [k];
          g.timing = 'any';
          g.why += `; forked by the restorer with CLONE_FS, so the members it creates share ${o} with the restorer's children (FORK-4)`;
          recordRootGhost(m, g.name, o);
          moved++;
          break;
        }
        let pick: { s: Proc; actor: number; cp: boolean } | null = null;
        for (const s of rest.length === 1 ? rest : holders.get(o) ?? []) {
          if ((s.pidns !== qns && s.pidns !== g.pidns) || kids.includes(s) || kids.some((x) => createdBy(s.tgid, x.tgid))) continue;
          // (the leader forks g, or a live thread holding o when the leader does not)
          const th = s.leader.state !== 'dead' && s.leader[k] === o ? s.leader : s.threads.find((t) => (t.state === 'running' || t.state === 'stopped') && t[k] === o);
          if (!th) continue;
          if (fits(s.tgid)) { pick = { s, actor: th.pid[0], cp: false }; break; }
          if (s.isInit || parentAtBirth(s) !== s.parent || !fits(s.parent)) continue;
          pick = { s, actor: th.pid[0], cp: true };
          break;
        }
        if (!pick) continue;
        // (variant lateZombies: its CLONE_PARENT members the new parent does not keep are forked
        // plainly instead, and reparent at its exit, ghostForks)
        const par = pick.cp ? pick.s.parent : pick.s.tgid;
        for (const x of kids) {
          const c = m.creation.get(x.tgid)!;
          if (c.cloneParent && x.parent !== par) m.creation.set(x.tgid, { ...c, cloneParent: false, via: g.name, why: `session ${g.session}'s ghost ${g.name} forks it; when the ghost exits it reparents to ${x.parent || 'the restorer'} (EXIT-2)` });
        }
        g.by = actorOf(pick.actor);
        g.cloneParent = pick.cp || undefined;
        g.timing = 'any';
        g.share = [k];
        g.why += `; forked by ${pick.actor}${pick.cp ? ' with CLONE_PARENT' : ''} with ${k === 'files' ? 'CLONE_FILES' : 'CLONE_FS'}, so the members it creates share ${pick.s.tgid}'s ${o} (FORK-4)`;
        moved++;
        break;
      }
    }
  }
  return moved;
}
