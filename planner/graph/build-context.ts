/**
 * The state buildSchedule (build.ts) shares with the modules that hold groups of its helpers
 * (thread-creators.ts, ...): the inputs, the schedule and emitter being filled, and the maps the
 * orchestrator fills while deciding creators, makers and holders. One object, built once near the
 * top of buildSchedule, so a module takes one argument instead of dozens; each module's factory
 * reads the fields it needs when it is made, so a field must be set (an empty map is enough: the
 * orchestrator fills it later) before the first factory call. Functions made further down (in
 * build.ts, or by a later factory) are passed as wrappers that look them up when called.
 * StepContext adds what exists only once the creators are decided. No logic here.
 */
import type { NsType } from '../../model/image.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import type { Emitter, Slot } from '../output/emit.js';
import type { Schedule } from '../ordering/schedule.js';
import type { DeferredJoins } from '../ordering/join-defer.js';
import type { NotCreators } from '../ordering/ns-creator-ban.js';
import type { NeedSlot } from '../ordering/birth-needs.js';

export type NsProxyOf = NonNullable<ReturnType<Facts['nsproxy']['get']>>;
/** the namespace type of each nsproxy slot */
export const SLOT_TYPE: Record<Slot, NsType> = { uts: 'uts', ipc: 'ipc', mnt: 'mnt', net: 'net', cgroup: 'cgroup', time: 'time', timeForChildren: 'time' };
/** the rule a setns into this slot's namespace obeys: mount SETNS-3, time (time_for_children too) SETNS-6, the rest SETNS-7 */
export function setnsRule(sl: Slot): string {
  return SLOT_TYPE[sl] === 'mnt' ? 'SETNS-3' : SLOT_TYPE[sl] === 'time' ? 'SETNS-6' : 'SETNS-7';
}

/** a pid-ns maker helper of an init (build.ts makers) */
export interface Maker { name: string; owner: string; newUser: boolean }
/** a namespace holder helper (build.ts holders) */
export interface NsHolder { name: string; owner: string; nss: string[]; createsUser: boolean; envOwner: boolean }

