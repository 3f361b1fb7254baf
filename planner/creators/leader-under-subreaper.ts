/**
 * Re-plan variant `leaderUnderSubreaper` (index.ts): a session's leader born below a temporary
 * subreaper, so that a helper of the session hands a member to that subreaper.
 *
 * Member P of session n has image parent Q, which is never in session n (its session is another,
 * and only setsid changes a session: SID-1, SID-2), no sibling of P is in n, and no helper of the
 * session has Q among its ancestors. Yet P can be born in n and reparent to Q (EXIT-2, EXIT-3):
 *   1. Q forks a reparent helper H0, which forks n's leader L and stays; L calls setsid (SID-2);
 *   2. L forks a helper H, which forks P in session n;
 *   3. Q sets PR_SET_CHILD_SUBREAPER, H exits, Q clears the flag (one step of the schedule): H's
 *      orphan P reparents to the nearest subreaper walking up from H's parent L, that is Q
 *      (EXIT-2: L and H0 are no subreapers), and Q ends with the image's flag (EXIT-3: the flag
 *      may be set and cleared at any time; has_child_subreaper, which setting it leaves on Q's
 *      descendants, is not in the image nor in /proc, and only makes later exits look for a
 *      subreaper that is no longer there, finding the same heir: EXIT-2);
 *   4. H0 exits after H: L reparents to the heir of a child of Q's, which must be L's image parent
 *      (EXIT-2, as every reparent helper of sessions.ts), or the heir past the nearest subreaper
 *      above Q, which then sets its flag after H0's exit (helper-heirs.ts lateSubreaperHeir).
 * Conditions: Q and L in one pid ns, P in it or in one below (H forks P there through
 * pid_for_children; EXIT-2 walks H's own pid ns); Q alive, no subreaper, no init; L forked plainly by its
 * parent in the first choice (no CLONE_PARENT, no sharing with it, no born session, forking
 * nothing before its setsid), no init; Q's creator chain free of L and P (Q exists before L);
 * P needs no group other than n. Fuzz case 179: 54 (session 33) is the child of 41, whose
 * session is 5046.
 *
 * O(depth) per member asked.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { ROOT, canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from './creators.js';
import { actorOf, isSessionLeader, timingIn } from './creators.js';
import type { Schedule } from '../ordering/schedule.js';
import { canForkUser } from './user-orphans.js';
import { lateSubreaperHeir } from './helper-heirs.js';

/**
 * Create P through a leader born under its parent Q (see above), when the variant is on and
 * every condition holds: records the two helpers and the creations, true; else false. `reaper`
 * is sessions.ts's (creators.ts makeReaper), `newName` gives helper names, `chainHas(actor, t)`
 * says the decided creator chain from actor reaches task t; `open` holds the session's undecided members.
 */
