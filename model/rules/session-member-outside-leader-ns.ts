import type { Finding } from '../finding.js';
import { isSameOrDescendant, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, vec, who } from './rule.js';

/**
 * A session is never joined: a task gets it by fork from the leader (or a descendant that has
 * it) or creates it with setsid (SID-2, FORK-6); children are born in their creator's pid ns or
 * below (FORK-7). So every member lives at the leader's level or deeper, and the sid vector
 * (leader's level + 1 entries) is never longer than a member's pid vector. Groups differ:
 * setpgid can join a group whose leader is deeper (PGID-2), so this holds for sessions only.
 */
export const sessionMemberOutsideLeaderNs: Rule = {
  code: 'SESSION_MEMBER_OUTSIDE_LEADER_NS',
  description: 'A member of a session lives outside the pid namespace subtree of the session\'s leader: above it (sid vector longer than the member\'s pid vector) or beside it.',
  kernelRule: 'SID-2, FORK-6, FORK-7, PID-1',
  severity: 'error',
  messages: {
    main: '{task} (level {level}) is in session {sid}, whose leader is at level {slevel}, deeper than the member',
    beside: '{task} in pid namespace "{ns}" is in session {sid}, whose leader lives in "{lns}", not an ancestor of "{ns}"',
  },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      // the member's level: from its namespace when known (NSPID_DEPTH judges the pid vector)
      const level = ix.namespaces.get(t.pidns)?.depth ?? t.pid.length - 1;
      if (t.sid.length <= level + 1) {
        const leader = ix.processes.get(t.sid[0]);
        if (!leader || leader === p || isSameOrDescendant(ix, t.pidns, leader.rep.task.pidns) !== false) continue;
        const lns = leader.rep.task.pidns;
        out.push(finding(this, 'beside', { task: who(p.rep), ns: t.pidns, sid: vec(t.sid), lns }, {
          tasks: [p.tgid, leader.tgid], objects: [t.pidns, lns], path: taskPath(p.rep, 'sid'),
          chain: [
            'A session can only be created by its leader (setsid) and never joined; every other member got it by fork from a task that had it (SID-2, FORK-6).',
            'A child is born in its creator\'s pid namespace or below (FORK-7), so members live in the leader\'s namespace or a descendant of it.',
            `"${t.pidns}" is not "${lns}" or below it.`,
          ],
        }));
        continue;
      }
      out.push(finding(this, 'main', { task: who(p.rep), level, sid: vec(t.sid), slevel: t.sid.length - 1 }, {
        tasks: [p.tgid, t.sid[0]], path: taskPath(p.rep, 'sid'),
        chain: [
          'A session can only be created by its leader (setsid) and never joined; every other member got it by fork from a task that had it (SID-2, FORK-6).',
          'A child is born in its creator\'s pid namespace or below (FORK-7), so members live at the leader\'s level or deeper.',
          `The session ${vec(t.sid)} has ${t.sid.length} numbers (leader at level ${t.sid.length - 1}) but ${who(p.rep)} ${vec(t.pid)} is at level ${level}.`,
        ],
      }));
    }
    return out;
  },
};
