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
  messages: { main: '{a} and {b} both have pid {nr} in pid namespace "{ns}" (level {level})' },
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
    const seen = new Map<string, TaskRef>();
    ix.image.tasks.forEach((task, idx) => {
      const chain = ix.namespaces.get(task.pidns)?.chain;
      if (!chain || chain.length !== task.pid.length) return;
      for (let k = 1; k < chain.length; k++) {
        const key = `${chain[k]}\u0000${task.pid[k]}`;
        const prev = seen.get(key);
        if (prev) report(prev, { task, idx }, task.pid[k], chain[k], k);
        else seen.set(key, { task, idx });
      }
    });
    return out;
  },
};

export const nspidDepth: Rule = {
  code: 'NSPID_DEPTH',
  description: 'A task\'s pid vector does not have one number per level from the root to its pid namespace.',
  kernelRule: 'PID-1',
  severity: 'error',
  messages: { main: '{task} has {n} pid numbers {pid} but its pid namespace "{ns}" is at level {level} (needs {need})' },
  check(ix) {
    const out: Finding[] = [];
    ix.image.tasks.forEach((task, idx) => {
      const depth = ix.namespaces.get(task.pidns)?.depth;
      if (depth === undefined || task.pid.length === depth + 1) return;
      const r = { task, idx };
      out.push(finding(this, 'main', { task: who(r), n: task.pid.length, pid: vec(task.pid), ns: task.pidns, level: depth, need: depth + 1 }, {
        tasks: [task.pid[0]], objects: [task.pidns], path: taskPath(r, 'pid'),
        chain: [
          'A task gets a number in its birth pid namespace and in every ancestor up to the root (PID-1), and its pid namespace never changes.',
          `So a task of "${task.pidns}" (level ${depth}) has exactly ${depth + 1} numbers, outermost first (NSpid).`,
        ],
      }));
    });
    return out;
  },
};
