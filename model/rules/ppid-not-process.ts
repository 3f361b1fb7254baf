import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const ppidNotProcess: Rule = {
  code: 'PPID_NOT_PROCESS',
  description: 'A ppid names a thread that is not a thread-group leader; ppid is the parent\'s tgid.',
  kernelRule: 'EXIT-2, §0',
  severity: 'error',
  messages: { main: '{task} has ppid {ppid}, which is a thread of process {tgid}, not a process' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      const par = t.ppid === 0 ? undefined : ix.byTid.get(t.ppid);
      if (!par || par.task.tgid === t.ppid) continue;
      out.push(finding(this, 'main', { task: who(p.rep), ppid: t.ppid, tgid: par.task.tgid }, {
        tasks: [t.pid[0], t.ppid], path: taskPath(p.rep, 'ppid'),
        chain: [
          'The parent link points to the creating thread, but getppid() and /proc report that thread\'s tgid (§0), and the image records the tgid.',
          `${t.ppid} is a thread of process ${par.task.tgid}; the ppid would read ${par.task.tgid}.`,
        ],
      }));
    }
    return out;
  },
};
