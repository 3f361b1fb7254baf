/**
 * A session leader born in the session its present creator is in when it forks it (FORK-6,
 * SID-2), recorded so that it may act there before its own setsid: in the image's history a
 * carrier S forked, while still in the session it was born in, the intermediate that passed S's
 * fd table on to a process of that session, and only then called setsid (seed 8282: 58 forked
 * the carrier of 67 in session 29, then led session 58). The session phase leaves a free leader
 * with no born session; this records born_sid[S] = N when S's creator (a task, forking it
 * plainly) is in N at some moment (timingIn), with the creation timed then.
 *
 * Used by planner/sharing/share-carriers.ts in re-plan variant `shares` only. Taken only for an S that
 * leads its own session, has no born session or group, is not a pid-ns init, and is created
 * without a helper or a move into a group at birth. O(1).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, Timing } from '../creators/creators.js';
import { isSessionLeader, setBornSid, timingIn } from '../creators/creators.js';

/** When S's present creator can fork it in session n: the creation's timing, or null. */
export function bornWhereCreatedTiming(f: Facts, m: CreatorModel, s: Proc, n: number): Timing | null {
  if (!isSessionLeader(f, s) || s.isInit || s.sid === n || m.bornSid.has(s.tgid) || m.bornGroup.has(s.tgid)) return null;
  const c = m.creation.get(s.tgid);
  if (!c || c.via || c.moveTo !== undefined || !c.by.startsWith('t')) return null;
  return timingIn(f, m, Number(c.by.slice(1)), n);
}

/** Record it (bornWhereCreatedTiming's answer t, not null). */
export function bornWhereCreated(m: CreatorModel, s: Proc, n: number, t: Timing): void {
  setBornSid(m, s.tgid, n);
  const c = m.creation.get(s.tgid)!;
  m.creation.set(s.tgid, { ...c, timing: t, why: `${c.why}; born in session ${n}, where it forks a carrier before its own setsid (FORK-6, FORK-4)` });
}
