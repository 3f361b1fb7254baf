import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

export const sessionLeaderWrongGroup: Rule = {
  code: 'SESSION_LEADER_WRONG_GROUP',
  description: 'A session leader (sid = its own pid) is not in its own process group.',
  kernelRule: 'SID-2, PGID-2',
  severity: 'error',
  messages: { main: '{task} leads session {sid} but is in group {pgid}, not its own group {sid}' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.sid[0] !== p.tgid || t.pgid[0] === p.tgid) continue;
      out.push(finding(this, 'main', { task: who(p.rep), sid: t.sid[0], pgid: t.pgid[0] }, {
        tasks: [p.tgid], path: taskPath(p.rep, 'pgid'),
        chain: [
          'setsid() makes the caller leader of a new session and of a new group, both numbered with its pid (SID-2).',
          'Afterwards setpgid() on a session leader fails with EPERM (PGID-2 step 4), even on a zombie, and nobody else can create group of that number in another way.',
          `So ${who(p.rep)} must still be in group ${p.tgid}, yet its pgid is ${t.pgid[0]}.`,
        ],
      }));
    }
    return out;
  },
};
