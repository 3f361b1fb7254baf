import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

/**
 * Group 0 (no number in the image's level-0 pid ns: the kernel's boot group init_struct_pid, or a
 * group led from an ancestor pid ns) lies in session 0 only. O(processes).
 */
export const groupZeroOtherSession: Rule = {
  code: 'GROUP_ZERO_OTHER_SESSION',
  description: 'A process in group 0 (no number in the level-0 pid namespace) is in a session that has one.',
  kernelRule: 'PGID-2, PGID-3, SID-2, FORK-6, SETNS-5',
  severity: 'error',
  messages: { main: '{task} is in group 0 (no number in the level-0 pid namespace) but in session {sid}, which has one' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.pgid[0] !== 0 || t.sid[0] === 0) continue;
      out.push(finding(this, 'main', { task: who(p.rep), sid: t.sid[0] }, {
        tasks: [p.tgid], path: taskPath(p.rep, 'sid'),
        chain: [
          'Group 0 has no number in the level-0 pid namespace: it is the kernel\'s boot group (init_struct_pid), or its leader lives in an ancestor pid namespace.',
          `Session ${t.sid[0]} has a number there, so its creator (setsid, SID-2) lives in the level-0 pid namespace or below, and so does every process forked inside the session: children are born in the creator's pid namespace or below (FORK-6, SETNS-5).`,
          'A group is created in its creator\'s session (PGID-3, SID-2) and joined only from the same session (PGID-2), so group 0 lies in the session of a process above the level-0 pid namespace, or in the boot session: session 0.',
          `So ${who(p.rep)} cannot be in group 0 and in session ${t.sid[0]}.`,
        ],
      }));
    }
    return out;
  },
};
