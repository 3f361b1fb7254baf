import type { Finding } from '../finding.js';
import { nsPath, taskPath, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

/**
 * A pid ns with tasks (in it or below it) needs its init: the first task of the ns is pid 1
 * (PID-8); when init dies the ns is closed, every task with a number in it is killed, and init
 * only becomes a zombie after all of them are released (PID-7, EXIT-8). So members with a missing
 * init, or with a zombie init, cannot exist. External namespaces (the host's) are not judged.
 * O(namespaces x depth).
 */
export const pidnsNoInit: Rule = {
  code: 'PIDNS_NO_INIT',
  description: 'A pid namespace has tasks (in it or in a descendant) but no live init (pid 1 process).',
  kernelRule: 'PID-7, PID-8, EXIT-8',
  severity: 'error',
  messages: {
    main: 'pid namespace "{ns}" has {n} task(s) ({tasks}) but no init (no process with pid 1 there)',
    zombie: 'pid namespace "{ns}" has a zombie init {init} but still has {n} other task(s) ({tasks})',
  },
  check(ix) {
    const out: Finding[] = [];
    // tasks with a number in each ns = members of it and of its descendants
    const holders = new Map<string, TaskRef[]>();
    for (const info of ix.pidns.values()) {
      if (!info.chain || info.members.length === 0) continue;
      for (const anc of info.chain) {
        let l = holders.get(anc);
        if (!l) holders.set(anc, (l = []));
        for (const m of info.members) if (l.length < 64) l.push(m);
      }
    }
    const counts = new Map<string, number>();
    for (const info of ix.pidns.values()) if (info.chain) for (const anc of info.chain) counts.set(anc, (counts.get(anc) ?? 0) + info.members.length);
    for (const info of ix.pidns.values()) {
      if (info.ns.external) continue;
      const held = holders.get(info.ns.id);
      if (!held) continue;
      const n = counts.get(info.ns.id) ?? 0;
      const init = info.inits.find((r) => r.task.pid[0] === r.task.tgid);
      if (!init) {
        const threadOne = info.inits[0];
        out.push(finding(this, 'main', { ns: info.ns.id, n, tasks: list(held.map((r) => r.task.pid[0])) }, {
          tasks: held.map((r) => r.task.pid[0]), objects: [info.ns.id], path: nsPath(info),
          chain: [
            'The first task created in a pid namespace gets pid 1 and becomes its init (PID-1, PID-8).',
            'When init exits, the namespace is closed for new tasks (PID-7), every task with a number in it is killed, and init waits until all of them are gone (EXIT-8).',
            ...(threadOne ? [`${who(threadOne)} has pid 1 there but is a thread, not a process; the first task of a namespace cannot be a thread since CLONE_THREAD requires pid_for_children to be the creator's own namespace (FORK-2).`] : []),
            `So "${info.ns.id}" cannot have tasks without its init; mark it "external": true if its init is outside the image.`,
          ],
        }));
      } else if (init.task.state === 'zombie' && n > 1) {
        const others = held.filter((r) => r !== init);
        out.push(finding(this, 'zombie', { ns: info.ns.id, init: who(init), n: n - 1, tasks: list(others.map((r) => r.task.pid[0])) }, {
          tasks: [init.task.pid[0], ...others.map((r) => r.task.pid[0])], objects: [info.ns.id], path: taskPath(init, 'state'),
          chain: [
            `When the last thread of ${who(init)}, init of "${info.ns.id}", exited, every task with a number in the namespace was sent SIGKILL (EXIT-8).`,
            'init becomes a zombie only after all of them have been released (EXIT-8), so a zombie init has no other task left in its namespace or below.',
          ],
        }));
      }
    }
    return out;
  },
};

export const zombieWithChildren: Rule = {
  code: 'ZOMBIE_WITH_CHILDREN',
  description: 'A zombie process still has children (live or zombie); they would have been reparented when it exited.',
  kernelRule: 'EXIT-2, EXIT-4',
  severity: 'error',
  messages: { main: 'zombie {task} still has {live} live and {dead} zombie child(ren): {children}' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      if (p.rep.task.state !== 'zombie' || p.children.length === 0) continue;
      const live = p.children.filter((c) => ix.processes.get(c)!.rep.task.state !== 'zombie').length;
      out.push(finding(this, 'main', { task: who(p.rep), live, dead: p.children.length - live, children: list(p.children) }, {
        tasks: [p.tgid, ...p.children], path: taskPath(p.rep, 'state'),
        chain: [
          'A process becomes a zombie when its last thread exits (EXIT-4).',
          'At that exit every child, live or zombie, is handed to a new parent: a live thread of the group (there is none left), else the nearest subreaper, else the pid namespace\'s init (EXIT-2).',
          `So no task can still name zombie ${p.tgid} as its parent; ${list(p.children)} do.`,
        ],
      }));
    }
    return out;
  },
};

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

