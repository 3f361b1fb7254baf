/**
 * waitpid(pid, __WALL [| WNOHANG]) (EXIT-6): only the parent thread group reaps; pid > 0 names
 * a child in the caller's active pid ns, -1 any child, 0 the caller's group, < -1 group -pid.
 * Returns the reaped pid in the caller's ns; 0 with WNOHANG while eligible children live;
 * ECHILD without eligible children. A wait that would block forever on Linux is reported as
 * EAGAIN with rule EXIT-6.blocks (the simulator cannot sleep).
 */
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { ThreadGroup } from './threadgroup.js';
import { fail } from './result.js';
import { releaseProcess } from './exit.js';

export function sysWait(k: Kernel, cur: Task, pid: number, nohang: boolean): number {
  const ns = cur.activePidNs;
  let match: (c: ThreadGroup) => boolean;
  if (pid > 0) {
    const p = ns.pids.get(pid);
    match = (c) => c.leader.pid === p;
  } else if (pid === -1) {
    match = () => true;
  } else {
    const g = pid === 0 ? cur.tg.pgrp.pgid : ns.pids.get(-pid);
    match = (c) => c.pgrp.pgid === g;
  }
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
  for (const th of cur.tg.threads) {
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
