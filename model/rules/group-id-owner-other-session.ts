import type { Finding } from '../finding.js';
import { taskPath, type ProcessInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

export const groupIdOwnerOtherSession: Rule = {
  code: 'GROUP_ID_OWNER_OTHER_SESSION',
  description: 'A process whose pid is the id of a process group is in another session than that group: it could not have left while the group existed.',
  kernelRule: 'SID-1, PGID-2, PGID-3, PID-3',
  severity: 'error',
  messages: { main: 'process {pgid} is in session {its} but its group {pgid} (members {members}) is in session {sid}' },
  check(ix) {
    const out: Finding[] = [];
    for (const [pgid, members] of ix.groups) {
      const owner = ix.processes.get(pgid);
      if (!owner || owner.rep.task.pgid[0] === pgid) continue; // owner in its own group: GROUP_SPANS_SESSIONS judges
      const its = owner.rep.task.sid[0];
      const other = members.map((m) => ix.processes.get(m)!).find((m: ProcessInfo) => m.rep.task.sid[0] !== its);
      if (!other) continue;
      const sid = other.rep.task.sid[0];
      out.push(finding(this, 'main', { pgid, its, sid, members: list(members) }, {
        tasks: [pgid, ...members], path: taskPath(owner.rep, 'sid'),
        chain: [
          `Group ${pgid} can only have been created by process ${pgid} itself (setpgid with pgid = own pid, or setsid; PGID-3, SID-2), in the session it was in then; the number stays reserved for that struct pid while the group has members (PID-3).`,
          `Members join only from the same session (PGID-2 step 5) or by fork (FORK-6), so group ${pgid} lives in that session.`,
          `Process ${pgid} has since moved to another group; to change session it would have to call setsid(), which fails with EPERM while any task has pgid ${pgid} (SID-1), and ${list(members, 4)} still ${members.length === 1 ? "has" : "have"} it.`,
          `So process ${pgid} must be in session ${sid}, like its group, yet it is in session ${its}.`,
        ],
      }));
    }
    return out;
  },
};
