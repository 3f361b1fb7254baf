import type { Finding } from '../finding.js';
import { taskPath, type ProcessInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, vec, who } from './rule.js';

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

export const groupSpansSessions: Rule = {
  code: 'GROUP_SPANS_SESSIONS',
  description: 'The members of one process group are in different sessions.',
  kernelRule: 'PGID-2, FORK-6, SID-2',
  severity: 'error',
  messages: { main: 'group {pgid} has members in sessions {sids}' },
  check(ix) {
    const out: Finding[] = [];
    for (const [pgid, members] of ix.groups) {
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

/** Group and session vectors are the numbers of one struct pid: the same for every member, and the leader's pid vector when the leader is in the image. */
export const idVectorMismatch: Rule = {
  code: 'ID_VECTOR_MISMATCH',
  description: 'Members of one group or session give different pgid/sid vectors, a vector differs from its leader\'s pid vector, or it names a thread.',
  kernelRule: 'PID-1, PID-3, PGID-2',
  severity: 'error',
  messages: {
    main: '{task} has {kind} {got} but {ref} has {want}',
    thread: '{kind} {id} is the tid of a thread of process {tgid}; groups and sessions are named by process ids',
  },
  check(ix) {
    const out: Finding[] = [];
    for (const [kind, map] of [['pgid', ix.groups], ['sid', ix.sessions]] as const) {
      for (const [id, members] of map) {
        const first = ix.processes.get(members[0])!;
        const leaderTask = ix.byTid.get(id);
        if (leaderTask && leaderTask.task.tgid !== id) {
          out.push(finding(this, 'thread', { kind, id, tgid: leaderTask.task.tgid }, {
            tasks: [id, ...members], path: taskPath(first.rep, kind),
            chain: [
              `A ${kind === 'pgid' ? 'group' : 'session'} is created by a process with its own pid (setpgid/setsid act on the thread-group leader; PGID-2 step 2, SID-1) and keeps that struct pid reserved (PID-3).`,
              `${id} is a non-leader thread of process ${leaderTask.task.tgid}, so no ${kind === 'pgid' ? 'group' : 'session'} can carry that number.`,
            ],
          }));
          continue;
        }
        const refVec = leaderTask ? leaderTask.task.pid : first.rep.task[kind];
        const refName = leaderTask ? `its leader ${who(leaderTask)} (pid)` : `${who(first.rep)}`;
        for (const m of members) {
          const p = ix.processes.get(m)!;
          const got = p.rep.task[kind];
          if (got.length === refVec.length && got.every((x, i) => x === refVec[i])) continue;
          out.push(finding(this, 'main', { task: who(p.rep), kind, got: vec(got), ref: refName, want: vec(refVec) }, {
            tasks: [m, leaderTask ? id : first.tgid], path: taskPath(p.rep, kind),
            chain: [
              `A ${kind === 'pgid' ? 'process group' : 'session'} is one struct pid, that of its leader, with one number per level from the root to the leader's pid namespace (PID-1, PID-3).`,
              `So every member carries the same vector${leaderTask ? ', equal to the leader\'s pid vector' : ''}; ${vec(got)} differs from ${vec(refVec)}.`,
            ],
          }));
        }
      }
    }
    return out;
  },
};
