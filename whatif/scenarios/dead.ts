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
 * A pid namespace's init cannot die alone (its namespace is torn down with it, EXIT-8): refused.
 * O(tasks x tree depth).
 */
import type { Scenario } from '../scenario.js';
import { cloneImage, taskOrThrow } from '../scenario.js';
import { CrplanError } from '../../model/errors.js';
import { isLeader } from '../../model/image.js';
import { leaders } from './tree.js';

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
        t.state = 'dead';
        t.nsproxy = null;
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
      const ledGroup = image.tasks.filter((x) => x.pgid[0] === t.tgid).length;
      const ledSession = image.tasks.filter((x) => x.sid[0] === t.tgid).length;
      if (ledSession) notes.push(`it led session ${t.tgid}: ${ledSession} task(s) keep sid ${t.tgid}, so its pid stays reserved (SID-2)`);
      if (ledGroup) notes.push(`it led group ${t.tgid}: ${ledGroup} task(s) keep pgid ${t.tgid}, so its pid stays reserved (PGID-3)`);
      return { image, options: input.options };
    },
  };
}
