/**
 * A time ns that only non-leader threads of one process hold, as their pending
 * time_for_children (and processes those threads or their leader create, born in it), with offsets other than
 * the threads' active time ns's: their leader made it.
 *
 * Rules: UNSH-6 (offsets are written before anyone enters the ns; /proc/self/timens_offsets is the
 * leader's. A thread could make the ns too and write its own /proc/<tid>/timens_offsets, emit.ts,
 * but then the threads that hold it would have to be created by that thread after its unshare,
 * which the image does not say; the leader's unshare is what the histories did), FORK-7/FORK-8 (a thread copies its creator's nsproxy, time_for_children included),
 * UNSH-6 again (a later unshare(CLONE_NEWTIME) of the leader copies the offsets of its
 * time_for_children, this one). In the histories the leader unshared it, wrote its offsets,
 * created the threads, which inherit it as time_for_children, and only then made its own
 * pending one. The leader is the creator (build.ts nsCreator); build.ts orders its threads after
 * that step and before the leader's next time ns (the edges it has for namespaces a leader makes).
 * O(members).
 */
import type { Facts } from '../facts/facts.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * The leader that makes time ns `id`, or undefined. `creatorOf(tgid)`: the actor that creates a
 * process (build.ts m.creation); processes in `id` created by those threads or their leader are
 * born in it and do not count.
 */
export function threadTimeMaker(f: Facts, members: Task[], id: string, creatorOf: (tgid: number) => string | undefined): Task | undefined {
  const threads = members.filter((t) => t.pid[0] !== t.tgid);
  if (threads.length === 0 || threads.some((t) => t.tgid !== threads[0].tgid)) return undefined;
  const names = new Set(threads.map((t) => `t${t.pid[0]}`).concat(`t${threads[0].tgid}`));
  if (members.some((t) => t.pid[0] === t.tgid && !names.has(creatorOf(t.tgid) ?? ''))) return undefined;
  const leader = f.tasks.get(threads[0].tgid);
  const np = leader?.nsproxy ? f.nsproxy.get(leader.nsproxy) : undefined;
  if (!leader || !np || leader.state === 'zombie' || leader.state === 'dead' || np.timeForChildren === id || np.time === id) return undefined;
  const def = f.nsById.get(id);
  const off = (ns: string | undefined) => (ns ? f.nsById.get(ns)?.offsets : undefined) ?? { monotonic: 0, boottime: 0 };
  // only where a thread could not make it: offsets other than those its time ns has
  const mine = def?.offsets ?? { monotonic: 0, boottime: 0 };
  const thNp = threads[0].nsproxy ? f.nsproxy.get(threads[0].nsproxy) : undefined;
  const from = off(thNp?.time);
  if (mine.monotonic === from.monotonic && mine.boottime === from.boottime) return undefined;
  return leader;
}
