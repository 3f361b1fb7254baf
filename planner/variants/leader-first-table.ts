/**
 * Re-plan variant `leaderFirstTables` (index.ts CYCLE_VARIANTS): a process leader L whose
 * non-leader thread T holds an fd table that children of L hold too, while L's own final table is
 * another, is the first holder of that table: L forks those children with CLONE_FILES, creates T
 * with CLONE_THREAD|CLONE_FILES, and only then takes its own copy with unshare(CLONE_FILES).
 * Without it, build.ts has T fork the children (thread-creators.ts creatorThread), so each child
 * comes after T's creation.
 *
 * Rules served (docs/kernel-rules.md): tasks sharing an fd table were cloned with CLONE_FILES by
 * a task holding it then (FORK-4); a fork without CLONE_FILES gives the child a private copy
 * (FORK-4), so L, forked so, is the first holder of its birth table; unshare(CLONE_FILES) gives
 * the caller a private copy and never fails for sharing, multithreaded too, without capability
 * (UNSH-1, UNSH-2); the sharers keep the table they had. A thread exists only after its leader's
 * user-ns switch when that switch needs a single-threaded caller (SETNS-4), which itself follows
 * the leader's set_tid creations (FORK-9); a child that keeps the session its leader had before
 * its setsid is forked before that setsid (SID-2). Forked by L itself, the child no longer waits
 * for T: the cycle "setsid -> set_tid fork -> switch -> create T -> T forks the child -> setsid"
 * is gone.
 *
 * Seeds 37016 (52, its thread 59 and child 60 sharing files:16; 52's own files:10) and 81064
 * (40, thread 49 and child 62 sharing files:25; 40's own files:22).
 *
 * Taken for a live (running or stopped) leader L that has not execve'd (an execve copies the
 * table, and ends its other threads), forks no helper sharing its table, and whose two tables
 * are each held only by L, its threads and processes L forks itself (not through a helper). The
 * first such thread's table only. O(tasks) per build.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Schedule } from '../ordering/schedule.js';

const on = new WeakSet<CreatorModel>();

export function setLeaderFirstTables(m: CreatorModel): void {
  on.add(m);
}

/** The first answer's cycle this variant serves: a thread creating a sharer after its leader's single-threaded user-ns switch. */
export const THREAD_SHARER_AFTER_SWITCH = /because thread \d+ of t\d+ creates \d+, sharing its fd table or fs \(FORK-4\)[^]*user ns switch needs a single-threaded caller \(SETNS-4\)|user ns switch needs a single-threaded caller \(SETNS-4\)[^]*because thread \d+ of t\d+ creates \d+, sharing its fd table or fs \(FORK-4\)/;

/** Leaders first holders of their thread's fd table: leader tgid -> that table (empty when the variant is off). O(tasks). */
export function leaderFirstTables(f: Facts, m: CreatorModel): Map<number, string> {
  const out = new Map<number, string>();
  if (!on.has(m)) return out;
  const holders = new Map<string, Task[]>();
  for (const t of f.image.tasks) {
    if (t.files === null || t.state === 'zombie') continue;
    const l = holders.get(t.files);
    if (l) l.push(t); else holders.set(t.files, [t]);
  }
  const sharesFiles = new Set(m.helpers.filter((h) => h.share?.includes('files')).map((h) => h.by));
  for (const p of f.order) {
    const l = p.leader;
    if (p.threads.length === 0 || (l.state !== 'running' && l.state !== 'stopped') || l.execed === true || l.files === null || sharesFiles.has(`t${p.tgid}`)) continue;
    const th = p.threads.find((x) => x.files !== null && x.files !== l.files);
    if (!th) continue;
    /** held only by p's tasks and by processes p forks itself */
    const own = (o: string): boolean => (holders.get(o) ?? []).every((t) => {
      if (t.tgid === p.tgid) return true;
      const c = m.creation.get(t.tgid);
      return t.pid[0] === t.tgid && c !== undefined && c.via === undefined && c.by === `t${p.tgid}`;
    });
    const kids = (holders.get(th.files!) ?? []).some((t) => t.tgid !== p.tgid);
    if (kids && own(th.files!) && own(l.files)) out.set(p.tgid, th.files!);
  }
  return out;
}

/**
 * Edges: L's threads created by L itself that hold its first table come before L's
 * unshare(CLONE_FILES) step (`unshareStep`, files-relays.ts). O(threads).
 */
export function addFirstTableEdges(s: Schedule, f: Facts, tables: ReadonlyMap<number, string>, unshareStep: string, creatorOf: (tgid: number, th: Task) => Task): void {
  for (const [l, o] of tables) {
    const p = f.procs.get(l);
    for (const th of p?.threads ?? []) {
      if (th.files === o && creatorOf(l, th).pid[0] === l) s.edge(s.at('task', th.pid[0]), s.at(unshareStep, l), `${l} creates thread ${th.pid[0]} with CLONE_FILES, sharing fd table ${o}, before its unshare(CLONE_FILES) copies it`, 'FORK-4');
    }
  }
}
