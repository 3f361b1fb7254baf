/**
 * Which member creates each namespace (build.ts buildSchedule's namespace-creator choice), and a
 * holder helper where none can (OWN-1, UNSH-4). A namespace is owned by the user ns its creator's
 * credentials are in at its creation (OWN-1): the creator is a member that ends in the owner (or
 * is born there), preferably the shallowest one in the creation tree, which the others inherit
 * from (FORK-7); a process leader before a thread for a time ns (/proc/self/timens_offsets is the
 * leader's, UNSH-6; a thread writes /proc/<tid>/timens_offsets, emit.ts); not a
 * CLONE_VM child (SETNS-6); for a mount ns not a task sharing its creator's fs_struct (UNSH-1,
 * UNSH-4); for a user ns a member without threads (SETNS-4). Further builds ban members that
 * closed a cycle (ns-creator-ban.ts). Complexity: O(members) per namespace, topCreatorInNs
 * O(creation chain) per candidate.
 */
import { tiedHolder } from '../variants/time-threads.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { ROOT_NAME } from '../creators/creators.js';
import { SLOTS } from '../output/emit.js';
import { newHelperName } from '../creators/sessions.js';
import { strictlyOnTheWay } from '../ordering/time-on-the-way.js';
import { beforeMakerInits } from '../ordering/maker-ns.js';
import { isNotCreator } from '../ordering/ns-creator-ban.js';
import { threadTimeMaker } from '../ordering/thread-time-maker.js';
import { vmForked } from '../ordering/vm-time-birth.js';
import { threadTimeOwnerLeader } from '../variants/thread-time-owner.js';
import { SLOT_TYPE, type BuildContext } from './build-context.js';

