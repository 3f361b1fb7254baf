/**
 * Stand-in fd tables read from the creator (FORK-4; re-plan variant `shares`, used by
 * planner/graph/stand-ins.ts): a dead leader's when its threads share its creator's (by default a
 * dead leader stands for its first thread's objects; when a live thread holds the table of the
 * leader's plain creator, the leader was born sharing that table and forked that thread with
 * CLONE_FILES, and the threads holding others, each its own, were forked without: copies;
 * O(threads), the image's holder counts once); and a
 * zombie's, forked by an execve'd creator before its execve (preExecTable).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

/**
 * (re-plan variant `shares`) The fd table a dead leader held when its threads were created, when
 * it is its creator's: a thread of it holds the table its plain creator (a live process leader)
 * holds, so the leader was forked with CLONE_FILES and forked that thread with CLONE_FILES too,
 * while its other threads, forked without, got copies (FORK-4; seed 12030: 5 forks 20 after its
 * execve, 20's thread 45 shares 5's table, its thread 38 has its own). null otherwise, and for
 * a leader that execve'd (its execve unshared the table). O(threads).
 */
export function creatorTableOfThreads(f: Facts, m: CreatorModel, t: Task): string | null {
  if (!m.shares || t.execed === true) return null;
  const c = m.creation.get(t.tgid);
  if (!c || c.via || !c.by.startsWith('t')) return null;
  const cr = f.tasks.get(Number(c.by.slice(1)));
  if (!cr || cr.pid[0] !== cr.tgid || (cr.state !== 'running' && cr.state !== 'stopped') || cr.files === null) return null;
  const p = f.procs.get(t.tgid);
  if (!p?.threads.some((x) => (x.state === 'running' || x.state === 'stopped') && x.files === cr.files)) return null;
  // (the leader's other threads hold tables of their own, copies no one else shares: the
  // leader, standing for its creator's, forks them without CLONE_FILES)
  const held = holderCounts(f);
  return p.threads.every((x) => x.files === null || x.files === cr.files || held.get(x.files) === 1) ? cr.files : null;
}

/** fd table -> how many tasks hold it, once per image (O(tasks)) */
const counts = new WeakMap<Facts, Map<string, number>>();
function holderCounts(f: Facts): Map<string, number> {
  let c = counts.get(f);
  if (!c) {
    c = new Map();
    for (const t of f.image.tasks) if (t.files !== null) c.set(t.files, (c.get(t.files) ?? 0) + 1);
    counts.set(f, c);
  }
  return c;
}

/**
 * The fd table a zombie Z held, forked by an execve'd creator C before C's execve, when a child
 * of Z shares it with another child of C (C's table before its execve, which C's execve copied:
 * its final table is another; seed 6456: 2 forked 22, 30 and zombie 36 with CLONE_FILES, 36
 * forked 45 with it, then 2 execve'd). `n`: the tables Z's children hold. null when no such
 * table; planner/graph/stand-ins.ts makeExecBorn then finds it as C's table before its execve.
 * O(processes) per zombie it is asked for (only zombies of an execve'd creator with such children).
 */
export function preExecTable(f: Facts, m: CreatorModel, cby: string, z: { tgid: number }, n: ReadonlyMap<string, number>, eff: (t: Task) => Task): string | null {
  if (!m.shares || !cby.startsWith('t')) return null;
  const cr = f.tasks.get(Number(cby.slice(1)));
  if (!cr || cr.execed !== true || cr.pid[0] !== cr.tgid) return null;
  for (const q of f.order) {
    if (q.tgid === z.tgid || q.zombie || q.leader.execed === true || m.creation.get(q.tgid)?.by !== cby) continue;
    const o = eff(q.leader).files;
    if (o !== null && o !== cr.files && n.has(o)) return o;
  }
  return null;
}
