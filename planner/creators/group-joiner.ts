/**
 * Re-plan variant `groupJoiners` (index.ts): a member that must be born in group g, which its pid
 * ns cannot see, while g's leader is alive (in g, or gone to another group) and no task that is
 * in g can create it where it must be born (its pid ns is a sibling branch of theirs) is forked
 * by a reparent helper that joins g itself.
 *
 * Rules served (docs/kernel-rules.md): a task of g's session whose pid ns sees g may join it with
 * setpgid(0, g) while g exists (PGID-2, PID-4); its child inherits g (FORK-6), and when it exits
 * the child goes to the nearest subreaper above it or its pid ns's init (EXIT-2). The helper is
 * forked by a task of the session whose orphans go to the member's parent, in a pid ns that sees g
 * and where the member can be created (an init: the parent pid ns of its own, FORK-9). The group
 * exists before the helper joins it, and its leader leaves it (when it does) only after
 * (build.ts). Group ghosts (sessions.ts groupGhostCreates) do this for a dead leader's group,
 * with the leader's pid.
 *
 * Seed 16716: 10 (in pid:0, group 3 of 3 in pid:1) forked 27, the init of pid:5, which cannot see
 * group 3; 10 died, so 27 went to the restorer, and 27 forked 42 in group 3 before its setsid.
 * The plan: a helper joins group 3 from pid:0, forks 27 and exits. Offered only in the re-plan
 * variant. O(levels) per member.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, pidNsWithin } from '../facts/facts.js';
import type { CreatorModel } from './creators.js';

/**
 * The pid namespaces a joiner of group g may live in to fork p: those that see g (at or above
 * the live leader's own) and where p can be created, innermost first. [] outside the variant.
 */
export function joinerNamespaces(f: Facts, m: CreatorModel, g: number, p: Proc): string[] {
  const gl = f.procs.get(g);
  if (m.groupJoiners !== true || !gl) return [];
  const out: string[] = [];
  for (let ns: string | undefined = gl.pidns; ns !== undefined; ns = f.pidns.get(ns)?.parent ?? undefined) {
    if (pidNsWithin(f, gl.pidns, ns) && canCreateIn(f, ns, p)) out.push(ns);
  }
  return out;
}
