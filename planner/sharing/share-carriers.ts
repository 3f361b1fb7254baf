/**
 * Clone-time sharing carried by a reparent helper (FORK-4, EXIT-2): two processes share an fd
 * table or fs_struct that neither's creator holds, and neither can create the other (not
 * siblings, or the session or parent constraints chose other creators, planner/sharing/sharers.ts). In
 * the image's history an intermediate process passed the object on and then died: A forked B
 * with CLONE_FS, B forked C with CLONE_FS and exited, so C reparented (seed 251).
 *
 * This pass does what that dead intermediate did: a holder S of the object forks a reparent
 * helper H with CLONE_FILES/CLONE_FS, H forks the process P with the same flag and exits, so P
 * reparents to its image parent. Taken only when S is in P's session at that time (H keeps it,
 * FORK-6), H's orphans go to P's image parent (EXIT-2, EXIT-3), S's creator chain does not pass
 * through P, and P does not need its group at birth from another than S nor anything else from
 * its previous creator (an object that creator shared with it, or a born session or group).
 *
 * A carrier with threads forks the helper from its leader; an execve'd one after its execve (the
 * table is its own from then on, build.ts orders it); both only after the plain carriers. A live
 * thread holding an object its leader does not forks the helper itself, last (seed 4862).
 *
 * Fallbacks of re-plan variant `shares` (CreatorModel.shares), only where no plain carrier is found: a helper that exits before the nearest
 * subreaper above S sets its flag (lateSubreaperHeir, seed 4192); and, last, a carrier in the
 * group P must be born in (P cannot join it, or forks a child in it: the helper inherits it from
 * S, seed 5708), or whose helper is forked into a pid ns below S whose init is P's parent
 * (childNsForHeir, seed 9533); then one whose helper exits before the flags of the two nearest
 * subreapers above S (lateSubreaperPair, seed 9575), and one leading its own session that its
 * creator forks in P's session, so it forks the helper there before its setsid
 * (born-where-created.ts, seed 8282). In that variant P may also be born in a session it then
 * leaves, from a carrier in that session (seed 9841).
 *
 * Runs after the session choices and planner/sharing/sharers.ts; planner/graph/build.ts then gives the helper
 * the flags and counts the object's sharers from S (no new entry). O(processes + holders) plus
 * O(creator-chain depth) per moved process.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { creatorChain } from './creator-chain.js';
import type { Task } from '../../model/image.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { actorOf, makeReaper, needOf, timingIn } from '../creators/creators.js';
import { newHelperName } from '../creators/sessions.js';
import { childNsForHeir, lateSubreaperHeir, lateSubreaperPair } from '../creators/helper-heirs.js';
import { bornWhereCreated, bornWhereCreatedTiming } from './born-where-created.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';
import { earlyThreadCarrier } from '../variants/early-thread-carrier.js';
import { deadLeaderPassedOn } from '../variants/dead-leader-carried.js';

export function shareThroughCarriers(f: Facts, m: CreatorModel): number {
  // holders of each object among live, single-threaded process leaders
  const holders = KINDS.map(() => new Map<string, Proc[]>());
  // and live threads holding an object their leader does not (the thread forks the helper, seed 4862)
  const threadHolders = KINDS.map(() => new Map<string, Task[]>());
  for (const p of f.order) {
    if (p.zombie) continue;
    for (let i = 0; i < KINDS.length; i++) {
      // (variant deadCarried: a dead leader holds what it passed on to a child, dead-leader-carried.ts)
      const passed = deadLeaderPassedOn(f, m, p, KINDS[i]);
      if (passed !== null) { const l = holders[i].get(passed); if (l) l.push(p); else holders[i].set(passed, [p]); continue; }
      const o = p.leader[KINDS[i]];
      if (o === null || (p.leader.state !== 'running' && p.leader.state !== 'stopped')) continue;
      const l = holders[i].get(o);
      if (l) l.push(p);
      else holders[i].set(o, [p]);
    }
    for (const t of p.threads) {
      if (t.state !== 'running' && t.state !== 'stopped') continue;
      for (let i = 0; i < KINDS.length; i++) {
        const o = t[KINDS[i]];
        if (o === null || o === p.leader[KINDS[i]] || p.threads.some((x) => x !== t && x.pid[0] < t.pid[0] && x[KINDS[i]] === o)) continue;
        const l = threadHolders[i].get(o);
        if (l) l.push(t);
        else threadHolders[i].set(o, [t]);
      }
    }
  }
  const { helperByName, createdBy } = creatorChain(f, m);
  /** does the creator of p (a task, or a helper carrying objects) hold o of kind k? */
  const creatorHolds = (p: Proc, k: Kind | 'mm', o: string): boolean => {
    const by = m.creation.get(p.tgid)?.by;
    if (!by) return false;
    if (by.startsWith('h')) {
      const h = helperByName.get(by);
      if (!h?.share || k === 'mm') return false;
      // (the helper's creator: a process leader, or a thread, byThreads below)
      const s = f.tasks.get(Number(h.by.slice(1)));
      return !!s && h.share.includes(k) && s[k] === o;
    }
    const q = by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
    return !!q && (q.leader[k] === o || q.threads.some((t) => t[k] === o));
  };
  const reaper = makeReaper(f, m);
  let moved = 0;
  for (let i = 0; i < KINDS.length; i++) {
    const k = KINDS[i];
    for (const [o, list] of holders[i]) {
      const byThreads = threadHolders[i].get(o) ?? [];
      if (list.length + byThreads.length < 2) continue;
      // the holders whose creator does not give them o: all but one must get it from a holder
      // (multi-threaded entries last: their threads come after them, from their own leader)
      const entries = list.filter((p) => !creatorHolds(p, k, o));
      entries.sort((a, b) => (a.threads.length > 0 ? 1 : 0) - (b.threads.length > 0 ? 1 : 0));
      // (a thread holding o that its leader does not is an entry too: no earlier thread gives it)
      let left = entries.length + byThreads.length;
      for (const p of entries) {
        if (left <= 1) break;
        const c = m.creation.get(p.tgid);
        // (a process born in a session it then leaves, before its setsid: only in re-plan variant
        // `shares`, from a carrier in that session, so the helper is born in it and p too, FORK-6;
        // seeds 9841, 6127)
        if (!c || p.isInit || (m.bornSid.has(p.tgid) && !m.shares)) continue;
        // (variant zombieShares: a zombie relays it, planner/sharing/zombie-relay.ts)
        if (m.zombieRelayed?.has(p.tgid)) continue;
        // a group p must be born in (it cannot join it, or forks a child in it): only the last
        // loop below, from a carrier in that group (the helper is born in it, build.ts orders it)
        const needG = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
        // an fd table given at clone time does not survive p's own execve (unshare_files)
        if (k === 'files' && p.leader.execed === true) continue;
        // a ghost that must give p its group or session stays its creator
        const prevHelper = c.by.startsWith('h') ? helperByName.get(c.by) : undefined;
        if (prevHelper && prevHelper.role === 'group-ghost') continue;
        // nothing else p shares with its present creator may be lost
        if (KINDS.some((k2) => k2 !== k && p.leader[k2] !== null && creatorHolds(p, k2, p.leader[k2]!)) || (p.leader.mm !== null && creatorHolds(p, 'mm', p.leader.mm))) continue;
        const n = needOf(f, m, p);
        let pick: { s: Proc; timing: HelperSpec['timing']; by?: Task; late?: number; also?: number; ns?: string } | null = null;
        /** a single-threaded, not execve'd carrier first; then a multi-threaded one (its leader forks the helper) or an execve'd one (after its execve, planner/graph/build.ts orders it: the table is its own from then on) */
        const plain = (s: Proc): boolean => s.threads.length === 0 && !(k === 'files' && s.leader.execed === true);
        const carriers = [...list.filter(plain), ...list.filter((x) => !plain(x))].filter((x) => x.leader.state !== 'dead');
        for (const s of needG === undefined ? carriers : []) {
          // (a carrier that switches user ns creates the helper before its switch for an fd
          // table, with set_tid while privileged; for an fs_struct after it, since a shared
          // fs_struct forbids the switch, SETNS-4: planner/graph/build.ts orders both)
          if (s === p || s.leader.userns !== p.leader.userns) continue;
          if (!canCreateIn(f, s.pidns, p) || reaper(actorOf(s.tgid), s.pidns) !== p.parent) continue;
          const timing = n === null ? 'any' : timingIn(f, m, s.tgid, n);
          if (timing === null || createdBy(s.tgid, p.tgid)) continue;
          pick = { s, timing };
          break;
        }
        // then one whose helper exits before the nearest subreaper above it sets its flag, so
        // its orphan goes past it to p's parent (helper-heirs.ts lateSubreaperHeir; seed 4192)
        for (const s of pick || needG !== undefined || !m.shares ? [] : carriers) {
          if (s === p || s.leader.userns !== p.leader.userns || !canCreateIn(f, s.pidns, p)) continue;
          const late = lateSubreaperHeir(f, reaper, actorOf(s.tgid), s.pidns);
          if (!late || late.heir !== p.parent || late.late === p.tgid || createdBy(late.late, p.tgid)) continue;
          const timing = n === null ? 'any' : timingIn(f, m, s.tgid, n);
          if (timing === null || createdBy(s.tgid, p.tgid)) continue;
          pick = { s, timing, late: late.late };
          break;
        }
        // last, a live thread of another process holding o: it forks the helper once it exists
        for (const t of pick || needG !== undefined ? [] : byThreads) {
          const s = f.procs.get(t.tgid)!;
          if (s === p || t.userns !== p.leader.userns || !canCreateIn(f, s.pidns, p)) continue;
          // (variant lateZombies: or a helper exiting before the nearest subreaper's flag, seed 43649)
          const late = reaper(actorOf(s.tgid), s.pidns) === p.parent ? undefined : m.lateZombies ? lateSubreaperHeir(f, reaper, actorOf(s.tgid), s.pidns) : undefined;
          if (reaper(actorOf(s.tgid), s.pidns) !== p.parent && (!late || late.heir !== p.parent || late.late === p.tgid || createdBy(late.late, p.tgid))) continue;
          const timing = n === null ? 'any' : timingIn(f, m, s.tgid, n);
          // (a session leader's thread: only when p needs no session, so no setsid edge is needed;
          // in variant shares after its process's setsid too, build.ts orders the helper after it, seed 21653;
          // variant earlyThreadCarriers: before it, early-thread-carrier.ts, seed 59008)
          if (timing === null || (timing !== 'any' && !(m.shares && timing === 'after-setsid') && !earlyThreadCarrier(m, timing)) || createdBy(s.tgid, p.tgid)) continue;
          pick = { s, timing, by: t, ...(late ? { late: late.late } : {}) };
          break;
        }
        // last, one in the group p must be born in, or whose helper, forked into a pid ns below
        // it, hands p to that ns's init, p's parent (helper-heirs.ts childNsForHeir; seed 9533)
        for (const s of pick || !m.shares ? [] : carriers) {
          if (s === p || s.leader.userns !== p.leader.userns || (needG !== undefined && s.pgid !== needG)) continue;
          const timing = n === null ? 'any' : timingIn(f, m, s.tgid, n);
          if (timing === null || createdBy(s.tgid, p.tgid)) continue;
          if (canCreateIn(f, s.pidns, p) && reaper(actorOf(s.tgid), s.pidns) === p.parent) { pick = { s, timing }; break; }
          const late = canCreateIn(f, s.pidns, p) ? lateSubreaperHeir(f, reaper, actorOf(s.tgid), s.pidns) : undefined;
          if (late && late.heir === p.parent && late.late !== p.tgid && !createdBy(late.late, p.tgid)) { pick = { s, timing, late: late.late }; break; }
          const ns = childNsForHeir(f, s.pidns, p, p.parent);
          if (ns !== undefined && canCreateIn(f, ns, p)) { pick = { s, timing, ns }; break; }
        }
        // last, a helper whose exit comes before the flags of the two nearest subreapers above
        // it, so p goes to the next reaper, p's parent (helper-heirs.ts lateSubreaperPair: the
        // history's intermediate exited before both set theirs; seed 9575)
        for (const s of pick || needG !== undefined || !m.shares ? [] : carriers) {
          if (s === p || s.leader.userns !== p.leader.userns || !canCreateIn(f, s.pidns, p)) continue;
          const pair = lateSubreaperPair(f, reaper, actorOf(s.tgid), s.pidns, p.parent);
          if (!pair || [pair.late, pair.also].some((x) => x === p.tgid || createdBy(x, p.tgid))) continue;
          const timing = n === null ? 'any' : timingIn(f, m, s.tgid, n);
          if (timing === null || createdBy(s.tgid, p.tgid)) continue;
          pick = { s, timing, late: pair.late, also: pair.also };
          break;
        }
        // last, a carrier that leads its own session, born in p's session by its creator, forks
        // the helper there before its setsid (planner/sharing/born-where-created.ts; seed 8282)
        if (!pick && needG === undefined && m.shares && n !== null) for (const s of carriers) {
          if (s === p || s.leader.userns !== p.leader.userns || !canCreateIn(f, s.pidns, p) || reaper(actorOf(s.tgid), s.pidns) !== p.parent) continue;
          const bt = bornWhereCreatedTiming(f, m, s, n);
          if (bt === null || createdBy(s.tgid, p.tgid)) continue;
          bornWhereCreated(m, s, n, bt);
          pick = { s, timing: 'before-setsid' };
          break;
        }
        if (!pick) continue;
        const { s, timing } = pick;
        const st = pick.by ?? s.leader;
        if (prevHelper) prevHelper.creates = prevHelper.creates.filter((x) => x !== p.tgid);
        const share = KINDS.filter((k2) => (p.leader[k2] !== null && p.leader[k2] === st[k2]) || (k2 === k && p.leader.state === 'dead'));
        const h: HelperSpec = {
          name: newHelperName(), role: 'reparent-helper',
          why: `${p.tgid} shares ${k} ${o} with ${s.tgid}, which is neither its creator nor its sibling: ${s.tgid} forks this helper with ${share.map((x) => (x === 'files' ? 'CLONE_FILES' : 'CLONE_FS')).join('|')}, the helper forks ${p.tgid} with it and exits, so ${p.tgid} reparents to ${p.parent || 'the restorer'} (FORK-4, EXIT-2)`,
          vector: null, pidns: pick.ns ?? s.pidns, by: actorOf(st.pid[0]), timing, session: n ?? s.sid, setsid: false, setpgid: false, creates: [p.tgid], placed: true, share,
          ...(pick.late !== undefined ? { lateSubreaper: pick.late } : {}),
          ...(pick.also !== undefined ? { lateSubreaperAlso: [pick.also] } : {}),
        };
        m.helpers.push(h);
        helperByName.set(h.name, h);
        m.creation.set(p.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `helper ${h.name}, forked by ${s.tgid} sharing its ${share.join(' and ')}, forks it with the same and exits, so it reparents to ${p.parent || 'the restorer'} (FORK-4, EXIT-2)` });
        moved++;
        left--;
      }
    }
  }
  return moved;
}
