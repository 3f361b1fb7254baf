import type { Finding } from '../finding.js';
import { isSameOrDescendant, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

export const ppidDangling: Rule = {
  code: 'PPID_DANGLING',
  description: 'A process names a parent (ppid) that is not in the image (use ppid 0 for a parent outside the image).',
  kernelRule: 'EXIT-2',
  severity: 'error',
  messages: { main: '{task} has ppid {ppid}, which is not a task of the image' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.ppid === 0 || ix.byTid.has(t.ppid)) continue;
      out.push(finding(this, 'main', { task: who(p.rep), ppid: t.ppid }, {
        tasks: [t.pid[0]], path: taskPath(p.rep, 'ppid'),
        chain: [
          'Every process has a live parent: when a parent exits its children are reparented (EXIT-2), so the parent of a process in the image is either in the image or outside it (ppid 0, the restorer).',
          `No task of the image has level-0 pid ${t.ppid}.`,
        ],
      }));
    }
    return out;
  },
};

export const ppidNotProcess: Rule = {
  code: 'PPID_NOT_PROCESS',
  description: 'A ppid names a thread that is not a thread-group leader; ppid is the parent\'s tgid.',
  kernelRule: 'EXIT-2, §0',
  severity: 'error',
  messages: { main: '{task} has ppid {ppid}, which is a thread of process {tgid}, not a process' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      const par = t.ppid === 0 ? undefined : ix.byTid.get(t.ppid);
      if (!par || par.task.tgid === t.ppid) continue;
      out.push(finding(this, 'main', { task: who(p.rep), ppid: t.ppid, tgid: par.task.tgid }, {
        tasks: [t.pid[0], t.ppid], path: taskPath(p.rep, 'ppid'),
        chain: [
          'The parent link points to the creating thread, but getppid() and /proc report that thread\'s tgid (§0), and the image records the tgid.',
          `${t.ppid} is a thread of process ${par.task.tgid}; the ppid would read ${par.task.tgid}.`,
        ],
      }));
    }
    return out;
  },
};

export const processParentCycle: Rule = {
  code: 'PROCESS_PARENT_CYCLE',
  description: 'Processes are each other\'s ancestors (a ppid loop).',
  kernelRule: 'FORK-1, EXIT-2',
  severity: 'error',
  messages: { main: 'processes {tgids} are each other\'s ancestors' },
  check(ix) {
    const out: Finding[] = [];
    const state = new Map<number, 1 | 2>();
    for (const start of ix.processes.keys()) {
      if (state.has(start)) continue;
      const walk: number[] = [];
      let cur: number | undefined = start;
      while (cur !== undefined && ix.processes.has(cur) && !state.has(cur)) {
        state.set(cur, 1);
        walk.push(cur);
        const pp: number = ix.processes.get(cur)!.rep.task.ppid;
        cur = pp === 0 ? undefined : pp;
      }
      if (cur !== undefined && state.get(cur) === 1) {
        const cyc = walk.slice(walk.indexOf(cur));
        const first = ix.processes.get(cyc[0])!;
        out.push(finding(this, 'main', { tgids: list(cyc) }, {
          tasks: cyc, path: taskPath(first.rep, 'ppid'),
          chain: [
            'A process is created by a parent that already exists (FORK-1), and reparenting only moves children to an ancestor, a sibling thread or a reaper that already exists (EXIT-2).',
            `So parent links form a tree; ${cyc.join(' -> ')} -> ${cyc[0]} is a loop.`,
          ],
        }));
      }
      for (const w of walk) state.set(w, 2);
    }
    return out;
  },
};

/**
 * The child's pid ns is the creator's pid_for_children at clone time: the creator's own ns or a
 * descendant (unshare makes a child ns, setns only goes down). Reparenting keeps this: the new
 * parent is a sibling thread, a subreaper in the exiting parent's ns, or that ns's init (EXIT-2),
 * all in the exiting parent's ns, which is at or above the child's.
 */
export const childPidnsUnreachable: Rule = {
  code: 'CHILD_PIDNS_UNREACHABLE',
  description: 'A child lives in a pid namespace that is neither its parent\'s nor a descendant of it.',
  kernelRule: 'PID-1, FORK-7, UNSH-5, SETNS-5, EXIT-2',
  severity: 'error',
  messages: { main: '{child} is in pid namespace "{cns}", which is not its parent {parent}\'s namespace "{pns}" or below it' },
  check(ix) {
    const out: Finding[] = [];
    for (const p of ix.processes.values()) {
      const t = p.rep.task;
      if (t.ppid === 0) continue;
      const par = ix.processes.get(t.ppid);
      if (!par) continue;
      const pns = par.rep.task.pidns;
      if (isSameOrDescendant(ix, t.pidns, pns) !== false) continue;
      out.push(finding(this, 'main', { child: who(p.rep), cns: t.pidns, parent: who(par.rep), pns }, {
        tasks: [t.pid[0], par.tgid], objects: [t.pidns, pns], path: taskPath(p.rep, 'pidns'),
        chain: [
          'A child is born in its creator\'s pid_for_children: the creator\'s own pid namespace or, after unshare(CLONE_NEWPID) or setns(), a descendant of it (FORK-7, UNSH-5, SETNS-5).',
          'A task never changes pid namespace, and when its parent exits the new parent (a sibling thread, a subreaper of the same namespace, or that namespace\'s init) lives in the exiting parent\'s namespace (EXIT-2).',
          `So a child\'s namespace is its parent\'s or below it; "${t.pidns}" is not "${pns}" or a descendant of it.`,
        ],
      }));
    }
    return out;
  },
};

export const initParentInside: Rule = {
  code: 'PIDNS_INIT_PARENT_INSIDE',
  description: 'The init (pid 1) of a pid namespace has a parent inside that same namespace.',
  kernelRule: 'PID-1, PID-8',
  severity: 'error',
  messages: { main: '{init} is pid 1 of "{ns}" but its parent {parent} is inside "{ns}" too' },
  check(ix) {
    const out: Finding[] = [];
    for (const info of ix.pidns.values()) {
      for (const init of info.inits) {
        const t = init.task;
        if (t.pid[0] !== t.tgid || t.ppid === 0) continue;
        const par = ix.processes.get(t.ppid);
        if (!par || par.rep.task.pidns !== info.ns.id) continue;
        out.push(finding(this, 'main', { init: who(init), ns: info.ns.id, parent: who(par.rep) }, {
          tasks: [t.pid[0], par.tgid], objects: [info.ns.id], path: taskPath(init, 'ppid'),
          chain: [
            'The task that gets pid 1 of a namespace is its first task, created from outside it (clone(CLONE_NEWPID), or a fork after unshare/setns; PID-1, PID-8).',
            'If that parent exits, init is reparented to a reaper of the parent\'s namespace, again outside (EXIT-2).',
            `So init\'s parent cannot live in "${info.ns.id}" itself.`,
          ],
        }));
      }
    }
    return out;
  },
};
