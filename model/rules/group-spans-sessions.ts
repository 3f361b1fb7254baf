import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

export const groupSpansSessions: Rule = {
  code: 'GROUP_SPANS_SESSIONS',
  description: 'The members of one process group are in different sessions.',
  kernelRule: 'PGID-2, FORK-6, SID-2',
  severity: 'error',
  messages: { main: 'group {pgid} has members in sessions {sids}' },
  check(ix) {
    const out: Finding[] = [];
    for (const [pgid, members] of ix.groups) {
      const s0 = ix.processes.get(members[0])!.rep.task.sid[0];
      if (members.every((m) => ix.processes.get(m)!.rep.task.sid[0] === s0)) continue; // the usual case, no allocation
      const bySid = new Map<number, number[]>();
      for (const m of members) {
        const s = ix.processes.get(m)!.rep.task.sid[0];
        const l = bySid.get(s);
        if (l) l.push(m);
        else bySid.set(s, [m]);
      }
      if (bySid.size < 2) continue;
      const odd = ix.processes.get([...bySid.values()][1][0])!;
      out.push(finding(this, 'main', { pgid, sids: list([...bySid.keys()]) }, {
        tasks: members, path: taskPath(odd.rep, 'sid'),
        chain: [
          'A process enters a group by inheriting it at fork (FORK-6), which also gives it the same session, or by setpgid(), which fails with EPERM unless the group exists in the caller\'s own session (PGID-2 step 5).',
          'Leaving the session with setsid() also leaves the group (SID-2).',
          `So all members of group ${pgid} share one session; here ${[...bySid].map(([s, ms]) => `${list(ms, 4)} in session ${s}`).join('; ')}.`,
        ],
      }));
    }
    return out;
  },
};