export function leaderUnderSubreaper(
  f: Facts, m: CreatorModel, p: Proc, n: number, reaper: (c: string, ns: string) => number, newName: () => string,
  chainHas: (actor: string, t: number) => boolean, open: ReadonlySet<number>,
): boolean {
  if (m.leaderUnderSubreaper !== true) return false;
  const q = f.procs.get(p.parent);
  const l = f.procs.get(n);
  if (!q || !l || l === p || q === l) return false;
  if (q.zombie || q.leader.state === 'dead' || q.isInit || q.leader.subreaper !== false) return false;
  if (l.isInit || !isSessionLeader(f, l) || l.leader.subreaper === true || l.pidns !== q.pidns) return false;
  if (!canCreateIn(f, l.pidns, p) || !canForkUser(f, l.leader.userns, p)) return false;
  // P is born in session n and group n (H's), and must end there or be free to leave it
  if (m.bornGroup.has(p.tgid) ? m.bornGroup.get(p.tgid) !== n : !groupJoinable(p) && p.pgid !== n) return false;
  // L: forked plainly by its image parent, born in no other session, forking nothing before its setsid
  const lc = m.creation.get(n);
  if (!lc || lc.via !== undefined || lc.cloneParent || lc.sharer || lc.moveTo !== undefined || lc.by !== actorOf(l.parent) || m.bornSid.has(n)) return false;
  if (l.leader.files === f.procs.get(l.parent)?.leader.files || l.leader.fs === f.procs.get(l.parent)?.leader.fs) return false;
  for (const c of m.creation.values()) if (c.by === actorOf(n) && c.timing === 'before-setsid') return false;
  if (m.helpers.some((h) => h.by === actorOf(n) && h.timing === 'before-setsid')) return false;
  // H0's exit hands L to its image parent; Q exists before L (its chain is free of L and P)
  // (or, past the nearest subreaper above Q, which then sets its flag after H0's exit: helper-heirs.ts)
  const lp = f.procs.has(l.parent) ? l.parent : ROOT;
  const late = reaper(actorOf(q.tgid), q.pidns) === lp ? undefined : lateSubreaperHeir(f, reaper, actorOf(q.tgid), q.pidns);
  if (reaper(actorOf(q.tgid), q.pidns) !== lp && late?.heir !== lp) return false;
  if (open.has(q.tgid) || chainHas(actorOf(q.tgid), n) || chainHas(actorOf(q.tgid), p.tgid)) return false;
  // one leader under one subreaper
  const had = m.leaderSubreaper?.get(n);
  if (had !== undefined && had !== q.tgid) return false;
  let h0 = m.helpers.find((h) => h.creates.includes(n) && h.role === 'reparent-helper');
  if (!h0) {
    h0 = {
      name: newName(), role: 'reparent-helper',
      why: `${q.tgid} forks this helper, which forks ${n}, the leader of session ${n}, below ${q.tgid}, so that a helper of session ${n} hands its orphans to ${q.tgid} as a temporary subreaper; it exits after, handing ${n} to ${l.parent || 'the restorer'} (EXIT-2, EXIT-3)`,
      vector: null, pidns: q.pidns, by: actorOf(q.tgid), timing: 'any', session: q.sid, setsid: false, setpgid: false, creates: [n], placed: true,
    };
    if (late) h0.lateSubreaper = late.late;
    m.helpers.push(h0);
    m.creation.set(n, { by: h0.name, cloneParent: false, timing: 'any', via: h0.name, why: `helper ${h0.name} of ${q.tgid} forks it, so it lives below ${q.tgid} until ${h0.name} exits and hands it to ${l.parent || 'the restorer'}; it then creates session ${n} with setsid (EXIT-2, SID-2)` });
    (m.leaderSubreaper ??= new Map()).set(n, q.tgid);
  }
  const h: HelperSpec = {
    name: newName(), role: 'reparent-helper',
    why: `helper in session ${n}, forked by its leader ${n} (below ${q.tgid}), forks ${p.tgid} and exits while ${q.tgid} is a subreaper, so ${p.tgid} reparents to ${q.tgid} (EXIT-2, EXIT-3)`,
    vector: null, pidns: l.pidns, by: actorOf(n), timing: 'after-setsid', session: n, setsid: false, setpgid: false, creates: [p.tgid], placed: true,
    tempSubreaper: q.tgid, underHelper: h0.name,
  };
  m.helpers.push(h);
  m.creation.set(p.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `helper ${h.name} forks it in session ${n} and exits while ${q.tgid} is a subreaper, so it reparents to ${q.tgid} (EXIT-2, EXIT-3)` });
  return true;
}

/**
 * The simpler form, tried first: a task C of session n already below Q (Q's pid ns, no subreaper
 * or init from C up to Q, C included: EXIT-2 walks from H's parent C) forks H, which forks P and
 * exits while Q is a subreaper. Q may be a dead leader (a live thread sets the process's flag,
 * and a subreaper with a live thread adopts: EXIT-2). Seed 19672: 68 (session 40) is the child of
 * dead leader 10, the grandparent of 40. `settled(actor)` says C's creator chain is decided and
 * free of P and of the session's open members. O(session members x depth), at most 64 looked at.
 */
