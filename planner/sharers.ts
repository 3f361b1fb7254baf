/**
 * Clone-time sharing between sibling processes, after the session choices: two processes that
 * share an fd table, fs_struct or mm (FORK-4) that neither's creator holds got it from each
 * other, by clone(CLONE_FILES/CLONE_FS/CLONE_VM | CLONE_PARENT) from one to the other: the
 * parent stays theirs (FORK-3) and the session is the caller's (FORK-6). The session phase picks
 * creators for the session alone; this pass moves such a process to its sharing sibling when
 * that sibling can be in the process's session at the time (timingIn: in it, or born in it and
 * before its setsid) and is not created by it, directly or further up.
 *
 * Left alone: processes created through a reparent helper or a ghost that exits (`via`), inits,
 * processes whose group can only be inherited (their creator is chosen for the group, PGID-2),
 * and those whose creator already holds every object they share.
 * O(processes + holders), plus O(creator-chain depth) per moved process (sharing between
 * processes is rare; the walk stops at the restorer).
 */
import type { Facts, Proc } from './facts.js';
import { canCreateIn, groupJoinable } from './facts.js';
import type { CreatorModel } from './creators.js';
import { actorOf, isSessionLeader, needOf, timingIn } from './creators.js';

type Kind = 'files' | 'fs' | 'mm';
const KINDS: Kind[] = ['files', 'fs', 'mm'];

export function shareWithSiblings(f: Facts, m: CreatorModel): number {
  // holders of each object among live process leaders (dead leaders released theirs)
  const holders = KINDS.map(() => new Map<string, number[]>());
  for (const p of f.order) {
    if (p.leader.state === 'dead' || p.zombie) continue;
    for (let i = 0; i < 3; i++) {
      const o = p.leader[KINDS[i]];
      if (o === null) continue;
      const l = holders[i].get(o);
      if (l) l.push(p.tgid);
      else holders[i].set(o, [p.tgid]);
    }
  }
  const creatorTid = (tgid: number): number | null => {
    const by = m.creation.get(tgid)?.by;
    return by && by.startsWith('t') ? Number(by.slice(1)) : null;
  };
  // helpers (reparent helpers, ghosts) are created by someone too: the chain goes through them
  const helperBy = new Map<string, string>();
  for (const h of m.helpers) helperBy.set(h.name, h.by);
  /** the task that creates tgid, through any chain of helpers; null at the restorer. O(helper chain) */
  const creatorThrough = (tgid: number): number | null => {
    let by = m.creation.get(tgid)?.by;
    for (let guard = 0; by && by.startsWith('h') && guard <= helperBy.size; guard++) by = helperBy.get(by);
    return by && by.startsWith('t') ? Number(by.slice(1)) : null;
  };
  /** does p appear among x's creators (x itself included, helpers walked through)? O(depth) */
  const createdBy = (x: number, p: number): boolean => {
    for (let cur: number | null = x, guard = 0; cur !== null && guard <= f.order.length; cur = creatorThrough(cur), guard++) if (cur === p) return true;
    return false;
  };
  const holds = (tgid: number | null, k: Kind, o: string): boolean => {
    if (tgid === null) return false;
    const q = f.procs.get(tgid);
    if (!q) return false;
    return q.leader[k] === o || q.threads.some((t) => t[k] === o);
  };
  // A sibling chosen in the forced phase to share with a free session leader may since have been
  // given that leader as its own creator (a born session found later, sessions.ts): the leader
  // is then forked by its parent as it would have been (SID-2), and the pass below looks again.
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    const cr = creatorTid(p.tgid);
    if (!c?.sharer || cr === null || !createdBy(cr, p.tgid)) continue;
    m.creation.set(p.tgid, { by: actorOf(p.parent), cloneParent: false, timing: 'any', why: `its parent forks it; it then creates session ${p.tgid} with setsid (SID-2)` });
  }
  let moved = 0;
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    if (!c || c.via || c.moveTo !== undefined || p.isInit || !groupJoinable(p) || p.leader.state === 'dead' || p.zombie) continue;
    const cr = creatorTid(p.tgid);
    const n = needOf(f, m, p);
    let pick: number | null = null;
    for (let i = 0; i < 3 && pick === null; i++) {
      const k = KINDS[i];
      const o = p.leader[k];
      if (o === null || holds(cr, k, o)) continue;
      // an fd table or mm given at clone time does not survive p's own execve (exec unshares a
      // shared table, unshare_files, and replaces the mm): an execve'd p shares them only with
      // what it creates after (seed 18212)
      if (k !== 'fs' && p.leader.execed === true) continue;
      for (const s of holders[i].get(o) ?? []) {
        if (s === p.tgid) continue;
        const sp = f.procs.get(s)!;
        if (!siblings(sp, p) || sp.isInit || !canCreateIn(f, sp.pidns, p)) continue;
        // s must hold o when it creates p: s's own creator gives it, or s is the first holder
        if (n !== null && timingIn(f, m, s, n) === null) continue;
        if (isSessionLeader(f, p) && n === null && (sp.sid === p.tgid || m.bornSid.get(s) === p.tgid)) continue;
        if (createdBy(s, p.tgid)) continue;
        pick = s;
        break;
      }
    }
    if (pick === null) continue;
    // the previous creator, if a ghost, no longer creates p
    if (c.by.startsWith('h')) {
      const h = m.helpers.find((x) => x.name === c.by);
      if (h) h.creates = h.creates.filter((x) => x !== p.tgid);
    }
    m.creation.set(p.tgid, {
      by: actorOf(pick), cloneParent: true, timing: n === null ? 'any' : timingIn(f, m, pick, n)!,
      why: `its sibling ${pick} creates it with CLONE_PARENT so they share what the image shows shared${n !== null ? `, in session ${n}` : ''} (FORK-3, FORK-4)`,
    });
    moved++;
  }
  return moved;
}

function siblings(a: Proc, b: Proc): boolean {
  return a.parent === b.parent;
}
