import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, vec, who } from './rule.js';

export const nspidDepth: Rule = {
  code: 'NSPID_DEPTH',
  description: 'A task\'s pid vector does not have one number per level from the root to its pid namespace.',
  kernelRule: 'PID-1',
  severity: 'error',
  messages: { main: '{task} has {n} pid numbers {pid} but its pid namespace "{ns}" is at level {level} (needs {need})' },
  check(ix) {
    const out: Finding[] = [];
    for (const r of ix.refs) {
      const task = r.task;
      const depth = ix.namespaces.get(task.pidns)?.depth;
      if (depth === undefined || task.pid.length === depth + 1) continue;
      out.push(finding(this, 'main', { task: who(r), n: task.pid.length, pid: vec(task.pid), ns: task.pidns, level: depth, need: depth + 1 }, {
        tasks: [task.pid[0]], objects: [task.pidns], path: taskPath(r, 'pid'),
        chain: [
          'A task gets a number in its birth pid namespace and in every ancestor up to the root (PID-1), and its pid namespace never changes.',
          `So a task of "${task.pidns}" (level ${depth}) has exactly ${depth + 1} numbers, outermost first (NSpid).`,
        ],
      }));
    }
    return out;
  },
};
