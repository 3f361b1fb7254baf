/**
 * Re-plan variant `preExecCarriers` (index.ts SHR_VARIANTS, with `shares`; FORK-4, EXIT-1, EXIT-2,
 * EXEC-*): a reparent helper forked by an execve'd process carries, with CLONE_FILES, the fd table
 * that process was born sharing with its creator, forked before its execve.
 *
 * A process P shares an fd table o with a task its creator is not (share-carriers.ts), and the
 * creator the session choices gave P is a reparent helper H (P is born in a session S leads, with
 * the restorer or a subreaper as parent, EXIT-2) forked by S, which execve'd: its fd table is its
 * own since (execve unshares a shared table, unshare_files), so share-carriers.ts had S carry only
 * that one, after its execve. But before its execve S held the table it was born with: forked by
 * its creator C with CLONE_FILES (FORK-4), S shared C's table o. So when C holds o in the image,
 * S is born sharing it, forks H with CLONE_FILES after its setsid and before its execve, H forks P
 * with it and exits, and P reparents (seed 108802: 27 forks 28 with CLONE_FILES; 28 leads session
 * 28 and forks 52's helper before its execve; 52, a child of the restorer in session 28, shares
 * files:1 with 27, and forks 59 with it). The helper's clone of P and S's birth get CLONE_FILES
 * (stand-ins.ts helperTask and makeExecBorn read helperPreExecTable/preExecBorn), and build.ts orders
 * the helper before S's execve.
 *
 * Only for a single-threaded S (its execve kills no thread it needs, EXIT-1) that is not an init,
 * when P shares nothing else with H. Kept only when verified (SHR_VARIANTS, after a first answer
 * naming FORK-4). State per CreatorModel (WeakMaps). O(processes) once, O(1) a query.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();
/** helper name -> the fd table its execve'd creator held before its execve */
const helperTable = new WeakMap<CreatorModel, Map<string, string>>();
/** execve'd carrier -> the fd table it was born sharing with its creator */
const bornTable = new WeakMap<CreatorModel, Map<number, string>>();

/** Turn the variant on for model m (index.ts planAttempt). */
export function setPreExecCarriers(m: CreatorModel): void {
  on.add(m);
}

/**
 * Give CLONE_FILES to the reparent helpers that can carry their execve'd creator's birth table to
 * a child sharing it (see above), after share-carriers.ts. Returns how many.
 */
export function carryBeforeExec(f: Facts, m: CreatorModel): number {
  if (!on.has(m)) return 0;
  const helpers = new Map(m.helpers.map((h) => [h.name, h]));
  const holders = new Map<string, number>();
  for (const t of f.image.tasks) if (t.files !== null && (t.state === 'running' || t.state === 'stopped')) holders.set(t.files, (holders.get(t.files) ?? 0) + 1);
  const hs = new Map<string, string>();
  const bs = new Map<number, string>();
  let n = 0;
  for (const p of f.order) {
    const o = p.leader.files;
    if (o === null || p.isInit || p.zombie || p.leader.execed === true || (holders.get(o) ?? 0) < 2) continue;
    const c = m.creation.get(p.tgid);
    const h = c?.by.startsWith('h') ? helpers.get(c.by) : undefined;
    if (!h || h.role !== 'reparent-helper' || h.share || h.thread || h.creates.length !== 1 || !h.by.startsWith('t')) continue;
    const s = f.procs.get(Number(h.by.slice(1)));
    if (!s || s.isInit || s.leader.execed !== true || s.threads.length > 0 || (s.leader.state !== 'running' && s.leader.state !== 'stopped')) continue;
    const sc = m.creation.get(s.tgid);
    const cr = sc?.by.startsWith('t') && !sc.via ? f.procs.get(Number(sc.by.slice(1))) : undefined;
    if (!cr || cr.leader.files !== o || cr.leader.execed === true || (bs.has(s.tgid) && bs.get(s.tgid) !== o)) continue;
    h.share = ['files'];
    hs.set(h.name, o);
    bs.set(s.tgid, o);
    n++;
  }
  helperTable.set(m, hs);
  bornTable.set(m, bs);
  return n;
}

/** The fd table helper `name` carries from before its creator's execve, else undefined. */
export function helperPreExecTable(m: CreatorModel, name: string): string | undefined {
  return helperTable.get(m)?.get(name);
}

/** The fd table execve'd process tgid was born sharing with its creator for such a helper, else undefined. */
export function preExecBorn(m: CreatorModel, tgid: number): string | undefined {
  return bornTable.get(m)?.get(tgid);
}
