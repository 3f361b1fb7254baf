/**
 * Re-plan variant `groupGhostHeirs` (index.ts VARIANTS): two more ways for a dead group leader's
 * ghost to create a member P of session n that must be born in group g (it cannot join g from its
 * pid ns, PGID-2, PID-4) and whose image parent Q is never in session n. Tried only after an
 * undecided answer, so plans found without them stay as they were.
 *
 * - A ghost forked before its forker's setsid: the forker F of g's ghost (sessions.ts
 *   sessionForker) may be a task born in session n that later creates its own session (born_sid,
 *   timing 'before-setsid'), as a member of the session after its setsid may. The ghost inherits
 *   session n at the fork (SID-2), takes g with setpgid(0, 0) (PGID-3), forks P and exits, so P
 *   reparents to F's reaper (EXIT-2): Q when F is Q, the init of the ghost's pid ns. Seed 16050:
 *   init 24 of pid ns 2, born in session 9, is the parent of init 70, born in dead group 28 that
 *   was led from 24's own pid ns; 24 is the only task of session 9 there, and only before its
 *   setsid. The same forker may fork a joiner of a live leader's group (group-joiner.ts, run
 *   together in this variant): seed 4453, where 40, born in session 2 and the parent of init 50
 *   of pid:8, forks before its setsid a helper that joins group 7 (led from pid:1, which pid:8
 *   cannot see), forks 50 and exits, so 50 goes to 40.
 * - A helper one pid ns down: when the ghost's exit would hand P elsewhere, the ghost forks a
 *   reparent helper into the pid ns below its own whose init is Q (pid_for_children, SETNS-5;
 *   helper-heirs.ts childNsForHeir); the helper is born in session n and group g (SID-2,
 *   PGID-2: inherited), forks P there and exits, so P reparents to Q, that ns's init (EXIT-2);
 *   the ghost reaps it before exiting (helper-heirs.ts helperHeirEdges, EXIT-6). The ghost's own
 *   forker is then any settled task of the session in the ghost's pid ns. Seed 51423: task 16
 *   in pid ns 2, whose init 6 is its parent in another session, was born in dead group 5 led
 *   from pid ns 1.
 *
 * - A parent lifted for the ghost: when the member's parent q leads its own session, lives in
 *   the pid ns the group's leader lived in and is its reaper, but cannot be born in the group
 *   (an init is older than every group led from its own pid ns, PID-8), q alone is born in
 *   session n (born_sid, no born group) and the member waits for the component's deferred pass,
 *   where q forks the ghost before its setsid as above. Seed 42190: init 30 of pid:7 is born in
 *   dead group 11 led from pid:2, whose init 3 is its parent.
 * - A session decided again after the others (retryLater): see below.
 *
 * The variant also offers every zombie of the session whose exit hands a member to its parent
 * (session-zombie-heirs.ts), and takes a dead leader's group as invisible where its number is a
 * task's pid (group-taken-number.ts).
 *
 * O(1) predicates and O(pid-ns depth) walks, called from sessions.ts groupGhostCreates and drain.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';
import { isSessionLeader } from './creators.js';
import { childNsForHeir } from './helper-heirs.js';

/** Is the variant on? */
export function groupGhostHeirs(m: CreatorModel): boolean {
  return m.groupGhostHeirs === true;
}

/** Tasks born in session n (born_sid) that may fork a group's ghost before their setsid (see above). O(born_sid) per call. */
export function bornGhostForkers(m: CreatorModel, n: number): number[] {
  if (!groupGhostHeirs(m)) return [];
  const out: number[] = [];
  for (const [t, b] of m.bornSid) if (b === n) out.push(t);
  return out;
}

/**
 * The pid ns strictly below the ghost's (`ghostNs`) whose init is p's parent, where a helper the
 * ghost forks hands p to that parent at its exit (see above); undefined when none or off.
 */
export function ghostHeirNs(f: Facts, m: CreatorModel, ghostNs: string, p: Proc): string | undefined {
  if (!groupGhostHeirs(m)) return undefined;
  return childNsForHeir(f, ghostNs, p, p.parent);
}

/**
 * May q, the parent of a member that must be born in a dead leader's group whose pid ns `ns` is
 * q's own, be lifted alone into session n to fork that group's ghost before its setsid (see
 * above)? q leads its own session, has no born session yet, and lives in ns. O(1).
 */
export function ghostForkerLift(f: Facts, m: CreatorModel, q: Proc, n: number, ns: string): boolean {
  return groupGhostHeirs(m) && q.pidns === ns && isSessionLeader(f, q) && q.sid !== n && !m.bornSid.has(q.tgid) && !m.bornGroup.has(q.tgid) && !q.zombie;
}

/**
 * A session decided before the sessions its member's creators belong to: a zombie that would
 * fork the member (its exit handing it to the member's parent, a temporary subreaper around it:
 * temp-subreaper.ts) has a creator chain through a later session's undecided members, so the
 * member has no creator yet (seed 38113: zombie 33, session 33's leader, under 21 and 13, whose
 * creator chain runs through 6 of session 54). In the variant, such a failure (SID-2, no creator)
 * is dropped and the session decided again after all others (planner/index.ts). True when the
 * failures added since `before` are all of that kind and were dropped. O(failures).
 */
export function retryLater(m: CreatorModel, before: number): boolean {
  if (!groupGhostHeirs(m) || m.failures.length === before) return false;
  if (!m.failures.slice(before).every((x) => x.rule === 'SID-2' && x.reason.startsWith('task '))) return false;
  m.failures.length = before;
  return true;
}

/** The members of session n still without a creator: its open members and the ancestors lifted into it. O(members + born_sid). */
export function stillOpen(m: CreatorModel, n: number, open: number[]): number[] {
  const out = new Set<number>();
  for (const t of open) if (!m.creation.has(t)) out.add(t);
  for (const [t, b] of m.bornSid) if (b === n && !m.creation.has(t)) out.add(t);
  return [...out];
}
