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