export function makeNsCreatorChoice(ctx: BuildContext) {
  const { f, m, em, eff, nsCreator, nsMembers, depthOf, helperByName, makers, holders, holderOfNs, helperVectors, bornInUser, timeOnTheWay, notCreators, failures, alloc, bornUserOf, creatorThread, taskOf, ownedHeldBeforeSwitch, heldBeforeSwitch } = ctx;
  /**
   * Does a member of user ns `owner` shallower than `depth` end in a namespace `owner` owns (a
   * time ns, seed 1172; a mount ns, seed 7210)? It made that namespace inside `owner` (OWN-1)
   * and its children are born there (FORK-7): an init deeper down creating `owner` at its birth
   * would make that member wait for it, while the member's descendants (the init among them)
   * inherit the namespace from it. Such an init's creator switches first instead (or a maker
   * enters `owner`). Only in the second plan after an undecided first (f.timeMakersFirst,
   * planner/index.ts). O(members * slots), memoised.
   */
  const shallowerMakerMemo = new Map<string, number>();
  function shallowerMaker(owner: string, depth: number): boolean {
    if (!f.timeMakersFirst) return false;
    let d = shallowerMakerMemo.get(owner);
    if (d === undefined) {
      d = Infinity;
      for (const t of nsMembers.get(owner) ?? []) {
        if (t.userns === owner && holdsOwnedBy(t, owner)) d = Math.min(d, depthOf(t));
      }
      shallowerMakerMemo.set(owner, d);
    }
    return d < depth;
  }
  /**
   * The task highest up `cr`'s creation chain (creators, through helpers) that is a process
   * leader among `members` and may create the namespace: it makes it before creating (through
   * others) `cr`, which then inherits or joins it; made by `cr` itself, everything on the chain
   * down to `cr` would have to be created before the members above join it (seed 1448). O(chain).
   */
  function topCreatorInNs(cr: Task | undefined, members: Task[], mayCreate: (t: Task) => boolean): Task | undefined {
    if (!cr) return cr;
    const inNs = new Set(members.filter((t) => t.pid[0] === t.tgid));
    let best = cr;
    let by = m.creation.get(cr.tgid)?.by;
    for (let guard = 0; by !== undefined && by !== ROOT_NAME && guard < f.image.tasks.length + 64; guard++) {
      if (by.startsWith('h')) { by = helperByName.get(by)?.by; continue; }
      const t = f.tasks.get(Number(by.slice(1)));
      if (!t) break;
      const ld = f.tasks.get(t.tgid) ?? t;
      if (inNs.has(ld) && mayCreate(ld)) best = ld;
      by = m.creation.get(ld.tgid)?.by;
    }
    return best;
  }
  /** Is any of t's namespaces (not pid_for_children) owned by user ns `owner`? O(slots). */
  function holdsOwnedBy(t: Task, owner: string): boolean {
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    return !!np && SLOTS.some((sl) => f.nsById.get(np[sl])?.owner === owner);
  }
  /** Is t's time ns or time_for_children owned by user ns `owner`? O(1). */
  function holdsTimeOwnedBy(t: Task, owner: string): boolean {
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    return !!np && (f.nsById.get(np.time)?.owner === owner || f.nsById.get(np.timeForChildren)?.owner === owner);
  }
  const ownerOk = (t: Task, ns: string): boolean => {
    const owner = f.nsById.get(ns)?.owner;
    if (!owner || owner === f.rootUserNs || f.nsById.get(owner)?.external) return bornUserOf(t.pid[0]) === f.rootUserNs;
    return t.userns === owner;
  };
  // A process that ends sharing its creator's fs_struct never unshared a mount ns after its
  // birth (unshare(CLONE_NEWNS) gives a private copy, UNSH-1, UNSH-4): another member makes
  // the mount ns (the root of the sharing, which creates it with CLONE_FS afterwards), else the
  // creation cycles through "creator joins its mount ns before sharing its fs_struct". O(1).
  const fsFromCreator = (t: Task): boolean => {
    if (t.pid[0] !== t.tgid || eff(t).fs === null) return false;
    const by = m.creation.get(t.tgid)?.by;
    const cr = by ? creatorThread(by, t) ?? taskOf(by) : undefined;
    return !!cr && eff(cr).fs === eff(t).fs;
  };
  /** t's creator, up through helpers and zombies (which keep the namespaces they are born with, helper-origin.ts) */
  const creatorThrough = (t: Task): string | undefined => {
    let by = m.creation.get(t.tgid)?.by;
    for (let guard = 0; guard < 64 && by !== undefined; guard++) {
      const z = by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
      const up = by.startsWith('h') ? helperByName.get(by)?.by : z?.zombie && z.leader.pid[0] === z.tgid ? m.creation.get(z.tgid)?.by : undefined;
      if (up === undefined) return by;
      by = up;
    }
    return by;
  };
  /** the creator of every namespace a member creates, else its holder (or a failure) */
  function chooseNsCreators(): void {
    for (const [id, members] of nsMembers) {
      const def = f.nsById.get(id);
      if (!def || def.external || def.type === 'pid') continue;
      if (def.type === 'user') {
        // (variant holderOwners: its holder makes it, every member enters it, holder-owner.ts)
        if (f.heldOwners?.has(id) && !nsCreator.has(id)) continue;
        // (a member born inside U, e.g. a CLONE_FS child of a creator that switched first, cannot be its creator)
        const outside0 = members.filter((t) => bornUserOf(t.pid[0]) !== id);
        // (not a member whose creation of it closed a cycle in an earlier build, while others remain)
        const kept = outside0.filter((t) => !isNotCreator(notCreators, id, t.pid[0]));
        const outside = kept.length > 0 ? kept : outside0;
        const cands = (outside.length > 0 ? outside : members.slice()).sort((a, b) => depthOf(a) - depthOf(b) || a.pid[0] - b.pid[0]);
        // (one that forks, before its switch, a process needing a namespace owned by id comes last: seed 6424)
        const ok = (t: Task) => (f.procs.get(t.tgid)?.threads.length ?? 0) === 0;
        let single = cands.find((t) => ok(t) && !ownedHeldBeforeSwitch(t, id)) ?? cands.find(ok) ?? cands[0];
        // (a shallower leader holding a time ns owned by U made it inside U, OWN-1, before its
        // threads and children, which are born in it: it creates U too, threads or not, seed 4329)
        // (only in the second plan, planner/index.ts: f.timeMakersFirst)
        const timeMaker = f.timeMakersFirst ? cands.find((t) => t.pid[0] === t.tgid && t !== single && holdsTimeOwnedBy(t, id)) : undefined;
        if (timeMaker && single && cands.indexOf(timeMaker) < cands.indexOf(single)) single = timeMaker;
        if (nsCreator.has(id)) continue; // created at the birth of a pid ns's init (CLONE_NEWUSER)
        if (single) nsCreator.set(id, single);
        else failures.push({ rule: 'OWN-1', culprits: members.map((t) => t.pid[0]).slice(0, 8), reason: `user namespace ${id} has no live member to create it` });
        continue;
      }
      let cr: Task | undefined;
      // (not a member born after an init whose maker joins id: planner/ordering/maker-ns.ts)
      const free = beforeMakerInits(f, members, (tid) => makers.has(tid), (t) => ownerOk(t, id), (tid) => {
        const by = m.creation.get(tid)?.by;
        return by?.startsWith('t') ? Number(by.slice(1)) : undefined;
      });
      const mayCreate = (t: Task): boolean => ownerOk(t, id) && free(t) && !isNotCreator(notCreators, id, t.pid[0]);
      if (def.type === 'time') {
        const np = (t: Task) => f.nsproxy.get(t.nsproxy!)!;
        // a process leader first: /proc/self/timens_offsets is its (UNSH-6); a thread that makes one
        // writes its own /proc/<tid>/timens_offsets instead (emit.ts create)
        const leaderFirst = members.filter((t) => t.pid[0] === t.tgid).concat(members.filter((t) => t.pid[0] !== t.tgid));
        // a pending time_for_children is its holder's own unshare (UNSH-6): from its final user ns,
        // or from the one it is born in, before its switch (the owner, where it is privileged)
        const pending = (t: Task) => np(t).timeForChildren === id && np(t).time !== id;
        const bornInOwner = (t: Task) => t.pid[0] === t.tgid && !!def.owner && t.userns !== def.owner && bornUserOf(t.pid[0]) === def.owner;
        const onTheWay = (t: Task) => t.pid[0] === t.tgid && !!def.owner && strictlyOnTheWay((a, b) => em.userDescends(a, b), bornUserOf(t.pid[0]), t.userns, def.owner);
        // (not a CLONE_VM child of another process: it could never enter its new time ns, EUSERS
        // while its creator uses the mm, SETNS-6; its creator enters it first and passes it on, FORK-7)
        const vmChild = (t: Task): boolean => {
          const by = m.creation.get(t.tgid)?.by;
          const cr0 = by?.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : undefined;
          return cr0 !== undefined && vmForked(t, cr0);
        };
        // (attempt vmTimeBirths: a pending one held by CLONE_VM sharers is their creator's, which
        // passes it on at the fork, FORK-8: not a CLONE_VM child's, vm-time-birth.ts)
        if (f.vmTimeBirths) cr = leaderFirst.find((t) => pending(t) && mayCreate(t) && !vmChild(t));
        // (variant ownTimeThreads: the holder tied to another task of its process by a shared fd table or fs first, time-threads.ts)
        if (f.ownTimeThreads) cr ??= leaderFirst.find((t) => pending(t) && mayCreate(t) && tiedHolder(f, t, pending));
        cr ??= leaderFirst.find((t) => pending(t) && mayCreate(t)) ?? leaderFirst.find((t) => pending(t) && bornInOwner(t)) ?? leaderFirst.find((t) => pending(t) && onTheWay(t))
          // (a process whose pending time_for_children is id made it, whatever else holds it back: a
          // maker's init it follows, a ban after a cycle; no one else can, seed 16261)
          ?? leaderFirst.find((t) => pending(t) && t.pid[0] === t.tgid && ownerOk(t, id));
        if (cr && def.owner && !ownerOk(cr, id) && !bornInOwner(cr)) timeOnTheWay.set(id, { tid: cr.pid[0], owner: def.owner });
        // (like a mount ns, from the root of an fs_struct sharing: its early mount and time join precedes its CLONE_FS children)
        // (then the member highest up that one's creation chain, topCreatorInNs, seed 1448; not in
        // a re-plan variant, where it would undo a thread's order, seed 5997)
        const free = (t: Task) => mayCreate(t) && !vmChild(t) && !fsFromCreator(t);
        // (only threads hold it, with other offsets: their leader made it before them, thread-time-maker.ts)
        const byLeader = threadTimeMaker(f, members, id, (tgid) => m.creation.get(tgid)?.by);
        if (byLeader && mayCreate(byLeader)) cr = byLeader;
        // (variant threadTimeOwner: threads' pending one owned by their leader's born user ns, thread-time-owner.ts)
        cr ??= threadTimeOwnerLeader(f, members, id, bornUserOf);
        if (!cr) {
          const base = leaderFirst.find(free) ?? leaderFirst.find((t) => mayCreate(t) && !vmChild(t)) ?? leaderFirst.find(mayCreate);
          cr = f.timeCreatorFirstFound ? base : topCreatorInNs(base, members, free);
        }
      } else {
        // (the shallowest member in the creation tree: one whose creator is a member that could
        // make it too would have to join it, or be created before, while it simply inherits it
        // once its creator made it; a mount ns not from a task sharing its creator's fs_struct)
        const mine = new Set(members);
        // (never the owner user ns's creator, when it makes it by its switch: as with
        // unshare(CLONE_NEWUSER|CLONE_NEW...), no one then waits for the other's switch; an init
        // born making it may come late)
        const uc = def.owner ? nsCreator.get(def.owner) : undefined;
        const inner = (t0: Task): boolean => {
          // (a thread's leader makes it instead, below: as inner as its leader)
          const t = t0.pid[0] === t0.tgid ? t0 : f.tasks.get(t0.tgid);
          if (!t || (t === uc && !bornInUser.has(t.pid[0]))) return false;
          const by = creatorThrough(t);
          const c = by?.startsWith('t') ? creatorThread(by, t) ?? f.tasks.get(Number(by.slice(1))) : undefined;
          return !!c && c !== t && mine.has(c) && mayCreate(c);
        };
        const fsOk = (t: Task) => def.type !== 'mnt' || !fsFromCreator(t);
        // (and preferably not one that must hold it before its own switch, heldBeforeSwitch)
        const held = (t: Task) => heldBeforeSwitch(t, id);
        cr = members.find((t) => mayCreate(t) && fsOk(t) && !inner(t) && !held(t)) ?? members.find((t) => mayCreate(t) && fsOk(t) && !inner(t))
          ?? members.find((t) => mayCreate(t) && fsOk(t) && !held(t)) ?? members.find((t) => mayCreate(t) && fsOk(t)) ?? members.find(mayCreate);
      }
      // a thread's leader in the same namespace makes it instead: the leader settles before its
      // threads exist (SETNS-3, UNSH-2), which a namespace its thread makes would have to follow
      if (cr && cr.pid[0] !== cr.tgid && def.type !== 'time') {
        const ld = f.tasks.get(cr.tgid);
        const npLd = ld?.nsproxy ? f.nsproxy.get(ld.nsproxy) : undefined;
        if (ld && npLd && ld.state !== 'zombie' && SLOTS.some((sl) => SLOT_TYPE[sl] === def.type && npLd[sl] === id) && mayCreate(ld)) cr = ld;
      }
      if (cr) nsCreator.set(id, cr);
      else if (def.owner) {
        // nobody who ends in the owner creates it: a holder enters the owner (creating it when it
        // has no member either) and unshares it
        // a holder is in one namespace of a type: a second one of the same type (its unshare
        // leaves the first) has a holder of its own, keyed `owner|type|count` (seed 6644)
        const sameType = (h: { nss: string[] }) => h.nss.some((x) => f.nsById.get(x)?.type === def.type);
        let key = def.owner;
        for (let k = 2; holders.has(key) && sameType(holders.get(key)!); k++) key = `${def.owner}|${def.type}|${k}`;
        let hd = holders.get(key);
        if (!hd) {
          // an environment-owned namespace (the restorer's user ns): the holder stays where it is born
          const envOwner = def.owner === f.rootUserNs || f.nsById.get(def.owner)?.external === true;
          // (only the first holder of an owner creates it; the others enter it from the first)
          hd = { name: newHelperName(), owner: def.owner, nss: [], createsUser: key === def.owner && !envOwner && (!nsMembers.has(def.owner) || f.heldOwners?.has(def.owner) === true) && !nsCreator.has(def.owner), envOwner };
          holders.set(key, hd);
          holderOfNs.set(id, hd);
          helperVectors.set(hd.name, f.rootPidNsExternal ? [alloc(f.hostPidNs)] : []);
        }
        holderOfNs.set(id, hd);
        hd.nss.push(id);
      } else failures.push({ rule: 'OWN-1', culprits: members.map((t) => t.pid[0]).slice(0, 8), reason: `${def.type} namespace ${id} has no owner recorded and none of its members can create it` });
    }
  }
  return { shallowerMaker, chooseNsCreators };
}
