/**
 * Which task of a process creates a child or a thread (build.ts buildSchedule's thread-creator
 * choice). A clone copies the caller's fd table / fs_struct with CLONE_FILES / CLONE_FS (FORK-4)
 * and its namespaces, active time ns and time_for_children (FORK-7, FORK-8): so a child sharing a
 * non-leader thread's fd table or fs is created by that thread (creatorThread), and a thread by
 * the leader or the earlier thread it shares with (pickThreadCreator), or by the one that unshared
 * its time_for_children (timeForChildrenCreator, SETNS-6, UNSH-6). Threads are created with
 * CLONE_THREAD by a live thread of their group (FORK-2).
 * Complexity: O(threads) per question for a process with few threads; for more than
 * MANY_THREADS, answers come from per-process indexes built once (O(threads + questions)).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Proc } from '../facts/facts.js';
import type { BuildContext } from './build-context.js';
import { deadLeaderAsThreads } from '../sharing/dead-leader-creator.js';
import { execRelayThreads } from '../sharing/thread-exec-relay.js';
import { threadRelayForkers } from '../sharing/thread-forked-relay.js';
import { vmTimeThread } from '../variants/vm-time-thread.js';
import { nsKeeperThread } from '../variants/ns-keeper-thread.js';

export function makeThreadCreators(ctx: BuildContext) {
  const { f, m, eff, nsCreator, threadRelays } = ctx;
  /** thread counts above which creatorThread / pickThreadCreator use their indexes */
  const MANY_THREADS = 16;
  const ANY = Symbol('any');
  const creatorThreadMemo = new Map<number, Map<string | null, Map<string | null, Task | undefined>>>();
  const threadPatterns = new Map<number, Map<string | null | typeof ANY, Map<string | null | typeof ANY, Task>>>();

  /**
   * A non-leader thread of the creating process that shares the child's fd table or fs (FORK-4),
   * if any: the first thread with the best score, when it beats the leader's. O(threads); for a
   * process with many threads the answer is memoised by the child's (files, fs), which is all it
   * depends on, so creating C children costs O(threads + C), not O(threads x C).
   */
  function creatorThread(by: string, child0: Task): Task | undefined {
    if (!by.startsWith('t')) return undefined;
    if (m.shares) { const th = relayThreads().get(child0.pid[0]); if (th !== undefined && by === `t${th.tgid}`) return th; }
    // (variant threadForkedRelays: a thread relay forked by the thread holding what its threads keep, planner/sharing/thread-forked-relay.ts)
    if (m.threadForkedRelays) { const th = (forkedRelays ??= threadRelayForkers(f, m, eff)).get(child0.pid[0]); if (th !== undefined && by === `t${th.tgid}`) return th; }
    // (variant lateZombies: an execve'd relay, planner/sharing/thread-exec-relay.ts)
    if (m.threadExecRelays) { const th = (execRelays ??= execRelayThreads(f, m, eff)).get(child0.pid[0]); if (th !== undefined && by === `t${th.tgid}`) return th; }
    // (variant leaderFirstTables: the leader, first holder of its thread's table, forks it, leader-first-table.ts)
    if (child0.files !== null && ctx.firstTables?.get(Number(by.slice(1))) === child0.files) return undefined;
    const child = deadLeaderAsThreads(m, child0, eff);
    const cp = f.procs.get(Number(by.slice(1)));
    if (!cp || cp.threads.length === 0) return undefined;
    // (variant vmTimeThreads: a CLONE_VM child forked by the thread holding its time slots, vm-time-thread.ts)
    if (f.vmTimeThreads) { const th = vmTimeThread(f, cp, child0, eff, (t) => (child.files !== null && t.files === child.files ? 1 : 0) + (child.fs !== null && t.fs === child.fs ? 1 : 0)); if (th) return th; }
    // (variant nsKeeperThreads: a child forked by the thread still holding its namespaces, ns-keeper-thread.ts)
    if (f.nsKeeperThreads) { const th = nsKeeperThread(f, cp, child0, eff, (t) => (child.files !== null && t.files === child.files ? 1 : 0) + (child.fs !== null && t.fs === child.fs ? 1 : 0)); if (th) return th; }
    // (variant threadPfc looks at the child's pid ns only here: the memo below is keyed by files
    // and fs, so a process with more than MANY_THREADS threads does not get that choice)
    if (cp.threads.length <= MANY_THREADS) return bestThread(cp, child.files, child.fs, child.pid[0] === child.tgid ? f.procs.get(child.tgid)?.pidns : undefined);
    let byFiles = creatorThreadMemo.get(cp.tgid);
    if (!byFiles) creatorThreadMemo.set(cp.tgid, (byFiles = new Map()));
    let byFs = byFiles.get(child.files);
    if (!byFs) byFiles.set(child.files, (byFs = new Map()));
    if (!byFs.has(child.fs)) byFs.set(child.fs, bestThread(cp, child.files, child.fs));
    return byFs.get(child.fs);
  }
  /**
   * Re-plan variant `shares`: a relay R forked by a thread T of its creator's process (seed
   * 14571). R's own fs_struct is held by no task of that process, while a child R forks holds
   * the one T holds (not the leader's): in the history T forked R with CLONE_FS, R forked the
   * child with CLONE_FS and then copied its own (fs-relays.ts). creatorThread, which scores by
   * R's final fs_struct, would give R to the leader; here T forks it. leader tid of R -> T, built
   * once, O(processes + threads).
   */
  let relayThreadMap: Map<number, Task> | null = null;
  let execRelays: Map<number, Task> | undefined;
  let forkedRelays: Map<number, Task> | undefined;
  function relayThreads(): Map<number, Task> {
    if (relayThreadMap !== null) return relayThreadMap;
    relayThreadMap = new Map();
    const kidsOf = new Map<string, Proc[]>();
    for (const q of f.order) {
      const c = m.creation.get(q.tgid);
      if (!c || c.via || !c.by.startsWith('t')) continue;
      const l = kidsOf.get(c.by);
      if (l) l.push(q); else kidsOf.set(c.by, [q]);
    }
    for (const p of f.order) {
      const c = m.creation.get(p.tgid);
      const r = p.leader;
      if (!c || c.via || !c.by.startsWith('t') || p.zombie || r.fs === null || (r.state !== 'running' && r.state !== 'stopped')) continue;
      const cp = f.procs.get(Number(c.by.slice(1)));
      if (!cp || cp.leader.pid[0] !== Number(c.by.slice(1)) || cp.threads.length === 0) continue;
      if (eff(cp.leader).fs === r.fs || cp.threads.some((th) => th.fs === r.fs || (r.files !== null && th.files === r.files))) continue;
      for (const q of kidsOf.get(`t${r.pid[0]}`) ?? []) {
        const o = q.leader.fs;
        if (o === null || o === r.fs || o === eff(cp.leader).fs) continue;
        const th = cp.threads.find((t) => t.fs === o && t.state !== 'dead');
        if (th) { relayThreadMap.set(r.pid[0], th); break; }
      }
    }
    return relayThreadMap;
  }
  function bestThread(cp: Proc, files: string | null, fs: string | null, pidns?: string): Task | undefined {
    const score = (t: Task) => (files !== null && t.files === files ? 1 : 0) + (fs !== null && t.fs === fs ? 1 : 0);
    let best: Task | undefined;
    for (const th of cp.threads) if (score(th) > (best ? score(best) : score(eff(cp.leader)))) best = th;
    if (best === undefined && f.threadPfc && pidns !== undefined) return pfcThread(cp, score, pidns);
    return best;
  }

  /**
   * Re-plan variant threadPfc (seed 9808): a child that the leader and some threads would create
   * sharing the same (equal score) is born in its creator's pid_for_children (PID-1). When the
   * leader's is not the child's pid ns but such a thread's is (in the history that thread
   * unshared the pid ns, UNSH-5, and forked the child), the thread creates it: the leader keeps
   * its own pid_for_children, and a leader that shares its fs_struct with the child need not
   * point it back after its user-ns switch (SETNS-4, SETNS-5). O(threads).
   */
  function pfcThread(cp: Proc, score: (t: Task) => number, pidns: string): Task | undefined {
    const pfc = (t: Task) => (t.nsproxy ? f.nsproxy.get(t.nsproxy)?.pidForChildren : undefined);
    const ld = eff(cp.leader);
    if (pfc(ld) === pidns || ld.state === 'dead') return undefined;
    return cp.threads.find((th) => score(th) === score(ld) && pfc(th) === pidns);
  }
  /**
   * The task that creates thread th: the leader when th shares what it has, else the first
   * earlier thread that does (threads are in tid order), else the leader. A scan of the earlier
   * threads for a process with few; for many, the first thread per (files, fs) pattern, indexed
   * once per process (O(threads) instead of O(threads^2) for the whole process).
   */
  function pickThreadCreator(p: Proc, th: Task): Task {
    // (the first thread keeping a relay leader's birth fs_struct: the leader, before its copy)
    const relayFs = threadRelays.get(p.tgid);
    if (relayFs !== undefined && th.fs === relayFs && !p.threads.some((o) => o.pid[0] < th.pid[0] && o.fs === relayFs)) return p.leader;
    const ld = eff(p.leader);
    const shares = (a: Task, b: Task) => (a.files === null || a.files === b.files) && (a.fs === null || a.fs === b.fs);
    const byTime = timeForChildrenCreator(p, th);
    if (byTime) return byTime;
    if (shares(th, ld)) return p.leader;
    if (p.threads.length <= MANY_THREADS) {
      for (const o of p.threads) {
        if (o.pid[0] >= th.pid[0]) break;
        if (shares(th, o)) return o;
      }
      return partialThreadCreator(p, th) ?? ld;
    }
    let ix = threadPatterns.get(p.tgid);
    if (!ix) {
      // first thread (lowest tid) per (files or ANY, fs or ANY): what a thread asking with that
      // pattern shares with (a null field of the asker matches anything)
      ix = new Map();
      for (const o of p.threads) {
        for (const fk of [o.files, ANY] as const) {
          let byFs = ix.get(fk);
          if (!byFs) ix.set(fk, (byFs = new Map()));
          for (const sk of [o.fs, ANY] as const) if (!byFs.has(sk)) byFs.set(sk, o);
        }
      }
      threadPatterns.set(p.tgid, ix);
    }
    const o = ix.get(th.files === null ? ANY : th.files)?.get(th.fs === null ? ANY : th.fs);
    return o && o.pid[0] < th.pid[0] ? o : partialThreadCreator(p, th) ?? ld;
  }
  /**
   * A thread whose time_for_children differs from its time ns and was made by another task
   * could only get it at clone: a thread keeps its creator's active time ns and copies its
   * time_for_children (FORK-7, FORK-8), and nothing resets time_for_children alone later
   * (setns(time) sets both and needs a single thread, SETNS-6; unshare makes a new one, UNSH-6).
   * So the earlier thread (or live leader) of the group that unshared it creates th after that
   * unshare, when it ends in th's (time, time_for_children) and shares what th shares with it
   * (or th is the first holder of its fd table and fs, cloned without CLONE_FILES/CLONE_FS). The
   * creator comes from the nsCreator index: O(1) per thread, plus soleHolder.
   */
  function timeForChildrenCreator(p: Proc, th: Task): Task | undefined {
    const np = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    if (!np || np.time === np.timeForChildren) return undefined;
    const c = nsCreator.get(np.timeForChildren);
    // (variant ownTimeThreads: from a non-leader holder of higher tid too, time-threads.ts)
    if (!c || c === th || c.tgid !== p.tgid || c.state === 'dead' || (c.pid[0] > th.pid[0] && !(f.ownTimeThreads && c !== p.leader)) || !c.nsproxy) return undefined;
    const npC = f.nsproxy.get(c.nsproxy);
    if (!npC || npC.time !== np.time || npC.timeForChildren !== np.timeForChildren) return undefined;
    const shares = (th.files === null || th.files === c.files) && (th.fs === null || th.fs === c.fs);
    return shares || soleHolder(p, th) ? c : undefined;
  }
  /**
   * Is th the first holder (leader, then threads by tid) of both its fd table and its fs?
   * O(threads); not asked for a process with many threads (false: th then needs a time creator
   * that shares what it shares), which keeps the whole pick near-linear.
   */
  function soleHolder(p: Proc, th: Task): boolean {
    if (p.threads.length > MANY_THREADS) return false;
    const ld = eff(p.leader);
    for (const k of ['files', 'fs'] as const) {
      const o = th[k];
      if (o === null) continue;
      if (ld[k] === o) return false;
      for (const x of p.threads) {
        if (x.pid[0] >= th.pid[0]) break;
        if (x[k] === o) return false;
      }
    }
    return true;
  }
  /**
   * No earlier task of the group holds both th's fd table and fs: the first one (leader, then
   * earlier threads by tid) holding one of them creates th sharing that one; th gets a private
   * copy of the other (FORK-4), which is right when th is its first holder. The fd table is
   * preferred when both have earlier holders. From the pattern index for a process with many
   * threads (its ANY rows are the first thread per files / per fs), else by a scan.
   */
  function partialThreadCreator(p: Proc, th: Task): Task | undefined {
    const ld = eff(p.leader);
    for (const k of ['files', 'fs'] as const) {
      const o = th[k];
      if (o === null) continue;
      if (ld[k] === o) return p.leader;
      let hit: Task | undefined;
      if (p.threads.length <= MANY_THREADS) hit = p.threads.find((x) => x[k] === o);
      else hit = k === 'files' ? threadPatterns.get(p.tgid)?.get(o)?.get(ANY) : threadPatterns.get(p.tgid)?.get(ANY)?.get(o);
      if (hit && hit.pid[0] < th.pid[0]) return hit;
    }
    return undefined;
  }
  return { creatorThread, pickThreadCreator, timeForChildrenCreator };
}
