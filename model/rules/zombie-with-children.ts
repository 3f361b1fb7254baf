import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

export const zombieWithChildren: Rule = {
  code: 'ZOMBIE_WITH_CHILDREN',
  description: 'A zombie process still has children (live or zombie); they would have been reparented when it exited.',
  kernelRule: 'EXIT-2, EXIT-4',
  severity: 'error',
  messages: { main: 'zombie {task} still has {live} live and {dead} zombie child(ren): {children}' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      if (p.rep.task.state !== 'zombie' || p.children.length === 0) continue;
      const live = p.children.filter((c) => ix.processes.get(c)!.rep.task.state !== 'zombie').length;
      out.push(finding(this, 'main', { task: who(p.rep), live, dead: p.children.length - live, children: list(p.children) }, {
        tasks: [p.tgid, ...p.children], path: taskPath(p.rep, 'state'),
        chain: [
          'A process becomes a zombie when its last thread exits (EXIT-4).',
          'At that exit every child, live or zombie, is handed to a new parent: a live thread of the group (there is none left), else the nearest subreaper, else the pid namespace\'s init (EXIT-2).',
          `So no task can still name zombie ${p.tgid} as its parent; ${list(p.children)} do.`,
        ],
      }));
    }
    return out;
  },
};
