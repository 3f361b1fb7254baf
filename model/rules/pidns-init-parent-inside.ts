import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const initParentInside: Rule = {
  code: 'PIDNS_INIT_PARENT_INSIDE',
  description: 'The init (pid 1) of a pid namespace has a parent inside that same namespace.',
  kernelRule: 'PID-1, PID-8',
  severity: 'error',
  messages: { main: '{init} is pid 1 of "{ns}" but its parent {parent} is inside "{ns}" too' },
  check(ix) {
    const out: Finding[] = [];
    for (const info of ix.pidns.values()) {
      for (const init of info.inits) {
        const t = init.task;
        if (t.pid[0] !== t.tgid || t.ppid === 0) continue;
        const par = ix.processes.get(t.ppid);
        if (!par || par.rep.task.pidns !== info.ns.id) continue;
        out.push(finding(this, 'main', { init: who(init), ns: info.ns.id, parent: who(par.rep) }, {
          tasks: [t.pid[0], par.tgid], objects: [info.ns.id], path: taskPath(init, 'ppid'),
          chain: [
            'The task that gets pid 1 of a namespace is its first task, created from outside it (clone(CLONE_NEWPID), or a fork after unshare/setns; PID-1, PID-8).',
            'If that parent exits, init is reparented to a reaper of the parent\'s namespace, again outside (EXIT-2).',
            `So init\'s parent cannot live in "${info.ns.id}" itself.`,
          ],
        }));
      }
    }
    return out;
  },
};
