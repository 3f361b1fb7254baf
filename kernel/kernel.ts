/**
 * The simulated kernel: boot state (root user and pid namespaces, the environment's other
 * namespaces, the global init), the task registry, deferred signal work, and the syscall entry
 * points. Each entry point only translates arguments and turns SysError into a result; the
 * semantics live in the module named after the concept (clone.ts, exit.ts, sessions.ts, ...).
 */
import type { KernelFeature, KernelProfile } from './profile.js';
import { DEFAULT_PROFILE } from './profile.js';
import { UserNamespace } from './userns.js';
import { PidNamespace } from './pidns.js';
import { PlainNamespace, TimeNamespace, UtsNamespace } from './namespaces.js';
import { NsProxy } from './nsproxy.js';
import { Creds } from './creds.js';
import { Files, FsStruct, Mm, SigHand, hold } from './shared.js';
import { Pid } from './pid.js';
import { Task } from './task.js';
import { ThreadGroup } from './threadgroup.js';
import { Session } from './session.js';
import { ProcessGroup, joinPgrp } from './pgrp.js';
import { SysError, type SysResult } from './result.js';
import type { ExitBatch } from './exit.js';

export const UNPRIVILEGED_UID = 1000;

export class Kernel {
  readonly profile: KernelProfile;
  readonly rootUserNs: UserNamespace;
  /** the user ns ROOT_ACTOR starts in (rootUserNs unless profile.hostEnvironment) */
  readonly envUserNs: UserNamespace;
  readonly rootPidNs: PidNamespace;
  /** the global init (pid 1 of the root pid ns): crplan's ROOT_ACTOR */
  readonly init: Task;
  /** every unreleased task, in creation order */
  readonly tasks = new Set<Task>();
  /** deferred work (signals delivered after the current syscall, zap waiters), FIFO */
  private readonly pending: Array<() => void> = [];
  /** pid namespaces with an init blocked in zap_pid_ns_processes (EXIT-8) */
  readonly zapping = new Set<PidNamespace>();
  /** the concurrent exits being run (exit.ts ExitBatch), or null */
  exitBatch: ExitBatch | null = null;
  /**
   * What the current syscall decided that Linux leaves to the scheduler (EXIT-2.race): reset at
   * each syscall; non-empty means the real kernel may end in another state than the simulator.
   */
  races: string[] = [];

  constructor(profile: KernelProfile = DEFAULT_PROFILE) {
    this.profile = profile;
    const uid = profile.restorerUid ?? (profile.privileged ? 0 : UNPRIVILEGED_UID);
    const identity = [{ inside: 0, outside: 0, count: 4294967295 }];
    this.rootUserNs = new UserNamespace(null, 0, 0, true);
    this.rootUserNs.uidMap = identity;
    this.rootUserNs.gidMap = identity;
    // The user ns the restorer starts in: the root one, or (hostEnvironment) a child of the
    // host's, mapped identically, as `unshare -Upf` run by root with a full map gives.
    this.envUserNs = this.rootUserNs;
    if (profile.hostEnvironment) {
      this.envUserNs = new UserNamespace(this.rootUserNs, 0, 0, true);
      this.envUserNs.uidMap = identity.map((e) => ({ ...e }));
      this.envUserNs.gidMap = identity.map((e) => ({ ...e }));
    }
    // an unprivileged restorer running as uid 0 of its own user ns (see UserNamespace.restorerHoldsSetfcap)
    if (!profile.privileged && uid === 0) this.envUserNs.restorerHoldsSetfcap = true;
    const host = this.rootUserNs;
    this.rootPidNs = new PidNamespace(null, this.envUserNs, profile.pidMax, true);
    const time = new TimeNamespace(host, true);
    time.frozen = true;
    const nsproxy = new NsProxy({
      uts: new UtsNamespace(host, true),
      ipc: new PlainNamespace('ipc', host, true),
      mnt: new PlainNamespace('mnt', host, true),
      net: new PlainNamespace('net', host, true),
      cgroup: new PlainNamespace('cgroup', host, true),
      pidForChildren: this.rootPidNs,
      time,
      timeForChildren: time,
    });
    // init_struct_pid (pid 0): the group and session the global init starts in, as on Linux
    // before init calls setsid (so getsid() = 0 and setsid() succeeds for ROOT_ACTOR).
    const pid0 = new Pid([{ ns: this.rootPidNs, nr: 0 }]);
    const creds = new Creds(this.envUserNs, uid, uid, profile.privileged);
    const pid1 = this.rootPidNs.allocPid(undefined, creds);
    const tg = new ThreadGroup(null as unknown as Task);
    const mm = new Mm();
    mm.userNs = this.envUserNs;
    const init = new Task('root', pid1, tg, nsproxy, creds, hold(new Files()), hold(new FsStruct()), hold(new SigHand()), hold(mm));
    tg.leader = init;
    tg.threads.push(init);
    tg.unkillable = true;
    tg.exitSignal = 0;
    pid1.task = init;
    const session = new Session(pid0, null);
    joinPgrp(tg, new ProcessGroup(pid0, session));
    this.rootPidNs.childReaper = init;
    this.init = init;
    this.tasks.add(init);
  }

  has(f: KernelFeature): boolean {
    return this.profile.features.has(f);
  }

  isGlobalInit(t: Task | null): boolean {
    return t !== null && t.tg === this.init.tg;
  }

  /** Queue work to run after the current syscall's own effects (signal delivery). */
  defer(fn: () => void): void {
    this.pending.push(fn);
  }

  /** Run deferred work until the system is quiet. */
  settle(): void {
    for (let guard = 0; this.pending.length > 0; guard++) {
      if (guard > 10_000_000) throw new Error('kernel: deferred work does not settle');
      this.pending.shift()!();
    }
  }

  /** Run one syscall body: success value, or the errno and rule of the first failing check. */
  syscall(body: () => number | void): SysResult {
    this.races = [];
    try {
      const v = body();
      this.settle();
      return v === undefined ? { ok: true } : { ok: true, value: v };
    } catch (e) {
      if (e instanceof SysError) {
        this.settle();
        return { ok: false, errno: e.errno, rule: e.rule };
      }
      throw e;
    }
  }
}
