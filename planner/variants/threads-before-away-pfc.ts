/**
 * Re-plan variant `threadsBeforeAwayPfc` (index.ts; Facts.threadsBeforeAwayPfc, build.ts): a
 * leader that cannot point its pid_for_children back at its own pid ns once inside its final user
 * ns creates its threads before the children it forks into another pid ns after its switch.
 *
 * CLONE_THREAD needs pid_for_children to be the caller's active pid ns (SETNS-5: after setns to
 * another pid ns, CLONE_THREAD fails EINVAL until it returns), so the emitter points it home
 * before each thread. Pointing it needs CAP_SYS_ADMIN over the pid ns's owner (SETNS-5), which a
 * leader whose final user ns is not above that owner lacks after its user-ns switch (OWN-2).
 * Threads come after that switch (a multithreaded task cannot switch, SETNS-4); a child the leader
 * forks there into another pid ns (a descendant of its own, reached by setns(pid), SETNS-5) leaves
 * pid_for_children pointing away, for good. So the threads come first: after the switch, before
 * those children. Seed 15454: 4 enters user:0 (its pid ns pid:0 is owned by the environment's
 * user:8), forks its thread 6, then points pid_for_children at pid:1 (owned by user:3, below
 * user:0) and forks 39 there with CLONE_FS, as the history did (t3 forked t5 before its setns
 * into pid:1). Not a CLONE_NEWPID child of its own pid ns (that needs pid_for_children home too).
 * O(processes x children).
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

export interface AwayPfcInput {
  hasUserStep: (t: Task) => boolean;
  bornUser: (actor: string) => string;
  creationsBy: (actor: string) => string[] | undefined;
  userDescends: (u: string, anc: string) => boolean;
}

/** The [thread tid, creation node] pairs to order, thread first (variant on only). */
export function threadsBeforeAwayPfc(f: Facts, x: AwayPfcInput): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  if (f.threadsBeforeAwayPfc !== true) return out;
  for (const p of f.order) {
    const l = p.leader;
    if (p.zombie || (l.state !== 'running' && l.state !== 'stopped') || p.threads.length === 0 || !l.userns || !x.hasUserStep(l)) continue;
    const def = f.pidns.get(l.pidns)?.ns;
    const owner = !def || def.external || !def.owner ? f.rootUserNs : def.owner;
    // (it may point pid_for_children home from its final user ns: the emitter does)
    if (x.userDescends(owner, l.userns)) continue;
    for (const node of x.creationsBy(`t${p.tgid}`) ?? []) {
      const c = node.startsWith('task:') ? f.tasks.get(Number(node.slice(5))) : undefined;
      if (!c || c.pidns === l.pidns || x.bornUser(`t${c.pid[0]}`) !== l.userns) continue;
      // (an init made with CLONE_NEWPID from its creator's own pid ns)
      if (c.pid[c.pid.length - 1] === 1 && f.pidns.get(c.pidns)?.parent === l.pidns) continue;
      for (const th of p.threads) if (th.pid[0] !== p.tgid && th.state !== 'dead') out.push([th.pid[0], node]);
    }
  }
  return out;
}
