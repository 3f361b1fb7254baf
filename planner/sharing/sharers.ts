/**
 * Clone-time sharing between sibling processes, after the session choices: two processes that
 * share an fd table, fs_struct or mm (FORK-4) that neither's creator holds got it from each
 * other, by clone(CLONE_FILES/CLONE_FS/CLONE_VM | CLONE_PARENT) from one to the other: the
 * parent stays theirs (FORK-3) and the session is the caller's (FORK-6). The session phase picks
 * creators for the session alone; this pass moves such a process to its sharing sibling (or to
 * its image parent holding the object, by a plain fork) when that one can be in the process's
 * session at the time (timingIn: in it, or born in it and before its setsid) and is not created
 * by it, directly or further up. A holder may be a thread of the process (build.ts has that
 * thread clone). A pid-ns init is created the same way with CLONE_NEWPID (FORK-7; never by an
 * init's CLONE_PARENT, FORK-3); a process whose group has no number in its pid ns, or that hands
 * a group it leaves on to such a child (groupPassers), only by a creator in that group then
 * (PGID-2, inGroupAt; seeds 1276, 1422, 4050, 6308).
 *
 * Left alone: processes created through a reparent helper or a ghost that exits (`via`), and
 * those whose creator already holds every object they share.
 * O(processes + holders), plus O(creator-chain depth) per moved process (sharing between
 * processes is rare; the walk stops at the restorer).
 */
import { creatorChain } from './creator-chain.js';
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf, isSessionLeader, needOf, timingIn } from '../creators/creators.js';

type Kind = 'files' | 'fs' | 'mm';
const KINDS: Kind[] = ['files', 'fs', 'mm'];

