/**
 * PID namespaces: per-level numbering, cyclic allocation with ns_last_pid and a per-ns pid_max
 * (PID-2, PID-5, PID-6), set_tid (FORK-9), the first task becoming init (PID-8), and the
 * "adding" flag cleared when the init dies (PID-7).
 */
import { Namespace } from './namespaces.js';
import type { UserNamespace } from './userns.js';
import { nsCapable } from './userns.js';
import type { Creds } from './creds.js';
import { Pid, type UPid } from './pid.js';
import type { Task } from './task.js';
import { fail } from './result.js';

export const RESERVED_PIDS = 300;
export const PID_MAX_LIMIT = 4194304;
export const MAX_PID_NS_LEVEL = 32;
export const MAX_SET_TID = 32;

export class PidNamespace extends Namespace {
  readonly type = 'pid' as const;
  readonly level: number;
  /** numbers in use -> struct pid (the idr) */
  readonly pids = new Map<number, Pid>();
  /** idr cursor: the next candidate of automatic allocation (ns_last_pid + 1) */
  cursor = 0;
  /** the init (a thread: it moves to a live thread when the leader exits, EXIT-2) */
  childReaper: Task | null = null;
  /** PIDNS_ADDING: cleared for good when init starts exiting (PID-7) */
  adding = true;
  /** an exiting init blocked until the other tasks of the ns are released (EXIT-8) */
  zapWaiter: { init: Task; initPids: number; resume: () => void } | null = null;

  constructor(
    readonly parent: PidNamespace | null,
    owner: UserNamespace,
    /** pid_max of this namespace (PID-5: a new ns starts at PID_MAX_LIMIT) */
    public pidMax: number,
    external: boolean,
  ) {
    super(owner, external);
    this.level = parent ? parent.level + 1 : 0;
  }

  /** Is this ns `ancestor` or a descendant of it? */
  within(ancestor: PidNamespace): boolean {
    let ns: PidNamespace | null = this;
    while (ns && ns.level > ancestor.level) ns = ns.parent;
    return ns === ancestor;
  }

  get lastPid(): number {
    return this.cursor - 1;
  }

  /** idr_alloc_cyclic over [pidMin, pidMax): first free from the cursor, then wrap (PID-2). */
  private allocCyclic(): number {
    const pidMin = this.cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
    const start = Math.max(this.cursor, pidMin);
    for (let n = start; n < this.pidMax; n++) {
      if (!this.pids.has(n)) {
        this.cursor = n + 1;
        return n;
      }
    }
    if (start > pidMin) {
      for (let n = pidMin; n < this.pidMax && n < start; n++) {
        if (!this.pids.has(n)) {
          this.cursor = n + 1;
          return n;
        }
      }
    }
    return fail('EAGAIN', 'PID-2');
  }

  /**
   * alloc_pid (kernel/pid.c): numbers innermost first; with set_tid, the given numbers for the
   * innermost levels (FORK-9 checks a..d per level, each level completely before the next), the
   * rest automatic. Checks use the caller's credentials. Errors: EINVAL, EPERM, EEXIST (FORK-9),
   * EAGAIN (PID-2), ENOMEM (PID-7). On failure the innermost cursor of a fresh ns is reset (PID-8).
   */
  allocPid(setTid: number[] | undefined, creds: Creds): Pid {
    const tids = setTid ?? [];
    if (tids.length > this.level + 1) fail('EINVAL', 'FORK-9');
    const numbers: UPid[] = new Array(this.level + 1);
    let tmp: PidNamespace | null = this;
    try {
      for (let i = this.level, k = 0; i >= 0; i--, k++) {
        const ns: PidNamespace = tmp!;
        let nr: number;
        if (k < tids.length) {
          const tid = tids[k];
          if (!Number.isInteger(tid) || tid < 1 || tid >= ns.pidMax) fail('EINVAL', 'FORK-9');
          if (tid !== 1 && !ns.childReaper) fail('EINVAL', 'FORK-9');
          if (!nsCapable(creds, ns.owner!)) fail('EPERM', 'FORK-9');
          if (ns.pids.has(tid)) fail('EEXIST', 'FORK-9');
          nr = tid;
        } else {
          nr = ns.allocCyclic();
        }
        numbers[i] = { ns, nr };
        tmp = ns.parent;
      }
      if (!this.adding) fail('ENOMEM', 'PID-7');
    } catch (e) {
      if (this.adding && this.pids.size === 0) this.cursor = 0;
      throw e;
    }
    const pid = new Pid(numbers);
    for (const u of numbers) u.ns.pids.set(u.nr, pid);
    return pid;
  }

  /**
   * Write /proc/sys/kernel/ns_last_pid (PID-6): the writer's active ns; EPERM before EINVAL.
   */
  writeLastPid(creds: Creds, v: number): void {
    if (!nsCapable(creds, this.owner!)) fail('EPERM', 'PID-6');
    if (!Number.isInteger(v) || v < 0 || v > this.pidMax) fail('EINVAL', 'PID-6');
    this.cursor = v + 1;
  }
}
