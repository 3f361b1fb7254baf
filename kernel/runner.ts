/**
 * Runs crplan operations (executor/ops.ts) on a simulated kernel: actors are names bound to
 * tasks; each op becomes the syscall(s) the real agent makes, and its result is what Linux
 * reports. Ops by an actor that cannot run are refused with rule ACTOR-* (not kernel rules):
 * unknown name ACTOR-1 (ESRCH), the actor's thread has exited ACTOR-2 (ESRCH), its process is
 * stopped ACTOR-3 (EAGAIN: a stopped task cannot make a syscall), a child name already in use
 * ACTOR-4 (EEXIST).
 */
import { ROOT_ACTOR, type Op, type OpResult } from '../executor/ops.js';
import { Kernel } from './kernel.js';
import type { KernelProfile } from './profile.js';
import type { Task } from './task.js';
import { sysClone, flagMask } from './clone.js';
import { sysSetpgid, sysSetsid } from './sessions.js';
import { sysUnshare } from './unshare.js';
import { setnsFd, setnsPidfd } from './setns.js';
import { openNsFile, openPidfd } from './nsfs.js';
import { sysExit, sysSigchldIgnore, sysStop, sysStopOther, sysSubreaper } from './signal.js';
import { sysSethostname, sysWriteIdMaps, sysWriteTimensOffsets } from './nsstate.js';
import { sysExecve } from './exec.js';
import { sysWait } from './wait.js';
import { sysSetresids } from './setids.js';
import { sysSetDumpable } from './dumpable.js';
import { fail } from './result.js';

export class OpRunner {
  readonly kernel: Kernel;
  readonly actors = new Map<string, Task>();
  /** the first process ROOT_ACTOR created (defines the snapshot's base pid ns) */
  firstChild: Task | null = null;

  constructor(profile?: KernelProfile) {
    this.kernel = new Kernel(profile);
    this.actors.set(ROOT_ACTOR, this.kernel.init);
  }

  private actor(name: string): Task {
    const t = this.actors.get(name);
    if (!t) fail('ESRCH', 'ACTOR-1');
    if (t.exited || t.dying) fail('ESRCH', 'ACTOR-2');
    if (t.tg.stopSignal) fail('EAGAIN', 'ACTOR-3');
    return t;
  }

  private known(name: string): Task {
    const t = this.actors.get(name);
    if (!t) fail('ESRCH', 'ACTOR-1');
    return t;
  }

  run(op: Op): OpResult {
    const k = this.kernel;
    return k.syscall(() => {
      switch (op.op) {
        case 'clone': {
          const cur = this.actor(op.actor);
          if (this.actors.has(op.child)) fail('EEXIST', 'ACTOR-4');
          const child = sysClone(k, cur, {
            flags: flagMask(op.flags), setTid: op.setTid, exitSignal: op.exitSignal, legacy: op.legacy, name: op.child,
          });
          this.actors.set(op.child, child);
          if (cur === k.init && !this.firstChild && child.isLeader) this.firstChild = child;
          return child.pid.nrIn(cur.activePidNs);
        }
        case 'setsid':
          return sysSetsid(k, this.actor(op.actor));
        case 'setpgid':
          return sysSetpgid(k, this.actor(op.actor), op.pid, op.pgid);
        case 'unshare':
          return void sysUnshare(k, this.actor(op.actor), flagMask(op.flags));
        case 'setns': {
          const cur = this.actor(op.actor);
          const target = this.known(op.target);
          if (op.pidfd) return void setnsPidfd(k, cur, openPidfd(k, target), op.nstypes ?? []);
          if (!op.file) fail('EINVAL', 'SETNS-1');
          return void setnsFd(k, cur, openNsFile(k, target, op.file, cur));
        }
        case 'subreaper':
          return void sysSubreaper(k, this.actor(op.actor), op.value);
        case 'set-dumpable':
          return void sysSetDumpable(k, this.actor(op.actor), op.value);
        case 'sethostname':
          return void sysSethostname(k, this.actor(op.actor), op.hostname, op.domainname);
        case 'write-idmap':
          return void sysWriteIdMaps(k, this.actor(op.actor), this.known(op.target), op.uidMap, op.gidMap);
        case 'write-timens-offsets':
          return void sysWriteTimensOffsets(k, this.actor(op.actor), op.monotonic, op.boottime, op.thread === true);
        case 'write-ns-last-pid': {
          const cur = this.actor(op.actor);
          return void cur.activePidNs.writeLastPid(cur.creds, op.value);
        }
        case 'setresuid':
          return void sysSetresids(k, this.actor(op.actor), op.uid, op.gid);
        case 'sigchld-ignore':
          return void sysSigchldIgnore(k, this.actor(op.actor), op.value);
        case 'execve':
          return void sysExecve(k, this.actor(op.actor));
        case 'exit':
          return void sysExit(k, this.actor(op.actor), op.code, op.signal, op.group ?? false, op.core === true && op.signal !== undefined);
        case 'wait':
          return sysWait(k, this.actor(op.actor), op.pid, op.nohang ?? false);
        case 'stop':
          if (op.target !== undefined) return void sysStopOther(k, this.actor(op.actor), this.known(op.target), op.signal);
          return void sysStop(k, this.actor(op.actor), op.signal);
      }
    }) as OpResult;
  }
}
