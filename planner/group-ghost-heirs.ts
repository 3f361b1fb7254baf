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
 * O(1) predicates and an O(pid-ns depth) walk, called from sessions.ts groupGhostCreates.
 */
import type { Facts, Proc } from './facts.js';
import type { CreatorModel } from './creators.js';
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