export function carrierUnderSubreaper(
  f: Facts, m: CreatorModel, p: Proc, n: number, newName: () => string, settled: (actor: string) => boolean,
): boolean {
  if (m.leaderUnderSubreaper !== true) return false;
  const q = f.procs.get(p.parent);
  if (!q || q.zombie || q.isInit || q.leader.subreaper !== false) return false;
  const need = m.bornGroup.get(p.tgid) ?? (groupJoinable(p) ? undefined : p.pgid);
  const members = f.sessions.get(n) ?? [];
  for (let i = 0; i < members.length && i < 64; i++) {
    const c = f.procs.get(members[i]);
    if (!c || c === p || c.zombie || c.leader.state === 'dead' || c.pidns !== q.pidns || !canCreateIn(f, c.pidns, p) || !canForkUser(f, c.leader.userns, p)) continue;
    if (need !== undefined && c.pgid !== need) continue;
    const tm = timingIn(f, m, c.tgid, n);
    if (tm === null || tm === 'before-setsid' || !m.creation.has(c.tgid)) continue;
    // C, and every ancestor up to Q, in Q's pid ns, no subreaper, no init (and not P itself)
    let x: Proc | undefined = c;
    for (let guard = 0; x && x !== q && guard < 4096; guard++) {
      if (x === p || x.pidns !== q.pidns || x.isInit || x.leader.subreaper !== false) { x = undefined; break; }
      x = f.procs.get(x.parent);
    }
    if (x !== q || !settled(actorOf(c.tgid))) continue;
    const h: HelperSpec = {
      name: newName(), role: 'reparent-helper',
      why: `helper in session ${n}, forked by ${c.tgid} (below ${q.tgid}), forks ${p.tgid} and exits while ${q.tgid} is a subreaper, so ${p.tgid} reparents to ${q.tgid} (EXIT-2, EXIT-3)`,
      vector: null, pidns: c.pidns, by: actorOf(c.tgid), timing: tm, session: n, setsid: false, setpgid: false, creates: [p.tgid], placed: true,
      tempSubreaper: q.tgid,
    };
    // (what C shares with P in the image, the helper passes on with CLONE_FILES/CLONE_FS: FORK-4, share-carriers.ts)
    const share = (['files', 'fs'] as const).filter((k) => c.leader[k] !== null && c.leader[k] === p.leader[k]);
    if (share.length > 0) h.share = [...share];
    m.helpers.push(h);
    m.creation.set(p.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `helper ${h.name} forks it in session ${n} and exits while ${q.tgid} is a subreaper, so it reparents to ${q.tgid} (EXIT-2, EXIT-3)` });
    return true;
  }
  return false;
}

/**
 * Edges of such a helper H (call once every step exists): Q exists before H's exit and sets and
 * clears its flag while it still runs (before its stop or exit); H0 exits after H, so L is still
 * below Q when H exits. O(helpers).
 */
export function leaderUnderSubreaperEdges(s: Schedule, m: CreatorModel): void {
  for (const h of m.helpers) {
    if (h.tempSubreaper === undefined) continue;
    const q = h.tempSubreaper;
    s.edge(`task:${q}`, `exit:${h.name}`, `${q} exists to be a subreaper around ${h.name}'s exit`, 'EXIT-3');
    for (const step of ['stop', 'zexit', 'dexit']) s.edge(`exit:${h.name}`, `${step}:${q}`, `${q} sets and clears its subreaper flag around ${h.name}'s exit while it still runs`, 'EXIT-3');
    if (h.underHelper) s.edge(`exit:${h.name}`, `exit:${h.underHelper}`, `${h.underHelper} keeps ${h.by} below ${q} until ${h.name} exited (EXIT-2)`, 'EXIT-2');
  }
}
