import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const ppidDangling: Rule = {
  code: 'PPID_DANGLING',
  description: 'A process names a parent (ppid) that is not in the image (use ppid 0 for a parent outside the image).',
  kernelRule: 'EXIT-2',
  severity: 'error',
  messages: { main: '{task} has ppid {ppid}, which is not a task of the image' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.ppid === 0 || ix.byTid.has(t.ppid)) continue;
      out.push(finding(this, 'main', { task: who(p.rep), ppid: t.ppid }, {
        tasks: [t.pid[0]], path: taskPath(p.rep, 'ppid'),
        chain: [
          'Every process has a live parent: when a parent exits its children are reparented (EXIT-2), so the parent of a process in the image is either in the image or outside it (ppid 0, the restorer).',
          `No task of the image has level-0 pid ${t.ppid}.`,
        ],
      }));
    }
    return out;
  },
};
