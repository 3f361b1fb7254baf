import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

export const threadLeaderMissing: Rule = {
  code: 'THREAD_LEADER_MISSING',
  description: 'Threads whose thread-group leader (tid = tgid) is not in the image (a leader that exited before its threads stays, with state "dead").',
  kernelRule: 'EXIT-1',
  severity: 'error',
  messages: { main: 'process {tgid} has thread(s) {tids} but no leader task {tgid}' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      if (p.leader) continue;
      const tids = p.threads.map((r) => r.task.pid[0]);
      out.push(finding(this, 'main', { tgid: p.tgid, tids: list(tids) }, {
        tasks: tids, path: taskPath(p.threads[0], 'tgid'),
        chain: [
          'Threads are created inside an existing process; the group is named after its leader\'s tid (tgid).',
          'A leader that exits while other threads live on stays as a task until the group is empty (EXIT-1); record it with state "dead".',
          `No task has tid ${p.tgid}.`,
        ],
      }));
    }
    return out;
  },
};
