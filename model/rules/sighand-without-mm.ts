import type { Finding } from '../finding.js';
import { taskPath, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, groupBy, list, who } from './rule.js';

export const sighandWithoutMm: Rule = {
  code: 'SIGHAND_WITHOUT_MM',
  description: 'Tasks share signal handlers (CLONE_SIGHAND) but not the address space.',
  kernelRule: 'FORK-0, FORK-2',
  severity: 'error',
  messages: { main: '{a} and {b} share sighand "{sighand}" but have different mm ("{x}" and "{y}")' },
  check(ix) {
    const out: Finding[] = [];
    for (const [sighand, users] of groupBy(ix, 'sighand')) {
      const withMm = users.filter((r) => r.task.mm !== null);
      const a = withMm[0];
      const b = withMm.find((r) => r.task.mm !== a.task.mm);
      if (!a || !b) continue;
      out.push(finding(this, 'main', { a: who(a), b: who(b), sighand, x: a.task.mm!, y: b.task.mm! }, {
        tasks: [a.task.pid[0], b.task.pid[0]], objects: [sighand], path: taskPath(b, 'mm'),
        chain: [
          'clone() refuses CLONE_SIGHAND without CLONE_VM (EINVAL, FORK-0 step 3), so handlers are only shared along with the address space.',
          'execve() gives a process a new address space and, if its handlers were shared, its own copy of them first.',
          `So tasks sharing sighand "${sighand}" share one mm; ${list([a, b].map((r) => r.task.pid[0]))} do not.`,
        ],
      }));
    }
    return out;
  },
};