export interface BuildContext {
  f: Facts;
  m: CreatorModel;
  em: Emitter;
  s: Schedule;
  /** a task as its creator-side objects count: a zombie's or dead leader's stand-in (stand-ins.ts eff) */
  eff: (t: Task) => Task;
  /** helpers' stand-in tasks (stand-ins.ts) */
  helperTask: Map<string, Task>;
  /** the member chosen to create each namespace a member creates */
  nsCreator: Map<string, Task>;
  /** pending time_for_children unshared on the way to the final user ns (time-on-the-way.ts) */
  timeOnTheWay: Map<string, { tid: number; owner: string }>;
  helperVectors: Map<string, number[]>;
  helperByName: Map<string, HelperSpec>;
  /** inits born creating their pid ns's owner user ns (CLONE_NEWUSER): init -> that user ns */
  bornInUser: Map<number, string>;
  makers: Map<number, Maker>;
  holders: Map<string, NsHolder>;
  /** the holder of each namespace a holder makes */
  holderOfNs: Map<string, NsHolder>;
  /** members of each user ns (by final user ns) and of each other non-environment namespace */
  nsMembers: Map<string, Task[]>;
  depthOf: (t: Task) => number;
  /** a free pid number for a helper in a pid ns (PID-3) */
  alloc: (ns: string) => number;
  failures: { reason: string; culprits: number[]; rule: string }[];
  /** inits created by a creator that already switched to the pid ns's owner: init -> creator */
  switchFirst: Map<number, number>;
  /** (variant settledRelays) fs relays' sharers born in a user ns on the relay's way to its final one: sharer -> that user ns (settled-relay.ts) */
  wayFirst: Map<number, string>;
  /** the buildSchedule arguments (see there) */
  afterSwitch: ReadonlySet<number>;
  lateHelpers: ReadonlySet<string>;
  insideJoins: DeferredJoins;
  notCreators: NotCreators;
  /** tasks per fs_struct */
  fsUsers: Map<string, number>;
  /** (variant shares) leaders whose thread keeps the fs_struct their creator passed on (fs-unshare-relay.ts threadRelay) */
  threadRelays: Map<number, string>;
  /** the creator of a thread as the thread sees it: a relay leader before its unshare(CLONE_FS) */
  threadCreatorView: (p: Proc, th: Task, creator: Task) => Task;
  /** (variant leaderFirstTables) leaders first holders of their thread's fd table: leader -> it (leader-first-table.ts) */
  firstTables?: ReadonlyMap<number, string>;
  /** tasks whose early join step (nsmnt) joins their mount ns, not only their time ns */
  earlyMntJoins: Set<number>;
  /** mount and user namespaces made by share-source helpers (source-mnt.ts), and the mount ns each helper makes */
  sourceMade: Set<string>;
  sourceMnt: Map<string, string>;
  /** thread-creators.ts */
  creatorThread: (by: string, child: Task) => Task | undefined;
  pickThreadCreator: (p: Proc, th: Task) => Task;
  /** ns-rights.ts */
  bornUser: (actor: string) => string;
  bornUserOf: (tid: number) => string;
  nsSource: (t: Task) => Task;
  ownedWithin: (id: string, u: string) => boolean;
  nsOwner: (id: string) => string;
  rootMapsToRoot: (u: string) => boolean;
  threadCanJoin: (th: Task) => boolean;
  /** late-joins.ts */
  hasUserStep: (t: Task) => boolean;
  lateJoins: (t: Task) => Set<string>;
  threadMadeJoins: (t: Task) => Set<string>;
  /** maker-needs.ts */
  makerSlots: (tid: number) => Map<Slot, string>;
  childrenOf: (actor: string) => number[];
  ownedHeldBeforeSwitch: (t: Task, u: string) => boolean;
  heldBeforeSwitch: (t: Task, id: string) => boolean;
  /** build.ts */
  taskOf: (by: string) => Task | undefined;
  userSwitch: (t: Task) => boolean;
  postSwitch: (id: string) => boolean;
  slotFromBirth: (t: Task, sl: Slot) => boolean;
}

/**
 * What the step-adding part of buildSchedule shares, once every namespace has its creator,
 * maker or holder and the per-task join plans (early, deferred, interim) have their maps.
 */
export interface StepContext extends BuildContext {
  /** inits whose maker is forked before their creator's switch (maker-fork.ts) */
  splitMakers: ReadonlySet<number>;
  /** namespaces each task creates, by tid */
  nsOfCreatorEarly: Map<number, string[]>;
  interimOf: Map<number, Map<NeedSlot, string>>;
  earlySlots: Map<number, { mnt: boolean; time: boolean }>;
  looseEarly: Set<number>;
  /** the buildSchedule argument: joins a further build defers (join-defer.ts) */
  deferred: DeferredJoins;
  deferredOf: Map<number, Set<string>>;
  deadLeaderJoins: Map<number, Map<Slot, string>>;
  fsSharingCreators: Set<number>;
  fsThreadKeepers: Map<number, Set<number>>;
  /** live image tasks (with an nsproxy, not zombies), by depth then tid */
  live: Task[];
  /** the step in which member t joins namespace id (build.ts) */
  joinStep: (t: Task, id: string) => string;
  /** a creator task as its children see it (an fs relay with its birth fs_struct) */
  relayView: (t: Task | undefined, child?: Task) => Task | undefined;
  /** execve'd processes' fd tables before their execve, and those that are fresh copies (stand-ins.ts) */
  execBorn: Map<number, string>;
  execBornFresh: Set<number>;
  /** (variant execMmRelays) execve'd processes' mm before their execve, their creator's (exec-mm-relay.ts) */
  vmBorn: Map<number, string>;
}
