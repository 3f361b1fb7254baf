import type { Finding } from '../finding.js';
import { taskPath, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, vec, who } from './rule.js';

/** One number per ns per level: two live struct pids never share a number in one namespace (PID-2, PID-3). O(tasks x levels). */
export const pidDuplicate: Rule = {
  code: 'PID_DUPLICATE',
  description: 'Two tasks have the same pid number in the same pid namespace (at any level).',
  kernelRule: 'PID-2, PID-3',
  severity: 'error',
  messages: {
    main: '{a} and {b} both have pid {nr} in pid namespace "{ns}" (level {level})',
    reserved: '{a} has pid {nr} in pid namespace "{ns}" (level {level}), a number held by session {sid} whose leader is gone but whose members ({b}, ...) live on',
  },
  check(ix) {
    const out: Finding[] = [];
    const report = (a: TaskRef, b: TaskRef, nr: number, ns: string, level: number) => {
      out.push(finding(this, 'main', { a: who(a), b: who(b), nr, ns, level }, {
        tasks: [a.task.pid[0], b.task.pid[0]], objects: [ns], path: taskPath(b, 'pid'),
        chain: [
          'A pid number stays allocated in its namespace while any task (even a zombie) uses it (PID-3), and allocation, automatic or by set_tid, never hands out a number in use (PID-2, FORK-9: EEXIST).',
          `${who(a)} ${vec(a.task.pid)} and ${who(b)} ${vec(b.task.pid)} both hold ${nr} at level ${level} ("${ns}").`,
        ],
      }));
    };
    const root = ix.rootPidNs ?? '(root)';
    for (const d of ix.duplicateTids) report(ix.byTid.get(d.task.pid[0])!, d, d.task.pid[0], root, 0);
    for (const c of ix.pidClashes) report(c.first, c.second, c.nr, c.ns, c.level);
    // Numbers of dead session leaders stay reserved while members live (PID-3). Every member
    // descends (by creation) from the leader, so the leader's namespaces at levels 0..len-1 are the
    // member's too; groups lack this property (setpgid joins across levels), so only sessions.
    for (const [sid, members] of ix.sessions) {
      if (ix.byTid.has(sid)) continue; // leader present: its own pid is checked above
      const m = ix.processes.get(members[0])!.rep;
      const v = m.task.sid;
      const chain = ix.namespaces.get(m.task.pidns)?.chain;
      if (!chain || v.length > chain.length || chain.length !== m.task.pid.length) continue;
      for (let k = 1; k < v.length; k++) {
        const holder = ix.pidns.get(chain[k])?.numbers.get(v[k]);
        if (!holder || holder.task.pid[0] === sid) continue;
        out.push(finding(this, 'reserved', { a: who(holder), nr: v[k], ns: chain[k], level: k, sid, b: who(m) }, {
          tasks: [holder.task.pid[0], m.task.pid[0]], objects: [chain[k]], path: taskPath(holder, 'pid'),
          chain: [
            `Session ${sid} is the struct pid ${vec(v)} of its leader; while any task has that session the struct pid and all its numbers stay allocated, even after the leader is reaped (PID-3, observed e6/e17).`,
            `Members inherit a session only by fork from the leader or its descendants, so ${who(m)} lives in the leader's namespace or below and level ${k} of the session is "${chain[k]}".`,
            `So no other task can have been given ${v[k]} there, yet ${who(holder)} ${vec(holder.task.pid)} has it.`,
          ],
        }));
      }
    }
    return out;
  },
};
