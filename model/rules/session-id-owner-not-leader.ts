import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

export const sessionIdOwnerNotLeader: Rule = {
  code: 'SESSION_ID_OWNER_NOT_LEADER',
  description: 'A process whose pid is the id of a session with members is not that session\'s leader.',
  kernelRule: 'SID-1, SID-2, SID-3, PID-3',
  severity: 'error',
  messages: { main: 'session {sid} exists (members {members}) but process {sid} is in session {its}' },
  check(ix) {
    const out: Finding[] = [];
    for (const [sid, members] of ix.sessions) {
      const owner = ix.processes.get(sid);
      if (!owner || owner.rep.task.sid[0] === sid) continue;
      out.push(finding(this, 'main', { sid, members: list(members), its: owner.rep.task.sid[0] }, {
        tasks: [sid, ...members], path: taskPath(owner.rep, 'sid'),
        chain: [
          `Session ${sid} can only have been created by setsid() of the process whose pid is ${sid} (SID-2), and the number stays reserved for that struct pid while the session has members (PID-3), so process ${sid} is that creator.`,
          'A session leader cannot leave its session: setsid() again fails with EPERM (SID-1), and sessions are never joined.',
          `So process ${sid} must still be in session ${sid}, yet it is in session ${owner.rep.task.sid[0]}.`,
        ],
      }));
    }
    return out;
  },
};
