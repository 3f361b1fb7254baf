/**
 * `--dead TASK`: the task had exited (and been reaped) before the checkpoint.
 * - A non-leader thread: it just disappears.
 * - A thread-group leader whose group has other threads: it stays as a 'dead' leader (Linux keeps
 *   it as Z until the last thread exits).
 * - A whole process: removed; its children are reparented as Linux does (EXIT-2): to the nearest
 *   ancestor that is a child subreaper, below the init of its pid namespace; else to that init;
 *   else (the init is outside the image: the restorer) ppid 0. Groups and sessions it led keep
 *   their numbers: their members still carry its pgid/sid, so its pid stays reserved and the
 *   planner needs a ghost for it.
 * - EXIT-7: a process group the exit orphans (its own, or a child's) that has a stopped member
 *   gets SIGHUP then SIGCONT: its stopped members are continued (running). SIGHUP's default
 *   action would kill them; the image does not record whether they handle it, so they are kept,
 *   and a note says so (--drop shows the other case).
 * A pid namespace's init cannot die alone (its namespace is torn down with it, EXIT-8): refused.
 * O(tasks x tree depth).
 */
import type { Scenario } from '../scenario.js';
import { cloneImage, taskOrThrow } from '../scenario.js';
import { CrplanError } from '../../model/errors.js';
import { isLeader } from '../../model/image.js';
import { leaders } from './tree.js';
import type { Image, Task } from '../../model/image.js';

/**
 * EXIT-7 (exit.c kill_orphaned_pgrp) after process `dead` exited and its children `kids` were
 * reparented: the groups to check are its own (when its parent was in another group of its
 * session) and each child's (when in another group of its session). A group is orphaned when no
 * member (live zombies aside) has a parent in another group of the same session; a parent
 * outside the image is unknown, and then nothing is changed. O(tasks) per group checked.
 */
function orphanedStops(image: Image, dead: Task, kids: Task[], lead: Map<number, Task>, notes: string[]): void {
  const sameSess = (a: Task, b: Task) => a.sid[0] === b.sid[0];
  const candidates = new Set<number>();
  const parent = lead.get(dead.ppid);
  if (parent && parent.pgid[0] !== dead.pgid[0] && sameSess(parent, dead)) candidates.add(dead.pgid[0]);
  for (const k of kids) if (k.pgid[0] !== dead.pgid[0] && sameSess(k, dead)) candidates.add(k.pgid[0]);
  const live = leaders(image);
  for (const g of candidates) {
    const members = image.tasks.filter((x) => x.pgid[0] === g && x.tgid === x.pid[0]);
    let orphaned = true;
    for (const mbr of members) {
      if (mbr.state === 'zombie') continue;
      if (mbr.ppid === 0) { orphaned = false; break; } // parent outside the image: unknown, keep as is
      const p = live.get(mbr.ppid);
      if (p && p.pgid[0] !== g && sameSess(p, mbr)) { orphaned = false; break; }
    }
    const stopped = image.tasks.filter((x) => x.pgid[0] === g && x.state === 'stopped');
    if (!orphaned || stopped.length === 0) continue;
    for (const x of stopped) {
      x.state = 'running';
      delete x.stopSignal;
    }
    const procs = [...new Set(stopped.map((x) => x.tgid))].join(', ');
    notes.push(`group ${g} is orphaned by the exit and has stopped member(s) ${procs}: every member gets SIGHUP then SIGCONT (EXIT-7), so ${stopped.length === 1 ? `${procs} runs` : `${procs} run`} again; the image does not record whether they handle SIGHUP: taken as surviving it (by SIGHUP's default action they would die: see --drop)`);
  }
}

