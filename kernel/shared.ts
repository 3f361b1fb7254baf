/**
 * Clone-time shared objects (FORK-2, FORK-4): the fd table (CLONE_FILES), fs_struct (CLONE_FS),
 * signal handlers (CLONE_SIGHAND) and address space (CLONE_VM). Sharing is object identity;
 * `users` counts the tasks holding it, because several rules depend on "is it shared"
 * (SETNS-3/4: fs_struct shared -> EINVAL; UNSH-2: sighand/mm shared -> EINVAL).
 */
import type { UserNamespace } from './userns.js';

let nextId = 1;

export class SharedObject {
  readonly id = nextId++;
  users = 0;
  constructor(readonly kind: 'files' | 'fs' | 'sighand' | 'mm') {}
}

export class Files extends SharedObject {
  constructor() {
    super('files');
  }
}

export class FsStruct extends SharedObject {
  constructor() {
    super('fs');
  }
}

/**
 * An address space. It carries the process's dumpability (MMF_DUMPABLE: SUID_DUMP_USER or not)
 * and the user ns it was created in (mm->user_ns), which ptrace access checks read (NSFD-1).
 */
export class Mm extends SharedObject {
  dumpable = true;
  userNs: UserNamespace | null = null;
  constructor() {
    super('mm');
  }

  /** dup_mm (fork without CLONE_VM): the flags, dumpability included, and the user ns are copied. */
  dup(): Mm {
    const m = new Mm();
    m.dumpable = this.dumpable;
    m.userNs = this.userNs;
    return m;
  }
}

/** Signal handlers; only SIGCHLD's disposition matters to the process tree (EXIT-5). */
export class SigHand extends SharedObject {
  sigchldIgnored = false;
  constructor() {
    super('sighand');
  }
  copy(): SigHand {
    const s = new SigHand();
    s.sigchldIgnored = this.sigchldIgnored;
    return s;
  }
}

/** Take a reference (for a new sharer). */
export function hold<T extends SharedObject>(o: T): T {
  o.users++;
  return o;
}

/** Drop a reference. */
export function drop(o: SharedObject | null): null {
  if (o) o.users--;
  return null;
}