export function shareWithSiblings(f: Facts, m: CreatorModel): number {
  // holders of each object among live process leaders (dead leaders released theirs)
  const holders = KINDS.map(() => new Map<string, number[]>());
  for (const p of f.order) {
    if (p.zombie) continue;
    if (p.leader.state === 'dead') {
      // (re-plan variant, facts.ts deadLeaderMm: the leader held its live threads' mm before it exited)
      const mm = f.deadLeaderMm ? p.threads.find((t) => t.mm !== null && (t.state === 'running' || t.state === 'stopped'))?.mm : undefined;
      if (mm) {
        const l = holders[2].get(mm);
        if (!l) holders[2].set(mm, [p.tgid]);
        else if (l[l.length - 1] !== p.tgid) l.push(p.tgid);
      }
      // (re-plan variant `shares`: its first live thread's fd table and fs_struct, which it held
      // before it exited)
      for (const i of m.shares ? [0, 1] : []) {
        const o = deadObj(p, KINDS[i] as 'files' | 'fs');
        if (!o) continue;
        const l = holders[i].get(o);
        if (!l) holders[i].set(o, [p.tgid]);
        else if (l[l.length - 1] !== p.tgid) l.push(p.tgid);
      }
      continue;
    }
    for (let i = 0; i < 3; i++) {
      // (a thread's fd table or fs_struct too: planner/graph/build.ts has that thread create p)
      for (const t of i === 2 ? [p.leader] : [p.leader, ...p.threads]) {
        const o = t[KINDS[i]];
        if (o === null || (t !== p.leader && t.state !== 'running' && t.state !== 'stopped')) continue;
        const l = holders[i].get(o);
        if (!l) holders[i].set(o, [p.tgid]);
        else if (l[l.length - 1] !== p.tgid) l.push(p.tgid);
      }
    }
  }
  const creatorTid = (tgid: number): number | null => {
    const by = m.creation.get(tgid)?.by;
    return by && by.startsWith('t') ? Number(by.slice(1)) : null;
  };
  // helpers (reparent helpers, ghosts) are created by someone too: the chain goes through them
  const { creatorThrough, createdBy } = creatorChain(f, m);
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
  const passers = groupPassers(f, m);
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    const dead = p.leader.state === 'dead';
    if (!c || c.via || c.moveTo !== undefined || (dead && !m.shares) || p.zombie) continue;
    // (variant zombieShares: a zombie relays what it shares, planner/sharing/zombie-relay.ts)
    if (m.zombieRelayed?.has(p.tgid)) continue;
    // a group p hands on: its new creator must be in it too
    const passes = passers.get(p.tgid);
    const cr = creatorTid(p.tgid);
    const n = needOf(f, m, p);
    let pick: number | null = null;
    let byParent = false;
    for (let i = 0; i < 3 && pick === null; i++) {
      const k = KINDS[i];
      // (a dead leader: its first live thread's fd table or fs_struct, in variant `shares`; seeds
      // 10127, 7709)
      const o = dead ? (k !== 'mm' ? deadObj(p, k) : null) : p.leader[k];
      if (o === null || holds(cr, k, o)) continue;
      // an fd table or mm given at clone time does not survive p's own execve (exec unshares a
      // shared table, unshare_files, and replaces the mm): an execve'd p shares them only with
      // what it creates after (seed 18212)
      if (k !== 'fs' && p.leader.execed === true) continue;
      for (const s of holders[i].get(o) ?? []) {
        if (s === p.tgid) continue;
        const sp = f.procs.get(s)!;
        // a sibling (CLONE_PARENT, refused from a pid-ns init) or the image parent itself (a
        // parent passed over by the session phase, e.g. for a group p inherits, seed 4050)
        const parent = sp.tgid === p.parent;
        if (!parent && (!siblings(sp, p) || sp.isInit)) continue;
        if (!canCreateIn(f, sp.pidns, p)) continue;
        // s must hold o when it creates p: s's own creator gives it, or s is the first holder
        const timing = n === null ? 'any' : timingIn(f, m, s, n);
        if (timing === null) continue;
        if (isSessionLeader(f, p) && n === null && (sp.sid === p.tgid || m.bornSid.get(s) === p.tgid)) continue;
        // a group p cannot join from its pid ns is inherited: s is in it when it creates p
        if (!groupJoinable(p) && !inGroupAt(sp, p.pgid, timing)) continue;
        if (passes !== undefined && (passes < 0 || !inGroupAt(sp, passes, timing))) continue;
        // (an init is made by CLONE_NEWPID: its first holder was a parent or sibling, never p's
        // own creation chain)
        if (createdBy(s, p.tgid)) continue;
        pick = s;
        byParent = parent;
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
      by: actorOf(pick), cloneParent: !byParent, timing: n === null ? 'any' : timingIn(f, m, pick, n)!,
      why: byParent
        ? `its parent ${pick} forks it so they share what the image shows shared${n !== null ? `, in session ${n}` : ''} (FORK-4)`
        : `its sibling ${pick} creates it with CLONE_PARENT so they share what the image shows shared${n !== null ? `, in session ${n}` : ''} (FORK-3, FORK-4)`,
    });
    moved++;
  }

  /**
   * Is s in group g when it creates a child (with this session timing)? In it for good, or born
   * in it from a task creator that is in it for good and creating the child before it leaves it
   * (planner/graph/build.ts adds those edges, PGID-2). O(1).
   */
  function inGroupAt(s: Proc, g: number, timing: string): boolean {
    if (s.pgid === g) return true;
    if (timing === 'after-setsid') return false;
    const c = creatorTid(s.tgid);
    const cp = c === null ? undefined : f.procs.get(c);
    return !!cp && cp.pgid === g;
  }
  return moved;
}

/** a dead leader's fd table or fs_struct while it lived: its first live thread's (stand-ins.ts eff) */
function deadObj(p: Proc, k: 'files' | 'fs'): string | null {
  return p.threads.find((t) => t[k] !== null && (t.state === 'running' || t.state === 'stopped'))?.[k] ?? null;
}

function siblings(a: Proc, b: Proc): boolean {
  return a.parent === b.parent;
}

/**
 * Processes that hand a group they leave to a child that cannot join it from its pid ns
 * (PGID-2, PID-4): they must be born in that group, so their creator is not free to change
 * (seed 6308). O(processes).
 */
export function groupPassers(f: Facts, m: CreatorModel): Map<number, number> {
  const out = new Map<number, number>();
  for (const q of f.order) {
    if (groupJoinable(q)) continue;
    const by = m.creation.get(q.tgid)?.by;
    const c = by && by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
    // (two different groups to hand on: -1, no creator gives both)
    if (c && c.pgid !== q.pgid) out.set(c.tgid, out.has(c.tgid) && out.get(c.tgid) !== q.pgid ? -1 : q.pgid);
  }
  return out;
}
