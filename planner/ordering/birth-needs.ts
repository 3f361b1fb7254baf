/**
 * Namespaces a task must already hold at its birth for the sake of its children.
 *
 * A task born in a user ns without rights over a namespace's owner can never join it (SETNS-3..7
 * need CAP_SYS_ADMIN over the owner): it can only be born with it. When such a task is a child
 * whose creator ends elsewhere in that slot, the creator held it at the child's birth, and when
 * the creator cannot join it either, the creator too was born with it, and so on up: the real
 * process got there because every one of them forked the next before leaving that namespace.
 * The direct case (the child's own final namespaces) is ordered where children are created
 * (build.ts); this computes the inherited part, bottom-up over the creation tree, so that build.ts
 * can order the creator's children before its joins and its own creations of that type.
 *
 * Time too: a child is born in its creator's time_for_children (FORK-8), so a process must be
 * born in the time ns a child of its needs when its own time_for_children ends elsewhere and it
 * cannot join that one (seed 6749: 65 unshares time:3 after forking 69, whose child 76 keeps
 * time:0). Not pid-ns inits made by a maker (the maker joins for them, makerSlots).
 * O(processes x slots).
 */
export type NeedSlot = 'mnt' | 'uts' | 'ipc' | 'net' | 'cgroup';
export const NEED_SLOTS: readonly NeedSlot[] = ['mnt', 'uts', 'ipc', 'net', 'cgroup'];
/** the slots of inheritedBirthNeeds: time is the time ns the process is born in */
export type BirthSlot = NeedSlot | 'time';
const BIRTH_SLOTS: readonly BirthSlot[] = [...NEED_SLOTS, 'time'];

export interface BirthNeedsInput {
  /** processes, creators before the processes they create */
  order: readonly number[];
  /** the process (tgid) whose namespaces a process is born with: its creator, through helpers; undefined for the restorer or a maker-made init */
  creatorOf: (tgid: number) => number | undefined;
  /** a process's final namespace per slot (its first live thread's for a dead leader), undefined when it has none */
  finalNs: (tgid: number) => Readonly<Record<BirthSlot | 'timeForChildren', string>> | undefined;
  /** can process tgid join namespace ns with the credentials it is born with? */
  joinable: (tgid: number, ns: string) => boolean;
  /** does process tgid create namespace ns itself? */
  makes: (tgid: number, ns: string) => boolean;
  /**
   * what process tgid must be born with for its own threads, beyond its final namespaces: a
   * namespace a thread ends in, cannot join and that tgid cannot join either (the thread copies
   * it at CLONE_THREAD, before tgid leaves it)
   */
  threadNeeds?: (tgid: number) => ReadonlyMap<NeedSlot, string> | undefined;
  /**
   * (attempt zombieBirthNeeds, zombie-birth-needs.ts) a process with no final namespaces (a
   * zombie) that still takes birth needs from what it creates: it counts as holding none
   */
  bare?: (tgid: number) => boolean;
}

/**
 * tgid -> slot -> the namespace it must be born with because a process it creates needs it and
 * neither can join it, when that differs from its own final one. A slot two children need
 * differently is left out (no order helps; the emitter reports it).
 */
export function inheritedBirthNeeds(inp: BirthNeedsInput): Map<number, Map<BirthSlot, string>> {
  const extra = new Map<number, Map<BirthSlot, string>>();
  const conflict = new Set<string>();
  if (inp.threadNeeds) {
    for (const q of inp.order) {
      const th = inp.threadNeeds(q);
      if (th && th.size > 0) extra.set(q, new Map(th));
    }
  }
  for (let i = inp.order.length - 1; i >= 0; i--) {
    const q = inp.order[i];
    const p = inp.creatorOf(q);
    if (p === undefined) continue;
    const npQ = inp.finalNs(q);
    const npP = inp.finalNs(p);
    if ((!npQ && inp.bare?.(q) !== true) || (!npP && inp.bare?.(p) !== true)) continue;
    const mine = extra.get(q);
    for (const sl of BIRTH_SLOTS) {
      // what q must be born with in this slot: inherited for its children, or its own final one
      // (a bare q: only the inherited part)
      const want = mine?.get(sl) ?? (!npQ || inp.joinable(q, npQ[sl]) || inp.makes(q, npQ[sl]) ? undefined : npQ[sl]);
      // (q is born in p's time_for_children, FORK-8)
      if (want === undefined || (npP && want === npP[sl === 'time' ? 'timeForChildren' : sl]) || inp.joinable(p, want)) continue;
      const key = `${p}/${sl}`;
      if (conflict.has(key)) continue;
      let m = extra.get(p);
      if (!m) { m = new Map(); extra.set(p, m); }
      const had = m.get(sl);
      if (had !== undefined && had !== want) { m.delete(sl); conflict.add(key); continue; }
      m.set(sl, want);
    }
  }
  return extra;
}

export interface InterimInput {
  /** process leader tgid -> the tasks it forks after its user-ns switch (its threads, children born in its final user ns) */
  lateBorn: ReadonlyMap<number, readonly number[]>;
  /** a task's final namespaces (or, for a process, what it must be born with: see inheritedBirthNeeds) */
  needOf: (tid: number, slot: NeedSlot) => string | undefined;
  joinable: (tid: number, ns: string) => boolean;
  /** the namespace the leader makes itself in this slot, if any (its final one there) */
  ownNs: (tgid: number, slot: NeedSlot) => string | undefined;
  /** a task that shares the leader's fs_struct (no mount ns of its own before the leader's unshare, UNSH-1) */
  sharesFs: (tgid: number, tid: number) => boolean;
}

/**
 * Interim joins: a leader L that makes its own namespace N in some slot, and forks after its
 * user-ns switch a task (a thread, which must wait for the switch, SETNS-4; or a child born in
 * L's final user ns) that needs namespace X in that slot and has no rights over X's owner. The
 * task can only inherit X, so L, which still has the rights before its switch, joins X in its
 * join step; it forks the task after its switch and only then makes N (unshare replaces X). The
 * kernel history did the same in some order (joined X, then moved down). A slot two tasks need
 * differently is left out. Returns L -> slot -> X. O(tasks x slots).
 */
export function interimJoins(inp: InterimInput): Map<number, Map<NeedSlot, string>> {
  const out = new Map<number, Map<NeedSlot, string>>();
  for (const [l, tasks] of inp.lateBorn) {
    const m = new Map<NeedSlot, string>();
    const bad = new Set<NeedSlot>();
    for (const q of tasks) {
      for (const sl of NEED_SLOTS) {
        const own = inp.ownNs(l, sl);
        const x = inp.needOf(q, sl);
        if (own === undefined || x === undefined || x === own || bad.has(sl)) continue;
        if (sl === 'mnt' && inp.sharesFs(l, q)) continue;
        if (inp.joinable(q, x) || !inp.joinable(l, x)) continue;
        const had = m.get(sl);
        if (had !== undefined && had !== x) { m.delete(sl); bad.add(sl); continue; }
        m.set(sl, x);
      }
    }
    if (m.size > 0) out.set(l, m);
  }
  return out;
}
