/**
 * waitpid(pid, __WALL [| WNOHANG]) (EXIT-6): only the parent thread group reaps; pid > 0 names
 * a child in the caller's active pid ns, -1 any child, 0 the caller's group, < -1 group -pid.
 * Returns the reaped pid in the caller's ns; 0 with WNOHANG while eligible children live;
 * ECHILD without eligible children. A wait that would block forever on Linux is reported as
 * EAGAIN with rule EXIT-6.blocks (the simulator cannot sleep).
 * With several zombies eligible, the first one found reaps (EXIT-6.order): do_wait walks the
 * caller thread's children list first, then those of the following threads of its group in
 * thread-list order, wrapping round (while_each_thread(current, tsk)); each list is in the order
 * children joined it (fork and reparenting append at the tail).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { ThreadGroup } from './threadgroup.js';
import { fail } from './result.js';
import { releaseProcess } from './exit.js';

function matcher(cur: Task, pid: number): (c: ThreadGroup) => boolean {
  const ns = cur.activePidNs;
  if (pid > 0) {
    const p = ns.pids.get(pid);
    return (c) => c.leader.pid === p;
  }
  if (pid === -1) return () => true;
  const g = pid === 0 ? cur.tg.pgrp.pgid : ns.pids.get(-pid);
  return (c) => c.pgrp.pgid === g;
}

/** The caller's threads in do_wait's order: itself, then the next ones, wrapping round. */
function walkOrder(cur: Task): Task[] {
  const threads = cur.tg.threads;
  const me = threads.indexOf(cur);
  return [...threads.slice(me), ...threads.slice(0, me)];
}

export function sysWait(k: Kernel, cur: Task, pid: number, nohang: boolean): number {
  const ns = cur.activePidNs;
  const match = matcher(cur, pid);
  let eligible = false;
  if (pid > 0) {
    // The one process whose leader has that pid, found through the pid rather than by scanning
    // every child (an init waiting for each helper it made was O(children) per wait). When it is
    // not a child of the caller's thread group, the scan below agrees: nothing matches.
    const c = ns.pids.get(pid)?.task?.tg;
    if (c && c.leader.pid === ns.pids.get(pid) && c.state !== 'released' && c.parent && c.parent.tg === cur.tg && c.parent.children.has(c)) {
      if (c.state === 'zombie') {
        const nr = c.leader.pid.nrIn(ns);
        releaseProcess(k, c);
        return nr;
      }
      if (nohang) return 0;
      return fail('EAGAIN', 'EXIT-6.blocks');
    }
  }
  for (const th of walkOrder(cur)) {
    for (const c of th.children) {
      if (c.state === 'released' || !match(c)) continue;
      eligible = true;
      if (c.state === 'zombie') {
        const nr = c.leader.pid.nrIn(ns);
        releaseProcess(k, c);
        return nr;
      }
    }
  }
  if (!eligible) fail('ECHILD', 'EXIT-6');
  if (nohang) return 0;
  return fail('EAGAIN', 'EXIT-6.blocks');
}

/**
 * Could waitpid(pid) reap another zombie on Linux than here (EXIT-2.race)? True when the zombie
 * sysWait would take shares its children list with another eligible zombie that a different
 * thread of the same concurrent exit batch moved there: their order is the scheduler's.
 */
export function waitOrderRaced(cur: Task, pid: number): boolean {
  if (pid > 0) return false;
  const match = matcher(cur, pid);
  for (const th of walkOrder(cur)) {
    const zombies = [...th.children].filter((c) => c.state === 'zombie' && match(c));
    if (zombies.length === 0) continue;
    const [first, ...rest] = zombies;
    return rest.some((z) => {
      for (const [batch, mover] of first.reparentedBy) {
        const other = z.reparentedBy.get(batch);
        if (other !== undefined && other !== mover) return true;
      }
      return false;
    });
  }
  return false;
}
