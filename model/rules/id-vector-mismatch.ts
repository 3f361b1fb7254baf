import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, vec, who } from './rule.js';

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
