/**
 * Which of a task's namespace joins come before its user-ns switch and which after (build.ts
 * buildSchedule's join-timing reasoning). setns needs CAP_SYS_ADMIN over the namespace's owner
 * (SETNS-3..7): a task born in a user ns above its final one joins what it has rights over there
 * before its switch, and what only its final user ns owns once inside it (lateJoins, nsfix2);
 * what its own threads make it joins after them (threadMadeJoins, nsfix3, UNSH-2). mnt and time
 * need an unshared fs_struct or a single thread (SETNS-3, SETNS-6); execve may drop capabilities
 * (so no late joins then, unless a further build moved them, join-defer.ts). Also whether a
 * thread or child copes with the joins its creator makes (FORK-7). Complexity: O(slots) per
 * task, memoised; bornBeforeSwitchNeeds is O(children of the task).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf, ROOT_NAME } from '../creators/creators.js';
import { SLOTS, type Slot } from '../output/emit.js';
import type { BuildContext, NsProxyOf } from './build-context.js';
import { ownTfcLeavesTime, timeFromBirthThroughZombies } from '../variants/own-tfc.js';
import { singleThreadJoinFirst } from '../variants/threaded-leader-joins.js';
import { threadKeepsOlder } from '../variants/thread-kept-join.js';
import { ownFsThreadKeepsMnt } from '../variants/own-fs-thread-keeps.js';

export function makeLateJoins(ctx: BuildContext) {
  const { f, em, eff, nsCreator, bornInUser, makers, insideJoins, fsUsers, bornUser, bornUserOf, nsSource, ownedWithin, nsOwner, rootMapsToRoot, childrenOf, userSwitch, postSwitch, slotFromBirth } = ctx;
  /**
   * Thread th, created by its leader once the leader has settled (nsfix), copies the leader's
   * final namespaces (FORK-7): can it then reach its own? Only the slots where it differs from
   * the leader matter (threadCanJoin asks about all of them): each is one it makes itself (its own
   * unshare, UNSH-2; not its active time ns, which only setns enters) or one it can join with the
   * credentials it is born with (SETNS-7). O(slots).
   */
  function threadSettlesAfterLeader(th: Task, npL: NsProxyOf | undefined): boolean {
    const np = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    if (!np || !npL) return false;
    const b = bornUser(actorOf(th.pid[0]));
    // (a slot the leader joins from inside its user ns, after forking th: th keeps the older one, threadBeforeLateJoins)
    const leader = f.procs.get(th.tgid)?.leader;
    const lateL = leader && leader !== th ? lateJoins(leader) : undefined;
    const keepsOld = lateL !== undefined && lateL.size > 0 && threadBeforeLateJoins(leader!, th);
    return SLOTS.every((sl) => {
      if (np[sl] === npL[sl]) return true;
      if (sl !== 'time' && nsCreator.get(np[sl]) === th) return true;
      if (keepsOld && lateL!.has(npL[sl])) return true;
      // (nor one the leader makes itself by unshare, which works with threads, UNSH-2: th is
      // created before it, build's thread loop, and keeps the older one nsfix does not change)
      if (sl !== 'mnt' && sl !== 'time' && sl !== 'timeForChildren' && leader && leader !== th && nsCreator.get(npL[sl]) === leader) return true;
      return em.userDescends(nsOwner(np[sl]), b);
    });
  }
  /** Does t get a `user:` step (it moves into its final user ns after birth)? Mirrors the step's creation below. */
  function hasUserStep(t: Task): boolean {
    if (!userSwitch(t)) return false;
    const isThread = t.pid[0] !== t.tgid;
    if (!isThread && bornInUser.get(t.pid[0]) === t.userns) return false;
    const leader = f.procs.get(t.tgid)?.leader;
    return !(isThread && leader && leader.userns === t.userns);
  }
  /**
   * Namespaces t joins after its user-ns switch rather than before: those created by their
   * creator after its own switch and owned by t's final user ns or below, where t has the
   * capabilities once inside (SETNS-7). Joining them early would need them before t's switch,
   * which can close a cycle through the user ns's creation. Not mnt when t's fs_struct is
   * shared (SETNS-3), and not when execve may drop t's capabilities. Memoised, O(slots).
   */
  const lateMemo = new Map<number, Set<string>>();
  const otherOwners = f.image.namespaces.some((n) => n.type === 'user' && !n.external && (n.ownerUid ?? 0) !== 0);
  function lateJoins(t: Task): Set<string> {
    const hit = lateMemo.get(t.pid[0]);
    if (hit) return hit;
    const out = new Set<string>();
    lateMemo.set(t.pid[0], out);
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (!np || t.state === 'zombie' || !hasUserStep(t)) return out;
    // execve may drop the capabilities of its final user ns: only the joins a further build moved
    // here (insideJoins), which then come between the switch and execve (nsfix2 -> execve below)
    const inside = insideJoins.get(t.pid[0]);
    const onlyInside = f.tasks.get(t.tgid)?.execed === true && !rootMapsToRoot(t.userns) ? inside : undefined;
    if (f.tasks.get(t.tgid)?.execed === true && !rootMapsToRoot(t.userns) && !onlyInside) return out;
    // Not yet with credential switches (user namespaces owned by another uid): the late setns
    // then meets ptrace-access refusals (NSFD-1) the emitter does not foresee.
    if (otherOwners && !f.setidsLateJoins) return out;
    for (const sl of SLOTS) {
      // setns(time) also sets time_for_children (SETNS-6): late only when the two are equal
      if (sl === 'timeForChildren' || (sl === 'time' && np.time !== np.timeForChildren)) continue;
      const want = np[sl];
      const def = f.nsById.get(want);
      // (one a further build moved here may be made by a task born in its owner: it still exists only after that user ns)
      // (variant threadKeptJoins: or one a thread of t keeps the older of, thread-kept-join.ts)
      if (!def || def.external || !def.owner || nsCreator.get(want) === t || (!postSwitch(want) && !inside?.has(want) && !threadKeepsOlder(f, t, sl, want, ownedWithin, bornUserOf))) continue;
      if (!em.userDescends(def.owner, t.userns) || (onlyInside && !onlyInside.has(want))) continue;
      if (sl === 'mnt' && (fsUsers.get(eff(t).fs ?? '') ?? 0) > 1) continue;
      if (bornBeforeSwitchNeeds(t, sl, want, true)) continue;
      // (variant threadedLeaderJoins: a leader's mount and time joins before its threads, threaded-leader-joins.ts)
      if (singleThreadJoinFirst(f, t, sl)) continue;
      out.add(want);
    }
    return out;
  }
  /**
   * Is thread th (born after its leader t's user-ns switch) created before t's joins from inside
   * its user ns (nsfix2)? When th ends in a namespace of a slot t joins there that th cannot
   * join itself (owned outside the user ns it is born in, SETNS-7): it keeps what t had before.
   * Only when every such join is of a kind setns allows per thread (uts, ipc, net, cgroup,
   * SETNS-7; not mnt or time, which need a single thread, SETNS-3/6). Seed 3046. O(slots).
   */
  function threadBeforeLateJoins(t: Task, th: Task): boolean {
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    const npTh = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
    if (!np || !npTh) return false;
    const late = lateJoins(t);
    let needs = false;
    for (const sl of SLOTS) {
      if (!late.has(np[sl])) continue;
      // (variant ownFsThreadKeeps: a mount join after a thread with an fs_struct of its own, own-fs-thread-keeps.ts)
      if ((sl === 'mnt' && !ownFsThreadKeepsMnt(f, t, th, (x) => eff(x).fs)) || sl === 'time' || sl === 'timeForChildren') return false;
      if (npTh[sl] !== np[sl] && !ownedWithin(npTh[sl], bornUserOf(th.pid[0]))) needs = true;
    }
    return needs;
  }
  /**
   * Does a process t creates before its user-ns switch (born in a user ns not at or below t's
   * final one: a CLONE_NEWUSER child) need namespace `want` in slot sl, without rights over its
   * owner to join it (SETNS-3..7)? It inherits it, so t joins it while still privileged, not
   * after its switch (seed 8061: 55 forks 69 with CLONE_NEWUSER into user:5, a sibling of its
   * final user:2, and 69 keeps time:3, owned by user:2). O(children of t).
   */
  function bornBeforeSwitchNeeds(t: Task, sl: Slot, want: string, threadsToo = false): boolean {
    const owner = nsOwner(want);
    for (const ctid of childrenOf(actorOf(t.pid[0]))) {
      const c = f.tasks.get(ctid);
      if (!c || makers.has(ctid) || !c.nsproxy) continue;
      const born = bornUserOf(ctid);
      if (em.userDescends(born, t.userns) || em.userDescends(owner, born)) continue;
      const cnp = f.nsproxy.get(nsSource(c).nsproxy ?? '');
      if (cnp?.[sl] === want) return true;
      if (threadsToo) for (const th of f.procs.get(ctid)?.threads ?? []) if (th.nsproxy && f.nsproxy.get(th.nsproxy)?.[sl] === want && !ownedWithin(want, bornUserOf(th.pid[0]))) return true;
    }
    return false;
  }
  /**
   * Must member t hold namespace id (owned by t's final user ns) before its user-ns switch, for
   * a process it forks before then that inherits it, or whose threads do (bornBeforeSwitchNeeds)?
   * Then t cannot be id's creator, which needs t inside the owner first (OWN-1): another member
   * is preferred (seed 6424: 3 forks 22 into user:3 with net:0 before entering user:1). O(children).
   */
  function ownedHeldBeforeSwitch(t: Task, u: string): boolean {
    if (t.pid[0] !== t.tgid || bornUserOf(t.pid[0]) === t.userns) return false;
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (!np) return false;
    for (const sl of SLOTS) if (sl !== 'timeForChildren' && sl !== 'time' && nsOwner(np[sl]) === u && bornBeforeSwitchNeeds(t, sl, np[sl], true)) return true;
    return false;
  }
  function heldBeforeSwitch(t: Task, id: string): boolean {
    // (only an owner t enters at its switch: one it is born in, it creates id in before, seed 1806)
    if (t.pid[0] !== t.tgid || bornUserOf(t.pid[0]) === t.userns || nsOwner(id) !== t.userns) return false;
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    const sl = np ? SLOTS.find((x) => x !== 'timeForChildren' && x !== 'time' && np[x] === id) : undefined;
    return sl !== undefined && bornBeforeSwitchNeeds(t, sl, id, true);
  }
  /**
   * Namespaces a process leader joins that one of its own threads creates (per-thread
   * namespaces, UNSH-2): joined after that thread made them, which is after the leader's
   * privileged steps (its threads come after its user-ns switch). Not mnt or time (setns needs
   * an unshared fs_struct or a single thread), not when execve may drop the capabilities.
   */
  const threadMadeMemo = new Map<number, Set<string>>();
  function threadMadeJoins(t: Task): Set<string> {
    const hit = threadMadeMemo.get(t.pid[0]);
    if (hit) return hit;
    const out = new Set<string>();
    threadMadeMemo.set(t.pid[0], out);
    const pr = f.procs.get(t.tgid);
    const np = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
    if (!pr || pr.leader !== t || pr.threads.length === 0 || !np || t.state === 'zombie') return out;
    if (t.execed === true && !rootMapsToRoot(t.userns)) return out;
    for (const sl of SLOTS) {
      if (sl === 'mnt' || sl === 'time' || sl === 'timeForChildren') continue;
      const cr = nsCreator.get(np[sl]);
      if (cr && cr.tgid === t.tgid && cr !== t) out.add(np[sl]);
    }
    return out;
  }
  /**
   * Does t's main join step (nsfix) change a slot where the namespaces of its thread (or, with
   * `child`, of a process it creates) differ from its own? Not a slot whose namespace t creates itself (its ns step), joins after its
   * user-ns switch (nsfix2) or after a thread made it (nsfix3), has from birth on (slotFromBirth),
   * nor one where the thread or child `who` makes its own. O(slots).
   */
  function joinsWhereDiffers(t: Task, npL: NsProxyOf | undefined, npTh: NsProxyOf | undefined, child = false, who?: Task, skip?: ReadonlySet<string>): boolean {
    if (!npL || !npTh) return true;
    const late = lateJoins(t);
    const byThread = threadMadeJoins(t);
    return SLOTS.some((sl) => {
      const want = npL[sl];
      // a child process (not a thread) is born in its creator's time_for_children (FORK-7); the
      // join step's setns(time) into t's final time ns sets time_for_children to it as well
      // (SETNS-6), so a child ending there is helped, not harmed, by it
      if (child && sl === 'time' ? npTh.time === npL.timeForChildren || npTh.time === want : npTh[sl] === want) return false;
      // (nor one t joins in a deferred step of its own, `skip`: split-joins.ts orders those apart)
      if (skip?.has(want)) return false;
      // (nor where the thread or child `who` makes its own namespace: it replaces whatever it is
      // born with there by its unshare, UNSH-4; not time, whose own ns it enters by setns)
      if (who && sl !== 'time' && sl !== 'timeForChildren' && nsCreator.get(npTh[sl]) === who) return false;
      const own = nsCreator.get(want) === t;
      if (sl === 'timeForChildren' || sl === 'time') {
        if (own) return false; // the ns step enters its own
        // (variant ownTfc: time from birth, time_for_children its own: the step touches neither, own-tfc.ts)
        if (f.ownTfc && npL.time === npL.timeForChildren && late.has(npL.time)) return false;
        if (f.ownTfc && ownTfcLeavesTime(f, npL, slotFromBirth(t, 'time') || timeFromBirthThroughZombies(f, ctx.m, t, npL.time, em.get(ROOT_NAME).slots.timeForChildren, (g) => makers.has(g), (c) => slotFromBirth(c, 'time') && slotFromBirth(c, 'timeForChildren')), (id) => nsCreator.get(id) === t)) return false;
        // (a time_for_children `who` makes itself by unshare(CLONE_NEWTIME) replaces the one it
        // is born with, UNSH-6; a time ns t has from birth, with its time_for_children, no
        // setns(time) of t changes, SETNS-6)
        if (sl === 'timeForChildren' && who && nsCreator.get(npTh.timeForChildren) === who) return false;
        return !(slotFromBirth(t, 'time') && slotFromBirth(t, 'timeForChildren'));
      }
      // (nor a slot t has its final namespace in from birth on: the join step leaves it alone)
      return !own && !late.has(want) && !byThread.has(want) && !slotFromBirth(t, sl);
    });
  }
  return { threadSettlesAfterLeader, hasUserStep, lateJoins, otherOwners, threadBeforeLateJoins, ownedHeldBeforeSwitch, heldBeforeSwitch, threadMadeJoins, joinsWhereDiffers };
}
