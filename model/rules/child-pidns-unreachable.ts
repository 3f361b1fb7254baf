import type { Finding } from '../finding.js';
import { isSameOrDescendant, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

/**
 * The child's pid ns is the creator's pid_for_children at clone time: the creator's own ns or a
 * descendant (unshare makes a child ns, setns only goes down). Reparenting keeps this: the new
 * parent is a sibling thread, a subreaper in the exiting parent's ns, or that ns's init (EXIT-2),
 * all in the exiting parent's ns, which is at or above the child's.
 */
export const childPidnsUnreachable: Rule = {
  code: 'CHILD_PIDNS_UNREACHABLE',
  description: 'A child lives in a pid namespace that is neither its parent\'s nor a descendant of it.',
  kernelRule: 'PID-1, FORK-7, UNSH-5, SETNS-5, EXIT-2',
  severity: 'error',
  messages: { main: '{child} is in pid namespace "{cns}", which is not its parent {parent}\'s namespace "{pns}" or below it' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.ppid === 0) continue;
      const par = ix.processes.get(t.ppid);
      if (!par) continue;
      const pns = par.rep.task.pidns;
      if (isSameOrDescendant(ix, t.pidns, pns) !== false) continue;
      out.push(finding(this, 'main', { child: who(p.rep), cns: t.pidns, parent: who(par.rep), pns }, {
        tasks: [t.pid[0], par.tgid], objects: [t.pidns, pns], path: taskPath(p.rep, 'pidns'),
        chain: [
          'A child is born in its creator\'s pid_for_children: the creator\'s own pid namespace or, after unshare(CLONE_NEWPID) or setns(), a descendant of it (FORK-7, UNSH-5, SETNS-5).',
          'A task never changes pid namespace, and when its parent exits the new parent (a sibling thread, a subreaper of the same namespace, or that namespace\'s init) lives in the exiting parent\'s namespace (EXIT-2).',
          `So a child\'s namespace is its parent\'s or below it; "${t.pidns}" is not "${pns}" or a descendant of it.`,
        ],
      }));
    }
    return out;
  },
};
