import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

export const threadStateImpossible: Rule = {
  code: 'THREAD_STATE_IMPOSSIBLE',
  description: 'A zombie or "dead" state where Linux cannot show it: on a non-leader thread, a "dead" leader without live threads, or a zombie leader with threads.',
  kernelRule: 'EXIT-1, EXIT-4, FORK-2',
  severity: 'error',
  messages: {
    main: 'thread {task} of process {tgid} is "{state}"; only a thread-group leader can be',
    deadAlone: 'leader {task} is "dead" but its process has no other thread; it would be a zombie',
    zombieThreads: 'leader {task} is a zombie but its process still has thread(s) {tids}',
  },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      for (const r of p.threads) {
        if (r === p.leader) continue;
        if (r.task.state === 'zombie' || r.task.state === 'dead') {
          out.push(finding(this, 'main', { task: who(r), tgid: p.tgid, state: r.task.state }, {
            tasks: [r.task.pid[0]], path: taskPath(r, 'state'),
            chain: [
              'A non-leader thread that exits is released at once: its exit signal is -1 and nobody waits for it (FORK-2, EXIT-1).',
              'Only a thread-group leader lingers: as "dead" while other threads live, as a zombie once the whole group has exited (EXIT-1, EXIT-4).',
            ],
          }));
        }
      }
      const l = p.leader;
      if (!l) continue;
      const others = p.threads.filter((r) => r !== l);
      if (l.task.state === 'dead' && others.length === 0) {
        out.push(finding(this, 'deadAlone', { task: who(l) }, {
          tasks: [p.tgid], path: taskPath(l, 'state'),
          chain: ['"dead" is a leader that exited while other threads of its group live on (EXIT-1).', 'When the last thread exits the process becomes a zombie (EXIT-4) or is reaped; with no other thread it is not "dead".'],
        }));
      }
      if (l.task.state === 'zombie' && others.length > 0) {
        out.push(finding(this, 'zombieThreads', { task: who(l), tids: list(others.map((r) => r.task.pid[0])) }, {
          tasks: [p.tgid, ...others.map((r) => r.task.pid[0])], path: taskPath(l, 'state'),
          chain: ['A process is a zombie only after its last thread exited (EXIT-4); exited non-leader threads are released at once (EXIT-1).', `So a zombie has no other thread, yet ${list(others.map((r) => r.task.pid[0]))} are listed.`],
        }));
      }
    }
    return out;
  },
};
