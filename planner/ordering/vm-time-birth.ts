/**
 * The time namespaces of a process forked with CLONE_VM (sharing its creator's address space,
 * without CLONE_THREAD), against the time namespaces its creator makes (FORK-8, SETNS-6, UNSH-6).
 *
 * Such a child keeps its creator's time ns and gets its creator's time_for_children at the clone
 * (FORK-8: no timens_on_fork under CLONE_VM), and can never fix either with setns(time) while it
 * shares the mm (SETNS-6: EUSERS), nor can its creator once it has forked it. Its own
 * unshare(CLONE_NEWTIME) only sets a new time_for_children of its own (UNSH-6). So for each time
 * ns id its creator cr makes:
 * - the child ends with id (time or time_for_children): it is forked once cr made it;
 * - else, unless the child makes its own time_for_children, it is forked before cr makes id
 *   (cr's unshare would give the child a time_for_children it does not have).
 * And a time ns cr joins that the child ends in is joined before the fork. Only for children cr
 * forks itself (not through a helper). A pending time_for_children several sharers hold is made
 * by the one that forks the others, not by a CLONE_VM child (ns-creator-choice.ts, same attempt).
 * O(children x time namespaces of their creator).
 */
import type { StepContext } from '../graph/build-context.js';

/** Is x forked by cr with CLONE_VM (the same address space, eff views: build.ts shareFlags)? */
export const vmForked = (x: { mm: string | null; tgid: number }, cr: { mm: string | null; tgid: number }): boolean => x.mm !== null && x.mm === cr.mm && x.tgid !== cr.tgid;

export function addVmTimeBirthEdges(c: StepContext): void {
  const { f, m, s, eff, nsCreator, nsOfCreatorEarly, joinStep } = c;
  for (const p of f.procs.values()) {
    const x = p.leader;
    const by = m.creation.get(p.tgid)?.by;
    if (!by?.startsWith('t')) continue;
    const cr = f.tasks.get(Number(by.slice(1)));
    if (!cr || cr.tgid === x.tgid) continue;
    if (!vmForked(eff(x), eff(cr))) continue;
    const npX = x.nsproxy ? f.nsproxy.get(x.nsproxy) : undefined;
    const npCr = cr.nsproxy ? f.nsproxy.get(cr.nsproxy) : undefined;
    const born = s.at('task', x.tgid);
    if (!npX || !npCr || born < 0) continue;
    const ownTfc = nsCreator.get(npX.timeForChildren) === x;
    for (const id of nsOfCreatorEarly.get(cr.pid[0]) ?? []) {
      if (f.nsById.get(id)?.type !== 'time' || !s.has(`ns:${id}`)) continue;
      if (npX.time === id || (npX.timeForChildren === id && !ownTfc)) s.edge(`ns:${id}`, born, `${x.tgid}, forked with CLONE_VM, inherits ${id} from ${cr.pid[0]}: sharing the address space, neither can setns(time) after the fork (FORK-8, SETNS-6)`, 'FORK-8');
      else if (!ownTfc) s.edge(born, `ns:${id}`, `${x.tgid}, forked with CLONE_VM, keeps ${cr.pid[0]}'s time_for_children from before ${id} (FORK-8, SETNS-6)`, 'FORK-8');
    }
    // a time ns cr joins, which the child keeps (its time ns is cr's at the fork)
    if (npX.time === npCr.time && nsCreator.get(npCr.time) !== cr && !f.nsById.get(npCr.time)?.external) {
      const step = joinStep(cr, npCr.time);
      if (s.has(step)) s.edge(step, born, `${cr.pid[0]} joins time ns ${npCr.time} before forking ${x.tgid} with CLONE_VM, after which it cannot (SETNS-6)`, 'SETNS-6');
    }
  }
}
