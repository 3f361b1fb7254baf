/**
 * The clone-time sharing check of a plan (build.ts buildSchedule): the tasks sharing one fd
 * table / fs_struct / mm must form a creation tree, each created by another sharer with
 * CLONE_FILES / CLONE_FS / CLONE_VM (FORK-4, R12), so at most one of them may have a creator
 * that does not hold the object (a helper creating sharers with the flag counts as that one;
 * a table held before an execve, stand-ins.ts execBorn, too). A violation is a failure of the
 * build (the creators chosen for sessions or parents cannot share it). O(tasks).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { filesMakerOf } from '../variants/files-maker.js';
import { vmGhostMm } from '../variants/vm-ghost.js';
import type { StepContext } from './build-context.js';

// Clone-time sharing (FORK-4, R12): the tasks sharing one fd table / fs_struct / mm must form
// a creation tree, each created by another sharer with the flag; at most one of them may have
// a creator outside the set. O(tasks).
export function checkShareTree(ctx: StepContext): void {
  const { f, m, eff, makers, helperTask, helperByName, failures, creatorThread, pickThreadCreator, threadCreatorView, relayView, execBorn, execBornFresh, vmBorn } = ctx;
  const creatorTask = (t: Task): Task | undefined => {
    if (t.pid[0] !== t.tgid) return threadCreatorView(f.procs.get(t.tgid)!, t, eff(pickThreadCreator(f.procs.get(t.tgid)!, t)));
    const c = m.creation.get(t.tgid);
    if (!c) return undefined;
    // a pid-ns init made by a maker helper is cloned by the maker, which shares nothing (seed 43681)
    // (variant filesMakers: one that carries its creator's fd table stands for the creator, files-maker.ts)
    if (makers.has(t.tgid) && !filesMakerOf(f, t.tgid)) return undefined;
    const bt = creatorThread(c.by, t);
    return bt ?? (c.by.startsWith('t') ? relayView(eff(f.tasks.get(Number(c.by.slice(1)))!), eff(t)) : helperTask.get(c.by));
  };
  // Per object, the tasks holding it whose creator does not: one map per kind keyed by the
  // image's object id (no key strings), entries numbered in first-seen order, so the first
  // object held by two such tasks is reported as a map of "kind:id" keys would have.
  const KINDS = ['files', 'fs', 'mm'] as const;
  const entryOf = KINDS.map(() => new Map<string, number>());
  const entryKind: number[] = [];
  const entryObj: string[] = [];
  const entryTasks: (number | number[])[] = [];
  // A helper that creates sharers with the flag holds the object first: it is the one entry of
  // the set for all of them (counted once, under the first task it creates with it).
  const helperRoots = new Set<string>();
  const addEntry = (ki: number, o: string, tid: number): void => {
    const e = entryOf[ki].get(o);
    if (e === undefined) {
      entryOf[ki].set(o, entryTasks.length);
      entryKind.push(ki);
      entryObj.push(o);
      entryTasks.push(tid);
    } else {
      const ts = entryTasks[e];
      if (typeof ts === 'number') entryTasks[e] = [ts, tid];
      else ts.push(tid);
    }
  };
  for (const t0 of f.image.tasks) {
    const t = eff(t0);
    const cr = creatorTask(t0);
    const c0 = t0.pid[0] === t0.tgid ? m.creation.get(t0.tgid) : undefined;
    const byHelper = c0 && c0.by.startsWith('h') ? c0.by : undefined;
    // a zombie released its objects (EXIT-4): what the image still names for one without a
    // stand-in (stand-ins.ts) is the ZOMBIE_HOLDS_RESOURCES warning's, which the restore ignores
    // (kernel/diff.ts skips it); nothing to share at clone time
    const released = t0.state === 'zombie' && t === t0;
    for (let ki = 0; ki < 3; ki++) {
      const k = KINDS[ki];
      const o = t[k];
      if (o === null || released) continue;
      // (forked with CLONE_FILES by an execve'd creator before its execve, see execBorn)
      if (ki === 0 && c0 && c0.by.startsWith('t') && execBorn.get(Number(c0.by.slice(1))) === o && !creatorThread(c0.by, t0)) continue;
      // (variant execMmRelays: forked with CLONE_VM by an execve'd creator before its execve, exec-mm-relay.ts)
      if (ki === 2 && c0 && c0.by.startsWith('t') && vmBorn.get(Number(c0.by.slice(1))) === o && t0.execed !== true && !creatorThread(c0.by, t0)) continue;
      // an execve'd process's fd table and mm are its own from the execve on (exec unshares a
      // shared table and replaces the mm): no creator gives them at clone time (seed 87533)
      const ownSinceExec = t0.execed === true && t0.pid[0] === t0.tgid && ki !== 1;
      if (cr && cr[k] === o && !ownSinceExec) {
        // (a helper forked sharing it holds its creator's: no entry, share-carriers.ts)
        // (variant vmGhosts: nor a ghost forked with CLONE_VM, vm-ghost.ts)
        if (!byHelper || helperByName.get(byHelper)?.share?.includes(k as 'files' | 'fs') || (ki === 2 && vmGhostMm(m, byHelper) === o)) continue;
        const key = `${byHelper}:${ki}:${o}`;
        if (helperRoots.has(key)) continue;
        helperRoots.add(key);
      }
      addEntry(ki, o, t.pid[0]);
    }
    // an execve'd process whose table before its execve was a fresh copy is that table's entry
    const fresh = execBornFresh.has(t0.pid[0]) ? execBorn.get(t0.pid[0]) : undefined;
    // (variant lateZombies: once, for an execve'd zombie whose stand-in is that table, counted above; seed 59131)
    if (fresh !== undefined && !(m.lateZombies && t !== t0 && t.files === fresh)) addEntry(0, fresh, t0.pid[0]);
  }
  for (let e = 0; e < entryTasks.length; e++) {
    const ts = entryTasks[e];
    if (typeof ts !== 'number') {
      failures.push({ rule: 'FORK-4', culprits: ts.slice(0, 8), reason: `tasks ${ts.slice(0, 4).join(', ')} share ${KINDS[entryKind[e]]} ${entryObj[e]}, which only clone-time sharing from one to the other gives, but their creators in this plan cannot share it (session or parent constraints chose other creators)` });
      break;
    }
  }
}
