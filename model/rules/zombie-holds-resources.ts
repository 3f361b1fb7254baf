import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const zombieHoldsResources: Rule = {
  code: 'ZOMBIE_HOLDS_RESOURCES',
  description: 'A zombie still names an nsproxy, fd table, fs, signal handlers or address space; Linux released them at exit (warning: the restore ignores them).',
  kernelRule: 'EXIT-4',
  severity: 'warning',
  messages: { main: 'zombie {task} still names {fields}; a zombie has released them and they will be ignored' },
  check(ix) {
    const out: Finding[] = [];
    for (const r of ix.refs) {
      const task = r.task;
      if (task.state !== 'zombie') continue;
      const fields = (['nsproxy', 'files', 'fs', 'mm'] as const).filter((f) => task[f] !== null);
      if (!fields.length) continue;
      out.push(finding(this, 'main', { task: who(r), fields: fields.join(', ') }, {
        tasks: [task.pid[0]], path: taskPath(r, fields[0]),
        chain: ['At exit a task drops its namespaces (only /proc/PID/ns/pid and user still resolve), files, fs and address space (EXIT-4).', 'A restore recreates the zombie by letting a task exit, so these values cannot be honoured.'],
      }));
    }
    return out;
  },
};
