/**
 * An execve'd relay forked by the thread holding the fd table it passes on (re-plan variant
 * `lateZombies`, CreatorModel.threadExecRelays; FORK-4, EXEC unshare_files). In the image's
 * history a non-leader thread T of process P, holding a table of its own, forked R with
 * CLONE_FILES; R forked Q with CLONE_FILES and then execve'd, which gave R a private copy (seed
 * 97419: thread 18 of 5 forks 28, 28 forks 48, then execve's; 18 and 48 share files:19). R's final
 * table is held by no task of P, so thread-creators.ts creatorThread, which scores by it, gives R
 * to P's leader, and stand-ins.ts makeExecBorn, which reads a creating thread's flags as nothing,
 * finds no table R held before its execve. Here T creates R (execRelayThreads), R's table before
 * its execve is T's (makeExecBorn), and build.ts gives that fork CLONE_FILES (execBornShare with
 * the creating thread); the forks R makes with it come before its execve (stand-ins.ts execBorn).
 * O(processes + threads), once per build.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

/** leader tid of an execve'd relay R -> the live thread of its creator's process that forks it */
export function execRelayThreads(f: Facts, m: CreatorModel, eff: (t: Task) => Task): Map<number, Task> {
  const out = new Map<number, Task>();
  if (!m.threadExecRelays) return out;
  const kidsOf = new Map<string, Proc[]>();
  for (const q of f.order) {
    const c = m.creation.get(q.tgid);
    if (!c || c.via || c.cloneParent || !c.by.startsWith('t')) continue;
    const l = kidsOf.get(c.by);
    if (l) l.push(q); else kidsOf.set(c.by, [q]);
  }
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    const r = p.leader;
    if (!c || c.via || !c.by.startsWith('t') || p.zombie || r.execed !== true || (r.state !== 'running' && r.state !== 'stopped')) continue;
    const cp = f.procs.get(Number(c.by.slice(1)));
    if (!cp || cp.leader.pid[0] !== Number(c.by.slice(1)) || cp.threads.length === 0) continue;
    const lead = eff(cp.leader).files;
    for (const q of kidsOf.get(`t${r.pid[0]}`) ?? []) {
      const o = q.leader.execed === true ? null : eff(q.leader).files;
      if (o === null || o === r.files || o === lead) continue;
      const th = cp.threads.find((t) => t.files === o && (t.state === 'running' || t.state === 'stopped'));
      if (th) { out.set(r.pid[0], th); break; }
    }
  }
  return out;
}
