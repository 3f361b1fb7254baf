import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

type ThreadField = 'ppid' | 'pgid' | 'sid' | 'pidns' | 'userns' | 'subreaper' | 'sighand' | 'mm' | 'state';

const WHY: Record<ThreadField, string> = {
  ppid: 'the parent is per process: a thread takes its creator\'s parent (FORK-2) and reparenting moves the whole group',
  pgid: 'the process group is per process (signal_struct) (FORK-2, §0)',
  sid: 'the session is per process (signal_struct) (FORK-2, §0)',
  pidns: 'CLONE_THREAD requires pid_for_children to be the creator\'s own pid ns, so threads are born in their group\'s pid namespace (FORK-2)',
  userns: 'threads inherit their creator\'s credentials and a multithreaded process cannot unshare or setns a user namespace (UNSH-2, SETNS-4)',
  subreaper: 'the child-subreaper flag is per process (EXIT-3)',
  sighand: 'CLONE_THREAD requires CLONE_SIGHAND (FORK-2): threads share signal handlers',
  mm: 'CLONE_THREAD implies CLONE_VM (FORK-2): threads share one address space',
  state: 'a stop signal stops the whole thread group (group stop, signal(7)): live threads of a process are all stopped or all running',
};
const LIVE = new Set(['running', 'stopped']);

export const threadsDisagree: Rule = {
  code: 'THREADS_DISAGREE',
  description: 'Threads of one process disagree on parent, group, session, pid or user namespace, subreaper flag, signal handlers, address space, or (live ones) on being stopped.',
  kernelRule: 'FORK-2, UNSH-2, SETNS-4, EXIT-3',
  severity: 'error',
  messages: { main: '{thread} disagrees with its thread-group leader {leader} on {fields}' },
  check(ix) {
    const out: Finding[] = [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (const p of ix.processes.values()) {
      if (p.threads.length < 2) continue;
      const ref = p.rep.task;
      for (const r of p.threads) {
        if (r === p.rep) continue;
        const t = r.task;
        const bad: ThreadField[] = [];
        for (const f of ['ppid', 'pgid', 'sid', 'pidns'] as const) if (!same(t[f], ref[f])) bad.push(f);
        // null = unknown: it neither agrees nor disagrees
        for (const f of ['userns', 'subreaper', 'sighand', 'mm'] as const) {
          if (t[f] !== null && ref[f] !== null && t[f] !== ref[f]) bad.push(f);
        }
        // dead leaders and zombies are judged by THREAD_STATE_IMPOSSIBLE; only live pairs here
        if (LIVE.has(t.state) && LIVE.has(ref.state) && t.state !== ref.state) bad.push('state');
        if (!bad.length) continue;
        out.push(finding(this, 'main', { thread: who(r), leader: who(p.rep), fields: bad.join(', ') }, {
          tasks: [t.pid[0], ref.pid[0]], path: taskPath(r, bad[0]),
          chain: [
            ...bad.map((f) => `${f}: ${WHY[f]}.`),
            `${who(r)} has ${bad.map((f) => `${f} ${JSON.stringify(t[f])}`).join(', ')}; ${who(p.rep)} has ${bad.map((f) => `${JSON.stringify(ref[f])}`).join(', ')}.`,
          ],
        }));
      }
    }
    return out;
  },
};
