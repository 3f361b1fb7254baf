import type { Finding } from '../finding.js';
import { isSameOrDescendant, nsproxyPath, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const pidForChildrenNotBelow: Rule = {
  code: 'PID_FOR_CHILDREN_NOT_BELOW',
  description: 'A task\'s pid_for_children is neither its own pid namespace nor a descendant of it.',
  kernelRule: 'UNSH-5, SETNS-5',
  severity: 'error',
  messages: { main: '{task} has pid_for_children "{pfc}", which is not its pid namespace "{pidns}" or below it' },
  check(ix) {
    const out: Finding[] = [];
    for (const r of ix.refs) {
      const task = r.task;
      if (task.nsproxy === null) continue;
      const np = ix.nsproxies.get(task.nsproxy);
      if (!np) continue;
      const pfc = np.np.pidForChildren;
      if (!ix.pidns.has(pfc) || !ix.pidns.has(task.pidns)) continue;
      if (isSameOrDescendant(ix, pfc, task.pidns) !== false) continue;
      out.push(finding(this, 'main', { task: who(r), pfc, pidns: task.pidns }, {
        tasks: [task.pid[0]], objects: [np.np.id, pfc, task.pidns], path: nsproxyPath(np, 'pidForChildren'),
        chain: [
          'pid_for_children starts as the task\'s own pid namespace (FORK-7).',
          'unshare(CLONE_NEWPID) sets it to a new child namespace (UNSH-5); setns() only accepts the task\'s own pid namespace or a descendant (SETNS-5, EINVAL otherwise).',
          `"${pfc}" is not "${task.pidns}" or a descendant of it (seen through ${taskPath(r, 'nsproxy')}).`,
        ],
      }));
    }
    return out;
  },
};