type ThreadField = 'ppid' | 'pgid' | 'sid' | 'pidns' | 'userns' | 'subreaper' | 'sighand' | 'mm';
const WHY: Record<ThreadField, string> = {
  ppid: 'the parent is per process: a thread takes its creator\'s parent (FORK-2) and reparenting moves the whole group',
  pgid: 'the process group is per process (signal_struct) (FORK-2, §0)',
  sid: 'the session is per process (signal_struct) (FORK-2, §0)',
  pidns: 'CLONE_THREAD requires pid_for_children to be the creator\'s own pid ns, so threads are born in their group\'s pid namespace (FORK-2)',
  userns: 'threads inherit their creator\'s credentials and a multithreaded process cannot unshare or setns a user namespace (UNSH-2, SETNS-4)',
  subreaper: 'the child-subreaper flag is per process (EXIT-3)',
  sighand: 'CLONE_THREAD requires CLONE_SIGHAND (FORK-2): threads share signal handlers',
  mm: 'CLONE_THREAD implies CLONE_VM (FORK-2): threads share one address space',
};

export const threadsDisagree: Rule = {
  code: 'THREADS_DISAGREE',
  description: 'Threads of one process disagree on parent, group, session, pid or user namespace, subreaper flag, signal handlers or address space.',
  kernelRule: 'FORK-2, UNSH-2, SETNS-4, EXIT-3',
  severity: 'error',
  messages: { main: 'thread {thread} disagrees with {leader} on {fields}' },
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
        for (const f of ['ppid', 'pgid', 'sid', 'pidns', 'userns'] as const) if (!same(t[f], ref[f])) bad.push(f);
        for (const f of ['subreaper', 'sighand', 'mm'] as const) {
          if (t[f] !== null && ref[f] !== null && t[f] !== ref[f]) bad.push(f);
        }
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

export const threadStateImpossible: Rule = {
  code: 'THREAD_STATE_IMPOSSIBLE',
  description: 'A zombie or "dead" state where Linux cannot show it: on a non-leader thread, a "dead" leader without live threads, or a zombie leader with threads.',
  kernelRule: 'EXIT-1, EXIT-4, FORK-2',
  severity: 'error',
  messages: {
    main: 'thread {task} of process {tgid} is "{state}"; only a thread-group leader can be',
    deadAlone: 'leader {task} is "dead" but its process has no other thread; it would be a zombie',
    zombieThreads: 'leader {task} is a zombie but its process still has thread(s) {tids}',
  },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      for (const r of p.threads) {
        if (r === p.leader) continue;
        if (r.task.state === 'zombie' || r.task.state === 'dead') {
          out.push(finding(this, 'main', { task: who(r), tgid: p.tgid, state: r.task.state }, {
            tasks: [r.task.pid[0]], path: taskPath(r, 'state'),
            chain: [
              'A non-leader thread that exits is released at once: its exit signal is -1 and nobody waits for it (FORK-2, EXIT-1).',
              'Only a thread-group leader lingers: as "dead" while other threads live, as a zombie once the whole group has exited (EXIT-1, EXIT-4).',
            ],
          }));
        }
      }
      const l = p.leader;
      if (!l) continue;
      const others = p.threads.filter((r) => r !== l);
      if (l.task.state === 'dead' && others.length === 0) {
        out.push(finding(this, 'deadAlone', { task: who(l) }, {
          tasks: [p.tgid], path: taskPath(l, 'state'),
          chain: ['"dead" is a leader that exited while other threads of its group live on (EXIT-1).', 'When the last thread exits the process becomes a zombie (EXIT-4) or is reaped; with no other thread it is not "dead".'],
        }));
      }
      if (l.task.state === 'zombie' && others.length > 0) {
        out.push(finding(this, 'zombieThreads', { task: who(l), tids: list(others.map((r) => r.task.pid[0])) }, {
          tasks: [p.tgid, ...others.map((r) => r.task.pid[0])], path: taskPath(l, 'state'),
          chain: ['A process is a zombie only after its last thread exited (EXIT-4); exited non-leader threads are released at once (EXIT-1).', `So a zombie has no other thread, yet ${list(others.map((r) => r.task.pid[0]))} are listed.`],
        }));
      }
    }
    return out;
  },
};