export function deadScenario(tid: number): Scenario {
  const label = `--dead ${tid}`;
  return {
    label,
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const t = taskOrThrow(image, tid, label);
      const threads = image.tasks.filter((x) => x.tgid === t.tgid);
      if (!isLeader(t)) {
        image.tasks = image.tasks.filter((x) => x !== t);
        notes.push(`thread ${tid} of process ${t.tgid} removed`);
        return { image, options: input.options };
      }
      if (threads.length > 1 && t.state !== 'zombie') {
        // the leader thread's exit releases its fd table, fs and mm (exit_files/exit_fs/exit_mm)
        // and its nsproxy; its sighand stays with the thread group (EXIT-1)
        t.state = 'dead';
        t.nsproxy = null;
        t.files = null;
        t.fs = null;
        t.mm = null;
        delete t.stopSignal;
        notes.push(`leader ${tid} exited alone: it stays as a dead leader while its ${threads.length - 1} other thread(s) live`);
        return { image, options: input.options };
      }
      if (t.pid[t.pid.length - 1] === 1 && image.tasks.some((x) => x.pidns === t.pidns && x.tgid !== t.tgid)) {
        throw new CrplanError(`${label}: task ${tid} is the init of pid namespace ${t.pidns}; its exit kills every task of that namespace (EXIT-8), use --drop`, 2);
      }
      const lead = leaders(image);
      // EXIT-2: the new parent of its children
      let reaper = 0;
      let why = 'its pid namespace\'s init is outside the image (the restorer): ppid 0';
      for (let p = lead.get(t.ppid); p; p = lead.get(p.ppid)) {
        if (p.pidns !== t.pidns) break; // above t's pid ns: its init (if any) comes next
        if (p.pid[p.pid.length - 1] === 1) { reaper = p.tgid; why = `init ${p.tgid} of its pid namespace`; break; }
        if (p.subreaper === true && p.state !== 'zombie') { reaper = p.tgid; why = `nearest child subreaper ${p.tgid}`; break; }
        if (p.subreaper === null) notes.push(`ancestor ${p.tgid}'s subreaper flag is unknown: assumed not a subreaper`);
      }
      if (reaper === 0) {
        const init = image.tasks.find((x) => x.pidns === t.pidns && x.pid[x.pid.length - 1] === 1 && isLeader(x) && x.tgid !== t.tgid);
        if (init) { reaper = init.tgid; why = `init ${init.tgid} of its pid namespace`; }
      }
      const kids = image.tasks.filter((x) => x.ppid === t.tgid && x.tgid !== t.tgid);
      for (const k of kids) k.ppid = reaper;
      const kidProcs = [...new Set(kids.map((k) => k.tgid))];
      image.tasks = image.tasks.filter((x) => x.tgid !== t.tgid);
      notes.push(`process ${t.tgid} removed${kidProcs.length ? `; its children ${kidProcs.join(', ')} reparented to ${reaper || 'the restorer (ppid 0)'} (${why}, EXIT-2)` : ''}`);
      // a zombie child handed to a parent that ignores SIGCHLD is released at once (EXIT-4, EXIT-5)
      const heir = lead.get(reaper);
      const reaped = heir?.ignoresSigchld ? [...new Set(kids.filter((k) => k.state === 'zombie').map((k) => k.tgid))] : [];
      if (reaped.length) {
        image.tasks = image.tasks.filter((x) => !reaped.includes(x.tgid));
        notes.push(`zombie child(ren) ${reaped.join(', ')} are released on reparenting: ${reaper} ignores SIGCHLD (EXIT-5)`);
      }
      orphanedStops(image, t, kids.filter((k) => !reaped.includes(k.tgid)), lead, notes);
      const ledGroup = image.tasks.filter((x) => x.pgid[0] === t.tgid).length;
      const ledSession = image.tasks.filter((x) => x.sid[0] === t.tgid).length;
      if (ledSession) notes.push(`it led session ${t.tgid}: ${ledSession} task(s) keep sid ${t.tgid}, so its pid stays reserved (SID-2)`);
      if (ledGroup) notes.push(`it led group ${t.tgid}: ${ledGroup} task(s) keep pgid ${t.tgid}, so its pid stays reserved (PGID-3)`);
      return { image, options: input.options };
    },
  };
}
