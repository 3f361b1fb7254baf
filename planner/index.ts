/**
 * planImage: validate, decide (forced propagation, then per-session components by LP or the
 * constructive fallback), build the dependency graph, order it, emit the operations, and verify
 * the plan on the simulated kernel. A plan that does not replay to an exact match never leaves
 * this function: it becomes `undecided` naming the planner bug.
 *
 * Complexity: every phase is O(tasks + namespaces) or O((V+E) log V) for the ordering, except
 * the LP components, which are bounded in size (one session's open members, at most 400) and in
 * time (opts.componentBudgetMs each); larger or slower components use the linear fallback.
 */
import { createHash } from 'node:crypto';
import type { Image } from '../model/image.js';
import { validateImage } from '../model/validate.js';
import { replayOnSimKernel } from '../executor/sim.js';
import { diffImages } from '../kernel/diff.js';
import { DEFAULT_PROFILE } from '../kernel/profile.js';
import { ROOT_ACTOR } from '../executor/ops.js';
import type { ComponentStatus, Helper, Plan } from './plan.js';
import { PLAN_FORMAT } from './plan.js';
import type { Impossibility, PlanOptions, PlanOutcome } from './api.js';
import { buildFacts, isRootOwned, pidNsAtLevel } from './facts/facts.js';
import type { Facts } from './facts/facts.js';
import type { CreatorModel, HelperSpec } from './creators/creators.js';
import { actorOf, forcedCreators, newModel, setBornSid, timingIn } from './creators/creators.js';
import { userOrphanLeaders } from './creators/user-orphans.js';
import { decideSession, newHelperName, resetHelperNames, type Avoid, type LpMemo } from './creators/sessions.js';
import { buildSchedule } from './graph/build.js';
import { setsidMakersOnCycle } from './ordering/setsid-makers.js';
import type { Schedule } from './ordering/schedule.js';
import { Emitter, EmitError, type Slot } from './output/emit.js';
import { makerBirthInheritsOnCycle, privilegedCreationsOnCycle, privilegedHelpersOnCycle, sameNsSiblings, sameSessionSiblings } from './ordering/exec-order.js';
import { findingsToProof, cycleToReason } from './proof.js';
import { MAX_REPLANS, cycleChoices, mergeAvoid } from './replan.js';
import { initWalksOnCycle, initsNotWalked } from './creators/init-walk.js';
import { ghostConflictsToAvoid } from './creators/ghost-conflict.js';
import { nsCreatorsOnCycle, withNotCreators, type NotCreators } from './ordering/ns-creator-ban.js';
import { deferrableJoinsOnCycle, insideJoinsOnCycle, withDeferred, type DeferredJoins } from './ordering/join-defer.js';
import { splitJoinsOnCycle } from './ordering/split-joins.js';
import { onTheWayCreationsOnCycle } from './ordering/time-on-the-way.js';
import { owningInitsOnCycle } from './ordering/owner-inits.js';
import { keptRightsJoinsOnCycle } from './ordering/kept-rights-joins.js';
import { forkThroughPfcHelpers, pfcCreatorsOnCycle } from './ordering/pfc-helper.js';
import { bornSessionKeepersOnCycle } from './variants/born-session-helper.js';
import { heldOwnersOnCycle } from './ordering/holder-owner.js';
import { MAX_REBUILDS, firstBudget, moreBudget, type RebuildBudget } from './rebuild-budget.js';
import { regroupLeadersOnCycle } from './ordering/regroup-leader.js';
import { environmentInitLimit, mmSharersInOwnTimeNs, profileLimits, sharedEmptyPidNs, vocabularyLimits, zombieInitSigchldLimit } from './checks/limits.js';
import { kernelInvariantLimit } from './checks/kernel-invariants.js';
import { initSessionUserNsLimit } from './checks/init-session-userns.js';
import { initSessionNsLimit } from './checks/init-session-ns.js';
import { fsPinnedForksLimit } from './checks/fs-pinned-forks.js';
import { unknownUserNs } from './checks/unknowns.js';
import { hasDeadLeaderPendingTfc, withDeadLeaderNamespaces } from './facts/dead-leaders.js';
import { shareWithSiblings } from './sharing/sharers.js';
import { relayThroughZombieChildren } from './sharing/zombie-relay.js';
import { chainThroughZombies } from './sharing/zombie-chain.js';
import { bornUserChoices } from './creators/born-user-choices.js';
import { bornBelowChoices } from './variants/born-below.js';
import { shareAncestorChoices } from './sharing/share-ancestor-choices.js';
import { groupGhostPlace } from './creators/group-ghost-ns.js';
import { groupGhostElsewhere } from './creators/group-ghost-elsewhere.js';
import { anyParentMove, enableParentMoves } from './creators/parent-group.js';
import { movesForGhosts } from './creators/parent-moves.js';
import { movesForLeavers } from './creators/leaving-leader.js';
import { orphanBirthSessions } from './creators/orphan-sharer-session.js';
import { shareThroughCarriers } from './sharing/share-carriers.js';
import { carryBeforeExec, setPreExecCarriers } from './variants/pre-exec-carrier.js';
import { relaysToParents } from './sharing/relay-parents.js';
import { shareFromSources } from './sharing/share-sources.js';
import { shareFromZombieSources } from './sharing/zombie-sources.js';
import { shareThroughSubreaperSources } from './variants/subreaper-source.js';
import { forkThroughThreadHolders } from './variants/thread-holder.js';
import { shareThroughZombies } from './sharing/share-zombies.js';
import { shareThroughGhosts } from './sharing/share-ghosts.js';
import { restorerUid, unprivilegedObstacles } from './checks/unprivileged.js';
import { fsMntMoves, insertPidfdJoins } from './checks/fs-across-mnt.js';
import { emitRefusalChoices } from './creators/emit-choices.js';
import { makerRefusedFor } from './variants/maker-refusal.js';
import { releaseUserHolders } from './output/user-holder.js';
import { emittedHelpers } from './output/emitted-helpers.js';
import { setidsCreatorBuilds } from './graph/setids-ns-creators.js';
import { retryLater, stillOpen } from './creators/group-ghost-heirs.js';
import { takenGroupNumbers } from './creators/group-taken-number.js';
import { anyGhostBirth, applyGhostBirths, findGhostBirths } from './variants/sess-ghost-birth.js';
import { GHOST_UNDER_TWO, setGhostOptionsAgain } from './variants/sess-ghost-options.js';
import { setGhostLatePairs } from './variants/ghost-late-pair.js';
import { NO_SESSION_CREATOR, setLooseZombies, setOneStepLifts } from './variants/one-step-lift.js';
import { anyZombieLeaver, setZombieLeavers } from './variants/zombie-leaver.js';
import { anyTakenEverywhere, takenEverywhere } from './variants/group-taken-everywhere.js';
import { sessionGhostForker, setGhostForkedGroups } from './variants/ghost-forked-group.js';
import { setLateGhostForkers } from './variants/late-ghost-forker.js';
import { setZombieMovers } from './variants/zombie-mover.js';
import { setEarlyThreadCarriers } from './variants/early-thread-carrier.js';
import { setZombieGroupSharers } from './variants/zombie-group-sharer.js';
import { linkZombieTables, setZombieTableChains } from './variants/zombie-table-chain.js';
import { chosenZombieHoldersUsed, setChosenZombieHolders } from './variants/chosen-zombie-holder.js';
import { anyZombieBirthNeeds, setZombieBirthNeeds } from './variants/zombie-birth-needs.js';
import { setGhostOwnShares } from './variants/ghost-own-share.js';
import { setInitThreadRelays } from './variants/init-thread-relay.js';
import { helpersAfterSwitch } from './variants/helper-after-switch.js';
import { setRootGhostShares } from './variants/root-ghost-share.js';
import { setParentBornGroups } from './variants/parent-born-group.js';
import { setRelayBirthMnts } from './variants/relay-birth-mnt.js';
import { ghostSharedForks } from './variants/ghost-shared-forks.js';
import { setDeadCarried } from './variants/dead-leader-carried.js';
import { setGhostPidHelpers } from './variants/ghost-pid-helper.js';
import { setBornGroupHolders } from './variants/born-group-holder.js';
import { setDeadHolderRelays } from './variants/dead-holder-relay.js';
import { setThreadKeptJoins } from './variants/thread-kept-join.js';
import { anySplitGroup, splitGroupNamespaces } from './variants/group-split-ns.js';
import { followUpsFor } from './variants/creator-follow-ups.js';
import { cycleRetriesFor } from './variants/cycle-retries.js';
import { HELPER_INHERITS_GROUP, setSettledCarriers } from './variants/settled-carriers.js';
import { setPreSwitchZombieForks } from './variants/pre-switch-zombie-fork.js';
import { LEADER_FORKS_IN_TWO_GROUPS, visitingLeadersOnCycle } from './variants/visiting-leader.js';
import { THREAD_SHARER_AFTER_SWITCH, setLeaderFirstTables } from './variants/leader-first-table.js';
import { THREAD_KEEPS_BEFORE_SWITCH, lastThreadFirst } from './variants/last-thread-leader.js';
import { GHOST_UNDER_LIFTED, setUnusedGhostPlaces } from './variants/unused-ghost-place.js';
import { HELD_OWNER_AFTER_SET_TID } from './variants/held-owner-alone.js';
import { HELPER_BOTH_SIDES } from './variants/helper-joins-for.js';
import { MAKER_FORK_BEFORE_SWITCH } from './variants/inside-owner-init.js';
import { deadFirstHolderMnts } from './variants/dead-first-holder-mnt.js';
import { deadUserRelayIn } from './variants/dead-leader-user-relay.js';
import { anyNsKeeperThread } from './variants/ns-keeper-thread.js';
import { anyThreadOwnTfc } from './variants/thread-own-tfc.js';
import { anyExecTableInit } from './variants/exec-table-init.js';
import { setBornSources } from './variants/born-source.js';
import { forkGhostsWithVm, setVmGhosts } from './variants/vm-ghost.js';
import { VM_RIGHTS_FOLLOW_UP, VmTimeFollowUps } from './variants/vm-time-follow-up.js';

export type { PlanOptions, PlanOutcome } from './api.js';

/**
 * Numbers that image tasks' own pids hold, per pid ns (not pgid/sid numbers): built on first use,
 * O(tasks x levels).
 */
function taskPidsByNs(f: Facts): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const t of f.image.tasks) {
    for (let l = 0; l < t.pid.length; l++) {
      const ns = pidNsAtLevel(f, t.pidns, l);
      if (!ns) continue;
      if (!out.has(ns)) out.set(ns, new Set());
      out.get(ns)!.add(t.pid[l]);
    }
  }
  return out;
}

/** The answer naming a dead leader's group no task of its session can recreate (variant ghostForkedGroups' gate). */
const NO_GROUP_GHOST = /group \d+'s leader is dead and no task of its session lives in a pid namespace of its level/;
/** The answer naming a dead leader's group whose number is a task's pid in its ghost's pid ns (variant takenEverywhere's gate). */
const GROUP_NUMBER_TAKEN = /group \d+'s leader is dead; its number \d+ at level \d+ is task \d+'s pid/;

/** Group ghosts: a group whose leader is gone, held by a ghost with pid = pgid (PGID-3). O(groups). */
function groupGhosts(f: Facts, m: CreatorModel): void {
  let taken: Map<string, Set<number>> | undefined;
  for (const [g, members] of f.groups) {
    if (f.procs.has(g) || isRootOwned(f, g) || m.sessionGhost.has(g) || m.groupGhost.has(g)) continue;
    const ps = members.map((t) => f.procs.get(t)!);
    const vec = ps[0].leader.pgid;
    let { ns, creator } = groupGhostPlace(f, m, ps, vec);
    // (the bornCreators variant: another pid ns of the leader's level, group-ghost-elsewhere.ts)
    const elsewhere = () => groupGhostElsewhere(f, m, ps, vec);
    if (!ns || !creator) ({ ns, creator } = elsewhere() ?? { ns, creator });
    // (variant ghostForkedGroups: forked by the session's ghost from above, ghost-forked-group.ts)
    const sg = !ns || !creator ? sessionGhostForker(f, m, ps, vec) : undefined;
    if (sg) {
      const h: HelperSpec = {
        name: newHelperName(), role: 'group-ghost', why: `group ${g}'s leader is dead and no task of session ${ps[0].sid} lives in its pid ns ${sg.ns}; session ${ps[0].sid}'s ghost ${sg.by.name} forks a ghost with pid ${g} there, which recreates the group so members can join it (SETNS-5, FORK-9, PGID-2, PGID-3)`,
        vector: vec.slice(), pidns: sg.ns, by: sg.by.name, timing: 'any', session: ps[0].sid, group: g, setsid: false, setpgid: true, creates: [], placed: true,
      };
      m.groupGhost.set(g, h);
      m.helpers.push(h);
      continue;
    }
    if (!ns || !creator) {
      m.failures.push({ rule: 'PGID-2', culprits: members.slice(0, 8), reason: `group ${g}'s leader is dead and no task of its session lives in a pid namespace of its level to recreate it with a ghost` });
      continue;
    }
    // The dead leader's innermost number is a live task's own pid in that ns: the leader lived in
    // another pid ns of that level (a struct pid keeps its number while a group uses it, PID-3).
    // A ghost there would need a pid ns the image does not have; the planner makes none.
    const inner = vec[vec.length - 1];
    const lvl = vec.length - 1;
    // (the scan for the task to name runs only on this failure path)
    const holder = (taken ??= taskPidsByNs(f)).get(ns)?.has(inner) ? f.image.tasks.find((t) => t.pid[lvl] === inner && pidNsAtLevel(f, t.pidns, lvl) === ns) : undefined;
    const other = holder ? elsewhere() : undefined;
    if (other?.ns && other.creator) {
      ns = other.ns;
      creator = other.creator;
    } else if (holder) {
      m.failures.push({ rule: 'PID-3', culprits: [holder.pid[0], ...members.slice(0, 7)], reason: `group ${g}'s leader is dead; its number ${inner} at level ${lvl} is task ${holder.pid[0]}'s pid in pid ns ${ns}, so the leader lived in another pid ns of that level, and the planner makes no pid ns to recreate it there with a ghost` });
      continue;
    }
    const h: HelperSpec = {
      name: newHelperName(), role: 'group-ghost', why: `group ${g}'s leader is dead; a ghost with pid ${g} in session ${ps[0].sid} recreates the group so members can join it (PGID-2, PGID-3)`,
      vector: vec.slice(), pidns: ns, by: actorOf(creator.tgid), timing: timingIn(f, m, creator.tgid, isRootOwned(f, ps[0].sid) ? 0 : ps[0].sid) ?? 'any', session: ps[0].sid, group: g, setsid: false, setpgid: true, creates: [], placed: true,
    };
    m.groupGhost.set(g, h);
    m.helpers.push(h);
  }
}

function rootSlots(image: Image): Record<Slot, string> {
  const ext = (type: string) => image.namespaces.find((n) => n.type === type && n.external)?.id ?? `@host-${type}`;
  return { uts: ext('uts'), ipc: ext('ipc'), mnt: ext('mnt'), net: ext('net'), cgroup: ext('cgroup'), time: ext('time'), timeForChildren: ext('time') };
}

function sha256(image: Image): string {
  return createHash('sha256').update(JSON.stringify(image)).digest('hex');
}

export function planImage(image: Image, opts: PlanOptions = {}): PlanOutcome {
  return namedLimits(image, planWithVariants(image, opts));
}

function planWithVariants(image: Image, opts: PlanOptions): PlanOutcome {
  const pre = beforePlanning(image, opts);
  if (pre) return fsSharedAcrossMnt(pre) ? (planFsAcrossMnt(image, opts) ?? pre) : pre;
  const first: Variant = { ...NO_VARIANT, rebuilds: firstBudget() };
  const out = planAvoiding(image, opts, new Map(), 0, first);
  // (attempt vmTimeBirths, for images with processes sharing an address space only: their CLONE_VM
  // forks ordered against their creators' time namespaces, planner/ordering/vm-time-birth.ts; kept
  // only when it plans, also after a first plan failing replay with EUSERS, namedLimits)
  // (images with processes sharing an mm: the vmTimeBirths attempt, and the vm-forks variants' gate below)
  const vmShared = out.kind === 'undecided' && processesShareMm(image);
  if (vmShared) {
    const vm = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, vmTimeBirths: true, rebuilds: firstBudget() });
    if (vm.kind === 'plan') return vm;
  }
  if (out.kind !== 'undecided' || out.reason.startsWith('planner bug')) return out;
  // (the attempts that spent their rebuild budget, rebuild-budget.ts)
  const spent: Variant[] = first.rebuilds!.spent ? [NO_VARIANT] : [];
  // undecided: again with the variants below, in turn; the first answer stands unless one of
  // them finds a plan (a planner bug is reported as such)
  const facts0 = buildFacts(withDeadLeaderNamespaces(image));
  const moves = anyParentMove(facts0);
  // (variant ghostBirths only for an image with a sharer its session's ghost must fork before its setsid)
  const births = anyGhostBirth(facts0);
  // (variant splitGroupNs only for an image with a dead leader's group spread over pid namespaces of its level)
  const split = anySplitGroup(facts0);
  // (variant zombieLeavers only after an answer naming a member no task of its session can create, for an image with a zombie that left the group it leads)
  const leavers = NO_SESSION_CREATOR.test(out.reason) && anyZombieLeaver(facts0);
  // (variant ghostForkedGroups only after an answer naming a dead leader's group no task of its session can recreate)
  const noGroupGhost = NO_GROUP_GHOST.test(out.reason);
  // (variant takenEverywhere only after such an answer, or one naming a group's number taken in its ghost's pid ns, for an image with a dead leader's group no member pid ns of its level can hold)
  const everywhere = (noGroupGhost || GROUP_NUMBER_TAKEN.test(out.reason)) && anyTakenEverywhere(facts0);
  const time = hasDeadLeaderPendingTfc(image) || image.namespaces.some((n) => n.type === 'time' && !n.external);
  let bug: PlanOutcome | undefined;
  // (follow-ups vmTimeFollowUps, only for images with processes sharing an mm, vm-time-follow-up.ts)
  const vmFollowUps = new VmTimeFollowUps();
  // (the cycle variants (own-joins.ts, thread-before-deferred.ts, thread-time-owner.ts, own-tfc.ts, holder-owner.ts) serve first attempts stopped on an ordering cycle only)
  const cycle = out.reason.startsWith('the ordering constraints form a cycle');
  // (the dumpable variants change a plan only where a credential change makes a task non-dumpable:
  // a user ns owned by another uid than the restorer's, dump-after-switch.ts)
  const uid = restorerUid(opts.profile ?? DEFAULT_PROFILE);
  const creds = image.namespaces.some((n) => n.type === 'user' && (n.ownerUid ?? uid) !== uid) || uid !== 0;
  for (const v0 of VARIANTS) {
    if ((v0.moves && !moves) || (v0.timeMakers && !time) || ((v0.ownJoins || v0.keptDeferred || v0.threadTimeOwner || v0.ownTfc || v0.holderOwners) && !cycle) || ((v0.dumpable || v0.rootEuidExec) && !creds)) continue;
    if ((v0.ghostBirths && !births) || (v0.ghostOptionsAgain && !v0.oneStepLifts && !GHOST_UNDER_TWO.test(out.reason)) || (v0.oneStepLifts && !NO_SESSION_CREATOR.test(out.reason)) || (v0.splitGroupNs && !split) || (v0.zombieLeavers && !leavers) || (v0.takenEverywhere && !everywhere) || (v0.ghostForkedGroups && !noGroupGhost) || ((v0.lateGhostForkers || v0.zombieMovers) && !NO_SESSION_CREATOR.test(out.reason))) continue;
    if ((v0.lateKeeps || v0.threadKids) && !out.reason.includes('no rights over')) continue;
    if ((v0.wayDownOrder || v0.filesMakers) && !out.reason.endsWith('(OWN-1)')) continue;
    if ((v0.forkingThreadMnt || (v0.zombieSwitchMnt && !v0.chosenZombieHolders) || v0.zombiePreSwitchNs || v0.deadLeaderMntRelays) && !out.reason.includes('but shares its fs_struct with other threads (SETNS-3)')) continue;
    if ((v0.ghostBirths && !births) || (v0.ghostOptionsAgain && !v0.oneStepLifts && !GHOST_UNDER_TWO.test(out.reason)) || (v0.oneStepLifts && !NO_SESSION_CREATOR.test(out.reason)) || (v0.splitGroupNs && !split)) continue;
    if ((v0.lateKeeps || v0.threadKids || v0.deepMakerNeeds || v0.makerRefusals) && !out.reason.includes('no rights over')) continue;
    if ((v0.creatorFollowUps || v0.leaderSiblingBirths) && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if (v0.userBoundCreators && !out.reason.includes('cannot move back up') && !out.reason.includes('no rights over')) continue;
    if (v0.standInFsFirst && !out.reason.includes('cannot move back up')) continue;
    if (v0.outerInits && !out.reason.startsWith('no live task in pid namespace')) continue;
    if (v0.threadedLeaderJoins && !out.reason.includes('no rights over')) continue;
    if (v0.ghostPidHelpers && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if (v0.bornGroupHolders && !GROUP_NUMBER_TAKEN.test(out.reason)) continue;
    if (v0.deadHolderRelays && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if (v0.threadKeptJoins && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if ((v0.threadedLeaderJoins || v0.threadInterimJoins || v0.ownMntKeepers || v0.ownFsThreadKeeps || v0.lateBornAnyOrder || v0.makerEarlyJoins) && !out.reason.includes('no rights over')) continue;
    if (v0.threadsBeforeAwayPfc && !out.reason.includes(' needs pid_for_children ')) continue;
    if (v0.transitGroups && !INVISIBLE_GROUP_JOIN.test(out.reason) && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if (v0.ghostLatePairs && !GHOST_UNDER_TWO.test(out.reason)) continue;
    if (v0.deadUserRelays && !(out.reason.endsWith('(OWN-1)') && deadUserRelayIn(image))) continue;
    if (v0.chosenZombieHolders && !NO_SESSION_CREATOR.test(out.reason)) continue;
    if ((v0.vmTimeThreads || v0.lateSettledBirths) && !(vmShared && out.reason.endsWith('(UNSH-6)'))) continue;
    if (v0.nsKeeperThreads && !(NO_SESSION_CREATOR.test(out.reason) && anyNsKeeperThread(image))) continue;
    if (v0.threadOwnTfcs && !(out.reason.endsWith('(UNSH-6)') && anyThreadOwnTfc(image))) continue;
    if (v0.execTableInits && !(NO_SESSION_CREATOR.test(out.reason) && anyExecTableInit(image))) continue;
    if (v0.userKeepers && !/^user namespace \S+ has no live member whose ns files/.test(out.reason) && !/^nobody in user ns \S+ is alive to write/.test(out.reason)) continue;
    const v: Variant = { ...v0, rebuilds: firstBudget() };
    const again = planAvoiding(image, opts, new Map(), 0, v);
    if (again.kind === 'plan') return again;
    // (variant creatorFollowUps: again with what this attempt's own answer asks for, kept only
    // when verified, creator-follow-ups.ts)
    if (v0.creatorFollowUps && again.kind === 'undecided') for (const fu of followUpsFor(again.reason)) {
      const next = planAvoiding(image, opts, new Map(), 0, { ...v0, ...fu, rebuilds: firstBudget() });
      if (next.kind === 'plan') return next;
    }
    // (a variant's plan failing verification is a planner bug, reported unless another variant plans it)
    if (again.kind === 'undecided' && again.reason.startsWith('planner bug')) bug ??= again;
    // (a plan refused a time join with EUSERS: made again last with vmTimeBirths, vm-time-follow-up.ts)
    if (again.kind === 'undecided' && vmShared) vmFollowUps.note(v0, again.reason);
    if (v.rebuilds!.spent) spent.push(v0);
  }
  // last, those attempts again with a larger rebuild budget (rebuild-budget.ts)
  for (const v0 of spent) {
    const again = planAvoiding(image, opts, new Map(), 0, { ...v0, rebuilds: moreBudget() });
    if (again.kind === 'plan') return again;
    if (again.kind === 'undecided' && again.reason.startsWith('planner bug')) bug ??= again;
  }
  // (kept only when it verifies: born sessions through a restorer's child's sibling, root-sibling-birth.ts)
  if (out.reason.endsWith('(FORK-4)')) for (const v0 of SHR_VARIANTS) {
    if ((v0.execMmRelays || v0.vmGhosts) && !out.reason.includes(' share mm ')) continue;
    const again = planAvoiding(image, opts, new Map(), 0, { ...v0, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  // (kept only when it verifies: after a first answer naming an ordering cycle, the combinations
  // of CYCLE_VARIANTS, each gated on the rule that closed it)
  if (cycle) for (const v0 of CYCLE_VARIANTS) {
    if (v0.pfcEmitHelpers && !out.reason.includes('(PID-1)')) continue;
    if (v0.rootSiblingBirths && !out.reason.includes('(SETNS-7)')) continue;
    if (v0.initSharers && !out.reason.includes('init exists before its other members (FORK-9)')) continue;
    if (v0.execCaps && !(time && out.reason.includes('because setns needs the capabilities execve may drop (SETNS-7)'))) continue;
    if (v0.bornSessionHelpers && !(out.reason.includes('keeps the old session (SID-2)') && out.reason.includes('init exists before its other members (FORK-9)'))) continue;
    if (v0.settledCarriers && !HELPER_INHERITS_GROUP.test(out.reason)) continue;
    if (v0.visitingLeaders && !LEADER_FORKS_IN_TWO_GROUPS.test(out.reason)) continue;
    if (v0.leaderFirstTables && !THREAD_SHARER_AFTER_SWITCH.test(out.reason)) continue;
    if (v0.lastThreadLeaders && !THREAD_KEEPS_BEFORE_SWITCH.test(out.reason)) continue;
    if (v0.unusedGhostPlaces && !GHOST_UNDER_LIFTED.test(out.reason)) continue;
    if (v0.heldOwnersAlone && !HELD_OWNER_AFTER_SET_TID.test(out.reason)) continue;
    if (v0.helperJoinsFor && !HELPER_BOTH_SIDES.test(out.reason)) continue;
    if (v0.insideOwnerInits && !MAKER_FORK_BEFORE_SWITCH.test(out.reason)) continue;
    const again = planAvoiding(image, opts, new Map(), 0, { ...v0, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  // (also kept only when it verifies: after an OWN-1 answer, those born sessions too, whose session
  // choices give a pid-ns init another creator than a helper forked outside the pid ns's owner: seed 42231)
  if (out.reason.endsWith('(OWN-1)')) {
    const again = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, rootSiblingBirths: true, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  // (last, kept only when it verifies: a pid-ns init's child forked by a helper holding what the
  // init cannot give it, init-join-helper.ts)
  if (!bug && (out.reason.includes('no rights over') || out.reason.includes('cannot move back up'))) {
    const ij = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true });
    if (ij.kind === 'plan') return ij;
    // (and a creator's interim joins for a child born in a new user ns that needs its final
    // namespaces and others it left, interim-joins.ts; also kept only when it verifies)
    const rj = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, creatorInterimJoins: true });
    if (rj.kind === 'plan') return rj;
    // (last, also kept only when it verifies: that helper's source in another group of the
    // child's session, the child joining its own group itself, init-join-groups.ts)
    const ig = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true, initJoinGroups: true });
    if (ig.kind === 'plan') return ig;
    // (and those helpers for a child making its own pid ns, whose owner is then compared, init-join-new-pidns.ts)
    const inp = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true, initJoinNewPidns: true });
    if (inp.kind === 'plan') return inp;
    // (and those helpers' children putting no birth needs on the init, init-join-birth-needs.ts)
    const ibn = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true, initJoinBirthNeeds: true });
    if (ibn.kind === 'plan') return ibn;
    // (and a zombie born in what its children can only inherit, forked by such a helper when its parent is an init, zombie-birth-needs.ts)
    if (image.tasks.some((t) => t.state === 'zombie')) {
      const zbn = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true, zombieBirthNeeds: true });
      if (zbn.kind === 'plan') return zbn;
    }
    // (and those helpers for a child making its own time_for_children, holding only its time ns, init-join-own-tfc.ts)
    if (out.reason.includes(' must enter time ns ')) {
      const iot = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, initJoinHelpers: true, initJoinOwnTfcs: true });
      if (iot.kind === 'plan') return iot;
    }
  }
  // (last, kept only when it verifies: a variant whose plan replay refused a time join with EUSERS,
  // again with its CLONE_VM forks ordered against their creators' time namespaces, vm-time-follow-up.ts)
  for (const v0 of vmFollowUps.followUps()) {
    const again = planAvoiding(image, opts, new Map(), 0, { ...v0, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  // (and after a join refused for want of rights, vmTimeBirths with a creator's interim joins and a
  // holder making a user ns, vm-time-follow-up.ts; also kept only when it verifies)
  if (vmShared && out.reason.includes('no rights over')) {
    const again = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, ...VM_RIGHTS_FOLLOW_UP, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  // (last, after a cycle answer every attempt above left undecided, kept only when verified: the
  // re-plan variants that remove one of that cycle's edges, cycle-retries.ts)
  if (cycle && !bug) for (const v0 of cycleRetriesFor(out.reason, image)) {
    const again = planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, ...v0, rebuilds: firstBudget() });
    if (again.kind === 'plan') return again;
  }
  return bug ?? out;
}

const fsSharedAcrossMnt = (out: PlanOutcome) => out.kind === 'undecided' && out.reason.includes('(FS_SHARED_ACROSS_NS, SETNS-2)');

/**
 * An fs_struct shared across mount namespaces (planner/checks/fs-across-mnt.ts): the image planned with
 * its sharers in one mount ns, then pidfd joins that move the others, verified against the image
 * itself. undefined when that gives no verified plan (the limit's undecided stands).
 */
function planFsAcrossMnt(image: Image, opts: PlanOptions): PlanOutcome | undefined {
  const mv = fsMntMoves(image);
  if (!mv) return undefined;
  const inner = planWithVariants(mv.planned, opts);
  if (inner.kind !== 'plan') return undefined;
  const profile = opts.profile ?? DEFAULT_PROFILE;
  const ops = insertPidfdJoins(image, inner.plan.ops, mv.moves, profile);
  if (!ops) return undefined;
  const plan: Plan = {
    ...inner.plan,
    image: { ...(image.description !== undefined ? { description: image.description } : {}), sha256: sha256(image) },
    ops, summary: { ...inner.plan.summary, operations: ops.length, verified: false },
  };
  if (verifyPlan(image, plan, profile)) return undefined;
  plan.summary.verified = true;
  // the graph's steps name the inner plan's op indexes: renumbered past the inserted joins (which
  // belong to no step)
  const at = new Map(ops.map((o, i) => [o, i]));
  let graph: typeof inner.graph | undefined;
  const outcome = { kind: 'plan' as const, plan } as Extract<PlanOutcome, { kind: 'plan' }>;
  Object.defineProperty(outcome, 'graph', {
    enumerable: true,
    get: () => {
      if (graph) return graph;
      graph = inner.graph;
      for (const id of graph.nodes()) {
        const n = graph.node(id);
        if (n) n.ops = n.ops.map((k: number) => at.get(inner.plan.ops[k]) ?? k);
      }
      return graph;
    },
  });
  return outcome;
}

/** Do two live processes (not threads of one) share an address space (CLONE_VM)? O(tasks). */
function processesShareMm(image: Image): boolean {
  const byMm = new Map<string, number>();
  for (const t of image.tasks) {
    if (t.mm === null || t.nsproxy === null) continue;
    const g = byMm.get(t.mm);
    if (g === undefined) byMm.set(t.mm, t.tgid);
    else if (g !== t.tgid) return true;
  }
  return false;
}

/** A plan failing replay on a named limit is that limit, not a planner bug. */
function namedLimits(image: Image, out: PlanOutcome): PlanOutcome {
  if (out.kind !== 'undecided' || !out.reason.startsWith('planner bug')) return out;
  // Processes sharing an mm in a time ns the restore creates are planned when the plan puts the
  // first of them in it before it clones the others; a plan doing it the other way fails with
  // EUSERS on replay (SETNS-6), which is that named limitation, not a planner bug.
  if (out.reason.includes('EUSERS')) {
    const mm = mmSharersInOwnTimeNs(image);
    if (mm) return { kind: 'undecided', reason: mm.reason, culprits: mm.culprits };
  }
  // A member-less pid ns several tasks hold as pid_for_children is planned with a temporary init
  // (planner/ordering/empty-pfc.ts) when one holder lives in its parent pid ns; a plan failing on replay
  // there is that named limit.
  const pfc = sharedEmptyPidNs(image);
  if (pfc) return { kind: 'undecided', reason: pfc.reason, culprits: pfc.culprits };
  return out;
}

/**
 * One attempt with re-plan variant `variant` only, as planImage would make it after an undecided
 * first attempt: tests pin each variant's construction on a seed, whichever attempt planImage
 * itself ends with (an earlier one may plan the seed another way).
 */
export function planWithVariant(image: Image, variant: Partial<Variant>, opts: PlanOptions = {}): PlanOutcome {
  const pre = beforePlanning(image, opts);
  if (pre) return pre;
  return namedLimits(image, planAvoiding(image, opts, new Map(), 0, { ...NO_VARIANT, ...variant }));
}

export interface Variant { moves: boolean; initStop: boolean; splitJoins?: true; unshareInits?: true; extended?: true; timeMakers?: true; timeCreatorFirstFound?: true; bornCreators?: true; deadLeaderMm?: true; shares?: true; zombieShares?: true; lastResort?: true; execCaps?: true; threadPfc?: true; leavingLeaders?: true; movedBornGroups?: true; orphanSharers?: true; sharerLifts?: true; groupJoiners?: true; threadKeeps?: true; emitChoices?: true; makerKids?: true; newUserInterim?: true; zombieKids?: true; userHolders?: true; pfcEmitHelpers?: true; siblingGhosts?: true; leaderUnderSubreaper?: true; pfcHelpers?: true; zombieJoins?: true; setidsCreators?: true; setidsLateJoins?: true; groupGhostHeirs?: true; rebuilds?: RebuildBudget; initJoinHelpers?: true; lateZombies?: true; dumpable?: true; ownJoins?: true; keptDeferred?: true; threadTimeOwner?: true; execBornFirst?: true; tempOpen?: true; ghostBirths?: true; ghostOptionsAgain?: true; holders?: true; holdersLast?: true; creatorInterimJoins?: true; rootEuidExec?: true; initsOnTheWay?: true; fsSourceJoins?: true; execRoot?: true; chainRelays?: true; sourceShares?: true; subreaperSources?: true; threadHolders?: true; initJoinGroups?: true; rootSiblingBirths?: true; ownTfc?: true; lateKeeps?: true; threadKids?: true; oneStepLifts?: true; looseZombies?: true; splitGroupNs?: true; ownBornBelow?: true; ownTimeThreads?: true; threadForkedRelays?: true; holderOwners?: true; keptStandIns?: true; wayDownOrder?: true; forkingThreadMnt?: true; zombieSwitchMnt?: true; lateKidCaps?: true; filesMakers?: true; zombieLeavers?: true; takenEverywhere?: true; ghostForkedGroups?: true; lateGhostForkers?: true; zombieMovers?: true; deepMakerNeeds?: true; makerRefusals?: true; settledRelays?: true; deadFsSources?: true; threadFsEntries?: true; initSharers?: true; bornSessionHelpers?: true; creatorFollowUps?: true; leaderSiblingBirths?: true; userBoundCreators?: true; standInFsFirst?: true; outerInits?: true; userKeepers?: true; threadedLeaderJoins?: true; earlyThreadCarriers?: true; zombieGroupSharers?: true; ghostOwnShares?: true; initThreadRelays?: true; helpersAfterSwitch?: true; rootGhostShares?: true; vmTimeBirths?: true; parentBornGroups?: true; relayBirthMnts?: true; ghostSharedForks?: true; deadCarried?: true; ghostPidHelpers?: true; bornGroupHolders?: true; deadHolderRelays?: true; threadKeptJoins?: true; threadInterimJoins?: true; ownMntKeepers?: true; ownFsThreadKeeps?: true; lateBornAnyOrder?: true; initJoinNewPidns?: true; threadsBeforeAwayPfc?: true; makerEarlyJoins?: true; initJoinBirthNeeds?: true; settledCarriers?: true; visitingLeaders?: true; leaderFirstTables?: true; lastThreadLeaders?: true; unusedGhostPlaces?: true; heldOwnersAlone?: true; helperJoinsFor?: true; zombieTableChains?: true; zombiePreSwitchNs?: true; deadLeaderMntRelays?: true; transitGroups?: true; ghostLatePairs?: true; insideOwnerInits?: true; deadUserRelays?: true; deadFirstHolderMnts?: true; bornSources?: true; chosenZombieHolders?: true; zombieBirthNeeds?: true; execMmRelays?: true; vmGhosts?: true; vmTimeThreads?: true; lateSettledBirths?: true; sharedFsMnts?: true; preExecCarriers?: true; preSwitchZombieForks?: true; nsKeeperThreads?: true; threadOwnTfcs?: true; initJoinOwnTfcs?: true; execTableInits?: true }

/**
 * Ways tried only after an undecided answer: parents moving children into groups their pid ns
 * cannot see (planner/creators/parent-group.ts), the born-group walk stopping below pid-ns inits
 * (creators.ts forcedCreators `initStop`), inits born into a pid ns their creator unshared
 * (planner/ordering/unshare-init.ts), the extended constructions (CreatorModel.extended: parents moving
 * children into groups at birth or after they left their birth group, planner/creators/parent-moves.ts;
 * one-step lifts), time-ns makers first (a dead leader given its thread's pending
 * time_for_children, planner/facts/dead-leaders.ts; a user ns made by the shallow member that made a
 * time ns inside it, build.ts f.timeMakersFirst), a time ns made by the first member found
 * (f.timeCreatorFirstFound), a process with a dead leader holding its threads' mm for sharing
 * siblings (planner/sharing/sharers.ts, f.deadLeaderMm), the further clone-time sharing constructions
 * (CreatorModel.shares: planner/sharing/born-sharer.ts, share-ghosts.ts, share-carriers.ts's fallbacks, fs-unshare-relay.ts),
 * more creators for members born in a session or group (CreatorModel.bornCreators). Each changes choices that plans found without it keep. A constant number of
 * extra attempts, only for images the first attempt leaves undecided.
 */
const NO_VARIANT: Variant = { moves: false, initStop: false };
/** The first answer transitGroups serves: a join refused for a group invisible in the joiner's pid ns (PGID-2, PID-4). */
const INVISIBLE_GROUP_JOIN = /has no number in \d+'s pid namespace and \d+ was not born in it, so it cannot join it \(PGID-2, PID-4\)/;

const VARIANTS: Variant[] = [
  { moves: false, initStop: false, extended: true },
  { moves: false, initStop: false, timeMakers: true },
  { moves: true, initStop: false }, { moves: false, initStop: true }, { moves: true, initStop: true },
  { moves: false, initStop: false, unshareInits: true },
  { moves: false, initStop: false, timeCreatorFirstFound: true },
  { moves: false, initStop: false, deadLeaderMm: true },
  { moves: true, initStop: true, extended: true },
  // (planner/creators/born-creators.ts)
  { moves: false, initStop: false, bornCreators: true },
  { moves: false, initStop: false, extended: true, bornCreators: true },
  { moves: false, initStop: false, shares: true },
  // (sessions.ts: a member whose only option closes a creator cycle takes its last-resort helpers)
  { moves: false, initStop: false, lastResort: true },
  // (facts.ts execJoinsAfter: joins after an execve that keeps every capability)
  { moves: false, initStop: false, execCaps: true },
  // (thread-creators.ts: a child created by the thread whose pid_for_children is its pid ns)
  { moves: false, initStop: false, threadPfc: true },
  // (planner/graph/zombie-mnt.ts: a zombie joins its CLONE_FS children's mount ns before forking them)
  { moves: false, initStop: false, shares: true, zombieShares: true },
  // (split-joins.ts: a creator's joins split by type around its children; time-on-the-way.ts: children created after a time ns made on the way)
  { moves: false, initStop: false, splitJoins: true },
  { moves: false, initStop: false, timeMakers: true, splitJoins: true },
  // (planner/creators/leaving-leader.ts: a group's leader forks its members with CLONE_PARENT before it leaves the group)
  { moves: false, initStop: false, extended: true, leavingLeaders: true },
  // (planner/creators/moved-born-group.ts: born in a group, moved to its final one later by its parent)
  { moves: false, initStop: false, extended: true, movedBornGroups: true },
  // (planner/creators/orphan-sharer-session.ts: a user-ns orphan leader born in the session of a sharer)
  { moves: false, initStop: false, orphanSharers: true },
  // (planner/creators/sharer-lift.ts: no lift of a sharer's parent into a session its own descendant creates)
  { moves: false, initStop: false, shares: true, sharerLifts: true },
  // (planner/creators/group-joiner.ts: a helper joins a live leader's group to fork a member there)
  { moves: false, initStop: false, groupJoiners: true },
  // (planner/ordering/thread-keeps.ts: threads and children keeping a leader's older namespaces around its execve)
  { moves: false, initStop: false, execCaps: true, threadKeeps: true },
  // (planner/creators/emit-choices.ts: a join refused for want of rights, again without the choice behind it)
  { moves: false, initStop: false, emitChoices: true },
  // (planner/ordering/maker-kids.ts: a maker-made init born with what the maker of a child init inherits from it)
  { moves: false, initStop: false, makerKids: true },
  // (planner/ordering/new-user-interim.ts: interim joins for a child forked into a new user ns before the
  // creator's switch; with split joins, as the child keeps others of the creator's birth namespaces)
  { moves: false, initStop: false, newUserInterim: true, splitJoins: true },
  // (planner/graph/zombie-kids.ts: a maker-made init's early children include those of the zombies it forks)
  { moves: false, initStop: false, zombieKids: true },
  // (planner/output/user-holder.ts: a bare user ns with several child user namespaces kept by a holder)
  { moves: false, initStop: false, userHolders: true },
  // (planner/output/pfc-emit-helper.ts: a child forked into another pid ns by a helper, the creator's pid_for_children left alone)
  { moves: false, initStop: false, pfcEmitHelpers: true },
  // (planner/creators/sibling-ghost.ts: a group's ghost or joiner forked with CLONE_PARENT by a sibling of its member)
  { moves: false, initStop: false, groupJoiners: true, siblingGhosts: true },
  // (planner/creators/leader-under-subreaper.ts: a session's leader born below a member's parent, a temporary subreaper)
  { moves: false, initStop: false, leaderUnderSubreaper: true },
  // (planner/ordering/pfc-helper.ts: a child in another pid ns forked by a helper with CLONE_PARENT, so its
  // parent never moves its own pid_for_children)
  { moves: false, initStop: false, pfcHelpers: true },
  // (planner/graph/zombie-joins.ts: a zombie joins what its later children can only inherit before its user-ns switch)
  { moves: false, initStop: false, zombieJoins: true },
  // (planner/graph/setids-ns-creators.ts: a namespace made by the member born where it can open no other member's ns files)
  { moves: false, initStop: false, setidsCreators: true },
  // (late-joins.ts: joins after the user-ns switch with user namespaces owned by other uids too;
  // the emitter refuses any whose members' ns files are then closed, NSFD-1)
  { moves: false, initStop: false, setidsLateJoins: true },
  { moves: false, initStop: false, setidsLateJoins: true, setidsCreators: true },
  { moves: false, initStop: false, setidsLateJoins: true, setidsCreators: true, timeMakers: true },
  { moves: false, initStop: false, setidsLateJoins: true, setidsCreators: true, extended: true },
  // (planner/creators/group-ghost-heirs.ts: a group ghost, or a group joiner, forked before its forker's
  // setsid; a group ghost forking a helper one pid ns down; alone and with the sharing constructions)
  { moves: false, initStop: false, groupGhostHeirs: true, groupJoiners: true },
  { moves: false, initStop: false, groupGhostHeirs: true, groupJoiners: true, shares: true },
  // (the same with the extended constructions and more creators for born members, or with parent
  // moves and the born-group walk stopping below inits: seeds 39234, 43980, 22881)
  { moves: false, initStop: false, groupGhostHeirs: true, groupJoiners: true, shares: true, extended: true, bornCreators: true },
  { moves: true, initStop: true, groupGhostHeirs: true, groupJoiners: true, shares: true, extended: true },
  // (planner/sharing/zombie-late-subreaper.ts: a zombie relay exits before a subreaper above it sets its flag)
  { moves: false, initStop: false, shares: true, zombieShares: true, lateZombies: true },
  // (planner/variants/dump-after-switch.ts: a task made non-dumpable by a credential change makes itself
  // dumpable again at once, so its namespace peers can still open its ns files)
  { moves: false, initStop: false, dumpable: true },
  { moves: false, initStop: false, dumpable: true, setidsLateJoins: true },
  { moves: false, initStop: false, dumpable: true, setidsLateJoins: true, setidsCreators: true },
  // (planner/variants/own-joins.ts: a thread or child joins its own namespace, owned within its born user ns, itself)
  { moves: false, initStop: false, ownJoins: true },
  // (planner/variants/thread-before-deferred.ts: a thread keeping its leader's namespace from before a deferred join comes before it)
  { moves: false, initStop: false, splitJoins: true, keptDeferred: true },
  // (planner/variants/thread-time-owner.ts: threads' time_for_children made by their leader before its switch)
  { moves: false, initStop: false, splitJoins: true, threadTimeOwner: true },
  // (planner/variants/misc-exec-born-caps.ts: an execve before the user-ns switch keeps the capabilities its joins need)
  { moves: false, initStop: false, execBornFirst: true },
  // (planner/variants/misc-temp-open.ts: a temporary subreaper's zombie found past the first eight, or decided in the same component)
  { moves: false, initStop: false, bornCreators: true, tempOpen: true },
  // (planner/variants/sess-ghost-birth.ts: a session ghost born in another session forks a sharer there before its setsid)
  { moves: false, initStop: false, ghostBirths: true },
  // (planner/variants/sess-ghost-options.ts: a session's members listed again once lifts added ghost placements;
  // after a first answer naming a ghost needed under two parents only)
  { moves: false, initStop: false, ghostOptionsAgain: true },
  { moves: false, initStop: false, ghostOptionsAgain: true, extended: true },
  // (planner/variants/hold-born-chain.ts: a zombie first holder born in a sharer's session through its
  // parent born there, user-ns checked; then with the zombies tried in the other order)
  { moves: false, initStop: false, shares: true, zombieShares: true, holders: true },
  { moves: false, initStop: false, shares: true, zombieShares: true, holders: true, holdersLast: true },
  // (planner/variants/root-euid-exec.ts: with credential switches, an execve keeping its capabilities
  // where no switch reaches the process; only where a user ns is owned by another uid: seed 298 setids)
  { moves: false, initStop: false, rootEuidExec: true },
  // (planner/variants/fs-source-join.ts: a helper forking CLONE_FS sharers enters the user ns they end in first: seed 338 setids)
  { moves: false, initStop: false, fsSourceJoins: true },
  // (planner/variants/init-on-the-way.ts: a pid-ns init forked by its creator from the pid ns's owner, entered on
  // the creator's way down, the setns made non-dumpable undone at once: seed 518 setids)
  { moves: false, initStop: false, initsOnTheWay: true, dumpable: true },
  // (the extended constructions with the dumpable variant: seed 724 setids, whose session needs the
  // first and whose mount ns joins need the second; an fd-table relay with time-ns makers first: seed 859 setids)
  { moves: false, initStop: false, extended: true, dumpable: true },
  { moves: false, initStop: false, shares: true, timeMakers: true },
  // (planner/variants/exec-root.ts: a privileged task takes its user ns's uid 0 before its execve, which
  // keeps its capabilities then; with joins after such an execve, and tasks dumpable again)
  { moves: false, initStop: false, execRoot: true, execCaps: true, dumpable: true },
  // (time-ns makers first, dead-leaders.ts, with tasks dumpable again, dump-after-switch.ts: setids seed 648)
  { moves: false, initStop: false, timeMakers: true, dumpable: true },
  // (planner/variants/chain-relays.ts: an execve'd dead leader, or a maker-made init, relaying an fd table on a creator chain)
  { moves: false, initStop: false, shares: true, chainRelays: true },
  // (planner/variants/source-shares.ts: share-source helpers for an address space, and for a group only inherited)
  { moves: false, initStop: false, shares: true, sourceShares: true },
  // (planner/variants/subreaper-source.ts: a helper below one sharer's parent forks both, the other reparenting to a temporary subreaper)
  { moves: false, initStop: false, shares: true, subreaperSources: true },
  // (planner/variants/thread-holder.ts: a transient thread of the chains' common creator holds their fd table)
  { moves: false, initStop: false, shares: true, threadHolders: true },
  // (planner/variants/own-tfc.ts: a join step leaves the time slots alone when the time ns is from birth and time_for_children its own)
  { moves: false, initStop: false, ownTfc: true },
  // (planner/variants/late-keeps.ts: a child keeping its creator's older namespace forked before the
  // creator's joins inside its user ns or of its threads' namespaces; thread-kids.ts: a
  // thread forking such a child created before its leader's unshare; after a join refused for
  // want of rights only)
  { moves: false, initStop: false, lateKeeps: true, threadKids: true },
  // (planner/variants/one-step-lift.ts: a member lifted when its parent alone is free to be born in its
  // session, the session's zombies offered with open creator chains, the members' options listed
  // again after the lifts; after a first answer naming a member no task of its session can create only)
  { moves: false, initStop: false, ghostOptionsAgain: true, oneStepLifts: true, looseZombies: true },
  // (planner/variants/group-split-ns.ts: a dead leader's group seen from one pid ns of its level only,
  // with the extended constructions; for an image with such a group spread over several only)
  { moves: false, initStop: false, splitGroupNs: true, extended: true },
  // (planner/variants/born-below.ts: the choices behind every member born below its final user ns, banned at once)
  { moves: false, initStop: false, ownBornBelow: true },
  // (planner/variants/time-threads.ts: threads sharing a pending time_for_children, made by the one forked by another task of its process)
  { moves: false, initStop: false, ownTimeThreads: true },
  // (planner/ordering/holder-owner.ts: a user ns whose making by a member at its switch closed an ordering
  // cycle through a holder, a maker or a member entering it, made by a holder, every member
  // entering it; alone, and with the thread whose pid_for_children is a child's pid ns creating
  // it, thread-creators.ts; after a first attempt stopped on a cycle only)
  { moves: false, initStop: false, holderOwners: true },
  { moves: false, initStop: false, holderOwners: true, threadPfc: true },
  // (planner/variants/way-down-order.ts: an init forked on its creator's way down through its pid ns's
  // owner, with that owner made and the creator's privileged creations done before it enters it;
  // after a first answer naming OWN-1 only)
  { moves: false, initStop: false, initsOnTheWay: true, wayDownOrder: true },
  // (planner/variants/forking-thread-mnt.ts: the thread forking a CLONE_FS child settles its mount ns first,
  // a dead leader child standing for its threads' fs_struct, dead-leader-kept.ts; after a first
  // answer naming a mount ns join refused for a shared fs_struct only)
  { moves: false, initStop: false, shares: true, keptStandIns: true, forkingThreadMnt: true },
  // (planner/variants/zombie-switch-mnt.ts: a zombie first holder makes its CLONE_FS children's mount ns
  // after its switch into the user ns owning it; late-kid-caps.ts: a late child making a namespace
  // is forked before its creator's execve; after the same first answer only)
  { moves: false, initStop: false, shares: true, zombieShares: true, zombieSwitchMnt: true, lateKidCaps: true },
  // (planner/variants/files-maker.ts: a pid-ns maker forked with CLONE_FILES carries its creator's fd table
  // to an init sharing only that; after a first answer naming OWN-1 only)
  { moves: false, initStop: false, filesMakers: true },
  // (planner/variants/zombie-leaver.ts: a zombie forks a member in the group it leads before it leaves it;
  // after a first answer naming a member no task of its session can create, for an image with such a zombie)
  { moves: false, initStop: false, zombieLeavers: true },
  { moves: false, initStop: false, zombieLeavers: true, shares: true, zombieShares: true },
  // (planner/variants/group-taken-everywhere.ts: a dead leader's group whose number is taken in every
  // member pid ns of its level, inherited by those members, its ghost elsewhere; after a first
  // answer naming such a group's ghost, for an image with such a group)
  { moves: false, initStop: false, takenEverywhere: true, bornCreators: true },
  // (planner/variants/ghost-forked-group.ts: a dead leader's group ghost forked by its session's ghost from
  // above, where no task of the session lives; after a first answer naming such a group only)
  { moves: false, initStop: false, ghostForkedGroups: true },
  // (planner/variants/late-ghost-forker.ts: a group ghost forked by a subreaper of the session before it
  // sets its flag; after a first answer naming a member no task of its session can create only)
  { moves: false, initStop: false, lateGhostForkers: true },
  // (planner/variants/zombie-mover.ts: a process born in a group for its child, forked by a zombie of that
  // group which moves it into its final group before exiting, with the extended model; after a
  // first answer naming a member no task of its session can create only)
  { moves: false, initStop: false, zombieMovers: true, extended: true },
  // (planner/variants/deep-maker-needs.ts: a pid-ns maker joins for its init what the init's descendants
  // can only inherit through it; after a join refused for want of rights only)
  { moves: false, initStop: false, deepMakerNeeds: true },
  // (planner/variants/maker-refusal.ts: a join refused to a pid-ns maker, again without the component
  // choice behind its init, emit-choices.ts; after a join refused for want of rights only)
  { moves: false, initStop: false, emitChoices: true, makerRefusals: true },
  // (planner/variants/creator-follow-ups.ts: the extended constructions, alone and with more creators for
  // born members, again with the construction their own answer asks for; after a first answer
  // naming a member no task of its session can create only)
  { moves: false, initStop: false, extended: true, creatorFollowUps: true },
  { moves: false, initStop: false, extended: true, bornCreators: true, creatorFollowUps: true },
  // (planner/variants/leader-sibling-birth.ts: a sibling leading another session, born in a member's
  // session and group, forks it with CLONE_PARENT before its setsid; after a first answer naming
  // a member no task of its session can create only)
  { moves: false, initStop: false, leaderSiblingBirths: true },
  // (planner/variants/user-bound-creators.ts: every member's creator in a user ns at or above the one it
  // is born in, a session ghost's helper born in the restorer's, a process born above the
  // children it forks itself; after an answer naming SETNS-4's "cannot move back up" or a join
  // refused for want of rights only; with emitChoices, emit-choices.ts, for seed 86682)
  { moves: false, initStop: false, userBoundCreators: true, emitChoices: true },
  // (planner/variants/stand-in-fs-switch.ts: a zombie forks its stand-in fs_struct's CLONE_FS child of an
  // upper user ns before its switch; after a "cannot move back up" answer only)
  { moves: false, initStop: false, standInFsFirst: true },
  // (planner/variants/outer-init-first.ts: an init created from outside its parent pid ns after that ns's
  // init, whose ns file its creator opens; after an answer naming no such task alive only)
  { moves: false, initStop: false, outerInits: true },
  // (and with the time-ns makers first, seed 53583)
  { moves: false, initStop: false, outerInits: true, timeMakers: true },
  // (planner/variants/user-ns-keeper.ts: a holder keeps open a user ns its last member leaves before the
  // others enter it; after an answer naming a user ns without such a member only)
  { moves: false, initStop: false, userKeepers: true },
  // (planner/variants/threaded-leader-joins.ts: a leader with threads joins its mount and time ns while
  // still privileged, so threads keeping its older namespaces of other kinds come before its
  // late joins; after a join refused for want of rights only)
  { moves: false, initStop: false, threadedLeaderJoins: true },
  // (planner/variants/ghost-pid-helper.ts: the helper a session's ghost forks into the pid ns of a member's
  // parent init counted in the ghost's user ns, alone; after a first answer naming a member no
  // task of its session can create only)
  { moves: false, initStop: false, ghostPidHelpers: true },
  // (planner/variants/born-group-holder.ts: a zombie first holder born in a group forked by a session leader
  // born in that group before its setsid, with the more creators for born members whose dead
  // leaders' group ghosts go elsewhere, group-ghost-elsewhere.ts; after a first answer naming a
  // group's number taken in its ghost's pid ns only)
  { moves: false, initStop: false, bornCreators: true, shares: true, bornGroupHolders: true },
  // (planner/variants/dead-holder-relay.ts: a dead leader first holder of what it and the zombie it forks with
  // the flag pass on, the zombie exiting before a subreaper's flag where needed, with the extended
  // constructions; after a first answer naming a member no task of its session can create only)
  { moves: false, initStop: false, extended: true, shares: true, zombieShares: true, lateZombies: true, deadHolderRelays: true },
  // (planner/variants/thread-kept-join.ts: a leader's join of a uts, ipc, net or cgroup ns owned within its
  // final user ns after its switch and after its thread keeping the older one, with parent moves;
  // after a first answer naming a member no task of its session can create only)
  { moves: true, initStop: false, threadKeptJoins: true },
  // (planner/variants/thread-interim-joins.ts: with those joins, a leader joins before its switch what a
  // thread it forks before its joins inside its user ns keeps; after a join refused for want of rights only)
  { moves: false, initStop: false, threadedLeaderJoins: true, threadInterimJoins: true },
  // (planner/variants/own-mnt-keeper.ts: a thread sharing the fs_struct of a leader that makes its own mount
  // ns, keeping an older per-thread ns, before the leader's joins after its execve; after a join
  // refused for want of rights only)
  { moves: false, initStop: false, execCaps: true, threadKeeps: true, ownMntKeepers: true },
  // (planner/variants/own-fs-thread-keeps.ts: a thread with an fs_struct of its own keeping its leader's
  // older mount ns, before the leader's mount join from inside its user ns; after a join refused
  // for want of rights only)
  { moves: false, initStop: false, ownFsThreadKeeps: true },
  // (planner/variants/late-born-order.ts: a leader's interim joins also for a child the process walk meets
  // before it, a CLONE_PARENT sibling; after a join refused for want of rights only)
  { moves: false, initStop: false, lateBornAnyOrder: true },
  // (planner/variants/threads-before-away-pfc.ts: a leader's threads before the children it forks into
  // another pid ns after its switch; after an answer naming a pid_for_children it could not set only)
  { moves: false, initStop: false, threadsBeforeAwayPfc: true },
  // (planner/variants/maker-early-joins.ts: a pid-ns maker forked before its creator's early mount or time
  // join, as before its main one; after a join refused for want of rights only)
  { moves: false, initStop: false, makerEarlyJoins: true },
  // (planner/variants/zombie-pre-switch-ns.ts: a zombie ending in its CLONE_FS children's user ns stands
  // for their fs_struct and makes or enters their pid and time ns before its switch; after an
  // answer naming a mount join refused for a shared fs_struct only)
  { moves: false, initStop: false, shares: true, zombieShares: true, unshareInits: true, zombieJoins: true, zombiePreSwitchNs: true },
  // (planner/variants/dead-leader-mnt-relay.ts: a dead leader forks its CLONE_FS children ending in another
  // mount ns before it makes its own; after an answer naming a mount join refused for a shared
  // fs_struct only)
  { moves: false, initStop: false, deadLeaderMntRelays: true },
  // (planner/variants/transit-group.ts: a process moved by its parent into a second group of its birth session for a while, to fork there what can only inherit it; after a join refused for an invisible group or a member no task of its session can create)
  { moves: false, initStop: false, extended: true, transitGroups: true },
  // (planner/variants/ghost-late-pair.ts: a session's ghost exiting before two nested subreapers set their flags, in the re-plan after it was needed under two parents; after such an answer only)
  { moves: false, initStop: false, ghostLatePairs: true },
  // (planner/variants/dead-leader-user-relay.ts: a dead leader that left its creator's user ns relays the fs_struct its creator passed on, copying it by unshare(CLONE_FS) before its switch; after an OWN-1 answer, for an image with such a leader)
  { moves: false, initStop: false, shares: true, deadUserRelays: true },
  // (planner/variants/chosen-zombie-holder.ts: sharers the session phase had one zombie standing in for their object create stay its; after a member no task of its session can create only)
  { moves: false, initStop: false, groupGhostHeirs: true, groupJoiners: true, shares: true, zombieShares: true, zombieSwitchMnt: true, chosenZombieHolders: true },
  // (planner/variants/vm-time-thread.ts: a CLONE_VM child forked by the thread of its creator's process holding its time ns and
  // time_for_children, with vmTimeBirths; after an answer naming a time_for_children only its own unshare could give, for images with processes sharing an mm only)
  { moves: false, initStop: false, vmTimeBirths: true, vmTimeThreads: true },
  // (planner/variants/late-settled-birth.ts: a child born in a user ns without rights over what it inherits waits for its creator's
  // joins inside its own user ns too, with vmTimeBirths; same gate)
  { moves: false, initStop: false, vmTimeBirths: true, lateSettledBirths: true },
  // (planner/variants/ns-keeper-thread.ts: a child forked by the thread of its creator's process still holding the namespaces it is
  // born with, the leader having left them, with the extended constructions; after a member no task of its session can create only,
  // for an image with a live thread whose namespaces are not its leader's)
  { moves: false, initStop: false, extended: true, nsKeeperThreads: true },
  // (planner/variants/thread-own-tfc.ts: a thread making its own time_for_children in its leader's time ns is not ordered against the
  // leader's time ns making; after an answer naming a time_for_children only its own unshare could give, for an image with such a thread)
  { moves: false, initStop: false, threadOwnTfcs: true },
  // (planner/variants/exec-table-init.ts: a pid-ns init sharing its creator's fd table from after its execve, born into a pid ns the
  // creator unshared before it, with group joiners; after a member no task of its session can create, for an image with such an init)
  { moves: false, initStop: false, groupJoiners: true, unshareInits: true, execTableInits: true },
];

/**
 * Tried after every variant above and the larger rebuild budgets, kept only when verified (a
 * planner bug of theirs is not reported): after a first answer naming FORK-4, the born_sid walk
 * ending at a restorer's child a sibling forks in the session (planner/variants/root-sibling-birth.ts);
 * then a thread relay forked by a non-leader thread of its creator's process
 * (planner/sharing/thread-forked-relay.ts); then a dead leader standing for the fd table / fs_struct it
 * passed on, kept by a later thread or a child (planner/sharing/dead-leader-kept.ts), alone and with
 * threadPfc (seed 66149 needs its child created by the thread whose pid_for_children it is);
 * last, an fs relay settling its namespaces and entering its sharers' user ns before forking
 * them with CLONE_FS (planner/variants/settled-relay.ts; seeds 59687, 88147), and a share-source helper
 * forking a dead leader with the fs_struct its threads keep (planner/variants/dead-leader-source.ts, seed 87590);
 * then a thread carrier forking its helper before its process's setsid (planner/variants/early-thread-carrier.ts,
 * seeds 59008, 60049), a zombie forking a sharer born in its own group (planner/variants/zombie-group-sharer.ts,
 * seed 70679), a ghost forked with its creator's fd table, first holder of the fs_struct it forks
 * members with (planner/variants/ghost-own-share.ts, seed 49023), an init relaying its creator's fs_struct
 * to its thread (planner/variants/init-thread-relay.ts, seed 79438), a helper creating an init it shares
 * with forked after its creator's switch (planner/variants/helper-after-switch.ts, seed 73840), a ghost
 * the restorer forks sharing its fs_struct (planner/variants/root-ghost-share.ts, seed 44244), and, with
 * shares, VARIANTS constructions
 * gated on the shares attempt's answer; last, a parent forking in its birth group the sharers of the
 * fs_struct it relays (parent-born-group.ts, relay-birth-mnt.ts, seed 68118), a group ghost forking
 * its member's sharing siblings (ghost-shared-forks.ts, seed 34916), and a dead leader carried to
 * the child it passed a table on to (dead-leader-carried.ts, seed 61452), and two zombies standing
 * for one fd table, the first forking a sharer and the second (zombie-table-chain.ts, seed 53174),
 * and a dead leader first holder of its children's fs_struct planned in their mount ns
 * (dead-first-holder-mnt.ts, seed 44758), and a share-source helper for processes born in the session and group their parent leads
 * (born-source.ts, seed 84495).
 */
const SHR_VARIANTS: Variant[] = [
  { moves: false, initStop: false, rootSiblingBirths: true },
  { moves: false, initStop: false, rootSiblingBirths: true, shares: true },
  // (planner/sharing/thread-forked-relay.ts: a thread relay forked by a thread of its creator's process)
  { moves: false, initStop: false, shares: true, threadForkedRelays: true },
  // (planner/sharing/dead-leader-kept.ts: a dead leader standing for the table it passed on, kept by a later thread or a child)
  { moves: false, initStop: false, shares: true, keptStandIns: true },
  // (and with threadPfc, thread-creators.ts pfcThread: a child created by the thread whose pid_for_children is its pid ns)
  { moves: false, initStop: false, shares: true, keptStandIns: true, threadPfc: true },
  // (planner/variants/settled-relay.ts: an fs relay makes its joins and enters its sharers' user ns before forking them with CLONE_FS)
  { moves: false, initStop: false, shares: true, settledRelays: true },
  // (planner/variants/dead-leader-source.ts: a dead leader forked by a share-source helper with the fs_struct its threads keep)
  { moves: false, initStop: false, shares: true, sourceShares: true, deadFsSources: true },
  // (planner/variants/thread-fs-entry.ts: a zombie first holder of the fs_struct a process's thread keeps after its leader's copy)
  { moves: false, initStop: false, shares: true, zombieShares: true, threadFsEntries: true },
  // (planner/variants/early-thread-carrier.ts: a thread of a later session leader forks the carrier helper before its process's setsid)
  { moves: false, initStop: false, shares: true, earlyThreadCarriers: true },
  // (planner/variants/zombie-group-sharer.ts: a zombie forks a sharer that must be born in the zombie's group, its dead-leader creator counted by its threads' table)
  { moves: false, initStop: false, shares: true, zombieShares: true, lateZombies: true, zombieGroupSharers: true },
  // (planner/variants/ghost-own-share.ts: a ghost forked with its creator's fd table, first holder of the fs_struct it forks members with before and after its setsid)
  { moves: false, initStop: false, shares: true, ghostBirths: true, ghostOwnShares: true },
  // (planner/variants/init-thread-relay.ts: an init whose thread keeps its creator's fs_struct, forked with CLONE_FS from inside its owner, relays it to the thread)
  { moves: false, initStop: false, shares: true, initThreadRelays: true },
  // (planner/variants/helper-after-switch.ts: a helper creating an init it shares with, forked after its creator's switch into the init's pid ns owner)
  { moves: false, initStop: false, shares: true, helpersAfterSwitch: true },
  // (planner/variants/root-ghost-share.ts: a ghost the restorer forks with CLONE_FS shares the fs_struct the restorer gives its children, then copies)
  { moves: false, initStop: false, shares: true, rootGhostShares: true },
  // (with shares, constructions of VARIANTS gated on an answer the first attempt did not give but
  // the shares attempt does: a maker carrying its creator's fd table after its OWN-1 answer, seed
  // 93801; a creator's joins split by type after its cycle, seed 78650; a maker joining what its
  // init's descendants only inherit after its join refused for want of rights, seed 51454; a child
  // keeping its creator's older namespace forked before the creator's joins, seed 30973)
  { moves: false, initStop: false, shares: true, keptStandIns: true, filesMakers: true },
  { moves: false, initStop: false, shares: true, zombieShares: true, splitJoins: true },
  { moves: false, initStop: false, shares: true, deepMakerNeeds: true },
  { moves: false, initStop: false, shares: true, lateKeeps: true, threadKids: true },
  // (planner/variants/parent-born-group.ts: a process that must be born in a group its parent is in
  // before its setsid is forked there by that parent, which passes on its fs_struct to it and a
  // sibling; relay-birth-mnt.ts: that relay settles first although they keep its birth mount ns,
  // making its own after its copy; own-tfc.ts: their time ns joined by themselves; seed 68118)
  { moves: false, initStop: false, shares: true, settledRelays: true, ownTfc: true, parentBornGroups: true, relayBirthMnts: true },
  // (planner/variants/ghost-shared-forks.ts: a group ghost also forks, with the flag, its member's
  // siblings sharing that member's fs_struct or fd table; seed 34916)
  { moves: false, initStop: false, shares: true, ghostSharedForks: true },
  // (planner/variants/dead-leader-carried.ts: a dead leader standing for the table it passed on to a
  // child, dead-leader-kept.ts, carried to it by a reparent helper, share-carriers.ts; seed 61452)
  { moves: false, initStop: false, shares: true, keptStandIns: true, deadCarried: true },
  // (planner/variants/zombie-table-chain.ts: a zombie forks a sharer before its setsid and, with the
  // same fd table, a zombie forking the execve'd creator of the other sharer; seed 53174)
  { moves: false, initStop: false, shares: true, zombieTableChains: true },
  // (planner/variants/dead-first-holder-mnt.ts: a dead leader first holder of the fs_struct its
  // children share, planned in their mount ns, its thread making its own later; seed 44758)
  { moves: false, initStop: false, shares: true, deadFirstHolderMnts: true },
  // (planner/variants/born-source.ts: a share-source helper also for processes born in their
  // parent's session and group, which the helper has when that parent leads both; seed 84495)
  { moves: false, initStop: false, sourceShares: true, bornSources: true },
  // (planner/variants/exec-mm-relay.ts: an execve'd process born with its creator's mm forks its
  // CLONE_VM children before its execve; only after a FORK-4 answer on an mm; seeds 11, 19, 27, 61, 182 of --vm-forks)
  { moves: false, initStop: false, execMmRelays: true },
  { moves: false, initStop: false, execMmRelays: true, vmTimeBirths: true },
  // (planner/variants/vm-ghost.ts: a session ghost forked with CLONE_VM by the holder of the mm its
  // member keeps, forking that member with CLONE_VM; seed 155 of --vm-forks)
  { moves: false, initStop: false, vmGhosts: true },
  // (planner/variants/shared-fs-mnt.ts: an fs relay is in the mount ns of its birth fs_struct's
  // live holders until its copy, so its joins need not wait for it; seeds 103160, 106683)
  { moves: false, initStop: false, shares: true, sharedFsMnts: true },
  // (planner/variants/pre-exec-carrier.ts: a reparent helper forked before its creator's execve
  // carries the fd table that creator was born sharing with its own; seed 108802)
  { moves: false, initStop: false, shares: true, preExecCarriers: true },
];

/**
 * Tried after SHR_VARIANTS, after a first answer naming an ordering cycle only, kept only when
 * verified: combinations of earlier constructions that no variant above makes. First, after a
 * cycle through PID-1 (a creator pointing pid_for_children back at its own pid ns while still
 * privileged): the creator's children in another pid ns forked by helpers (pfc-helper.ts), and
 * those of a task born after its creator's switch, which never had the capability to point it
 * back, too (pfc-emit-helper.ts), with a user ns made by a holder (holder-owner.ts): seeds 89896
 * (5's child 15 born in user:1), 22320 (a user ns made by the child of 5's thread). Then, after
 * a cycle through SETNS-7, the born_sid walk ending at a child of the restorer forked by its
 * sibling (root-sibling-birth.ts): seed 99270, whose helper forked before 46's joins then need
 * not be. After a cycle through a pid-ns init's FORK-9: no sibling in the init's own pid ns
 * creating it to share with it (init-sharer.ts; seeds 50331, 76743), and a child kept in its
 * creator's old session forked by a helper from before the setsid (born-session-helper.ts; seed
 * 69056). After a join needing capabilities an execve may drop: joins after an execve that keeps
 * them, with time-ns makers first (seed 13206). After a cycle through a reparent helper inheriting
 * a group it cannot join from its pid ns: the session's own carriers offered only with a settled
 * creator chain (settled-carriers.ts; seeds 61205, 85781, 99718). After a cycle through a leader
 * forking in its own group and, while still in another, a child inheriting that one: the leader
 * visits the other group after making its own (visiting-leader.ts; seed 77631). After a cycle
 * through a thread forking its table's sharer after its leader's single-threaded switch: the
 * leader first holder of that table (leader-first-table.ts; seeds 37016, 81064). After a cycle
 * through a thread keeping what its leader has before joins that precede its single-threaded
 * switch: the dead leader planned as its last live thread (last-thread-leader.ts; seed 75255).
 * After a cycle through a session's ghost forking a group's ghost that creates the ghost's own
 * forker: an unused ghost placed under no task a lift made born in the session
 * (unused-ghost-place.ts; seed 53490). After a cycle through a member's making of a user ns that
 * a maker enters and set_tid creations before a switch: holderOwners, its rounds moving no
 * creation after a switch (held-owner-alone.ts; seed 36758). After a cycle through one helper
 * needed both before and after its creator's joins: the helper joins for the later child
 * (helper-joins-for.ts; seed 98953). Each only for the images whose
 * first answer names its rule: a few attempts, for first attempts left undecided on a cycle only.
 */
const CYCLE_VARIANTS: Variant[] = [
  { moves: false, initStop: false, pfcHelpers: true, pfcEmitHelpers: true, holderOwners: true },
  { moves: false, initStop: false, rootSiblingBirths: true },
  // (planner/variants/init-sharer.ts: no sibling in a pid-ns init's own pid ns creates it to share with it, with `shares`)
  { moves: false, initStop: false, initSharers: true, shares: true },
  // (planner/variants/born-session-helper.ts: a child kept in its creator's old session, in a pid ns whose init comes after the creator's setsid, forked by a helper from before it)
  { moves: false, initStop: false, bornSessionHelpers: true },
  // (joins after an execve that keeps every capability, facts.ts execJoinsAfter, with time-ns makers first)
  { moves: false, initStop: false, execCaps: true, timeMakers: true },
  // (planner/variants/settled-carriers.ts: a session's own reparent-helper carriers offered only with a settled creator chain, after a cycle through a helper inheriting a group it cannot join)
  { moves: false, initStop: false, settledCarriers: true },
  // (planner/variants/visiting-leader.ts: a group's leader visits another group of its session to fork there, after making its own; after a cycle through both forks)
  { moves: false, initStop: false, visitingLeaders: true },
  // (planner/variants/leader-first-table.ts: a leader first holder of its thread's fd table forks the children sharing it, then unshares; after a cycle through a thread's sharer after a single-threaded switch)
  { moves: false, initStop: false, leaderFirstTables: true },
  // (planner/variants/last-thread-leader.ts: a dead leader planned as its last live thread; after a cycle through a thread keeping what its leader has before joins that precede its single-threaded switch)
  { moves: false, initStop: false, lastThreadLeaders: true },
  // (planner/variants/unused-ghost-place.ts: a session ghost no member uses placed under no task a lift made born in the session; after a cycle through such a ghost forking a group's ghost)
  { moves: false, initStop: false, unusedGhostPlaces: true },
  // (planner/variants/held-owner-alone.ts: with holderOwners, a rebuild round handing a user ns to a holder moves no creation after its creator's switch; after a cycle through a maker entering a member-made user ns and set_tid creations)
  { moves: false, initStop: false, holderOwners: true, heldOwnersAlone: true },
  // (planner/variants/helper-joins-for.ts: a helper joins for its child what it must inherit from its creator's final namespaces; after a cycle through one helper needed before and after its creator's joins)
  { moves: false, initStop: false, helperJoinsFor: true },
  // (planner/variants/inside-owner-init.ts: an init not born making its pid ns's owner forked by its creator from inside that owner after its switch, no maker; after a cycle through a maker's fork before its creator's execve or switch)
  { moves: false, initStop: false, insideOwnerInits: true },
];

/**
 * Answers given before any planning, once per image (not per attempt): validation findings, the
 * restorer's profile, proofs of impossibility, unknown facts, the op vocabulary's limits.
 * undefined when planning may start. O(image).
 */
export function beforePlanning(image: Image, opts: PlanOptions): PlanOutcome | undefined {
  const profile = opts.profile ?? DEFAULT_PROFILE;
  // 1. validation
  const findings = validateImage(image).filter((x) => x.severity === 'error');
  if (findings.length > 0) return { kind: 'impossible', proof: findingsToProof(findings) };
  if (image.tasks.length === 0) return { kind: 'undecided', reason: 'the image has no task', culprits: [] };
  // 2. the restorer's profile: what an unprivileged one cannot recreate exactly
  if (!profile.privileged) {
    const proof = unprivilegedObstacles(image, profile);
    if (proof) return { kind: 'impossible', proof: [proof] };
  }
  const missing = profileLimits(image, profile) ?? environmentInitLimit(image) ?? zombieInitSigchldLimit(image) ?? kernelInvariantLimit(image) ?? initSessionUserNsLimit(image) ?? initSessionNsLimit(image) ?? fsPinnedForksLimit(image);
  if (missing) return { kind: 'impossible', proof: [missing] };
  // 2b. unknowns the planner does not guess (proofs above hold whatever they are)
  const unknown = unknownUserNs(image);
  if (unknown) return { kind: 'undecided', reason: unknown.reason, culprits: unknown.culprits };
  const limit = vocabularyLimits(image);
  if (limit) return { kind: 'undecided', reason: limit.reason, culprits: limit.culprits };
  return undefined;
}

/**
 * One attempt, offering no choice in `avoid` (planner/replan.ts). An attempt stopped by an
 * ordering cycle through component choices tries again without them, at most MAX_REPLANS times;
 * the first attempt's answer stands unless a later one finds a plan. Attempts happen only on
 * cycles, so a plan found first is the plan found before.
 */
function planAvoiding(image: Image, opts: PlanOptions, avoid: Avoid, attempt: number, v: Variant): PlanOutcome {
  // The helpers of helper-heirs.ts are a last resort where lifting and group ghosts used to be
  // tried: an attempt they leave undecided (not a planner bug) is tried again without them.
  const heirs: Avoid = new Map();
  const out = planAttempt(image, opts, avoid, attempt, heirs, v);
  if (out.kind !== 'undecided' || out.reason.startsWith('planner bug') || attempt >= MAX_REPLANS) return out;
  const more = mergeAvoid(avoid, heirs);
  const again = more ? planAvoiding(image, opts, more, attempt + 1, v) : undefined;
  return again?.kind === 'plan' ? again : out;
}

function planAttempt(image: Image, opts: PlanOptions, avoid: Avoid, attempt: number, heirs: Avoid, v: Variant): PlanOutcome {
  const profile = opts.profile ?? DEFAULT_PROFILE;
  // planning sees dead leaders in their threads' namespaces (planner/facts/dead-leaders.ts); the plan
  // is verified against the image itself
  const planned = withDeadLeaderNamespaces(image, v.timeMakers === true, v.lastThreadLeaders === true);
  // (variant deadFirstHolderMnts: a dead leader first holder of an fs_struct planned in its sharers' mount ns, dead-first-holder-mnt.ts)
  const held = v.deadFirstHolderMnts ? deadFirstHolderMnts(planned) : undefined;
  if (held && held.holds.size === 0) return { kind: 'undecided', reason: 'variant deadFirstHolderMnts changed nothing', culprits: [] };
  const f = buildFacts(held ? held.image : planned);
  if (held) f.deadFirstHolderFs = held.holds;
  if (v.timeMakers) f.timeMakersFirst = true;
  // (variant lastThreadLeaders: a dead leader planned as its last live thread, last-thread-leader.ts)
  if (v.lastThreadLeaders) lastThreadFirst(f);
  if (v.moves) enableParentMoves(f);
  if (v.unshareInits) f.unshareInits = true;
  if (v.splitJoins) f.splitJoins = true;
  if (v.timeCreatorFirstFound) f.timeCreatorFirstFound = true;
  if (v.execCaps) f.execJoinsAfter = true;
  if (v.execBornFirst) f.execBornFirst = true;
  if (v.threadKeeps) f.threadKeeps = true;
  if (v.threadPfc) f.threadPfc = true;
  if (v.makerKids) f.makerKids = true;
  if (v.newUserInterim) f.newUserInterim = true;
  if (v.zombieKids) f.zombieKids = true;
  if (v.zombieJoins) f.zombieJoins = true;
  if (v.zombiePreSwitchNs) f.zombiePreSwitchNs = true;
  if (v.deadLeaderMntRelays) f.deadLeaderMntRelays = true;
  if (v.deadUserRelays) f.deadUserRelays = true;
  if (v.deepMakerNeeds) f.deepMakerNeeds = true;
  if (v.userHolders) f.userHolders = true;
  if (v.pfcEmitHelpers) f.pfcEmitHelpers = true;
  if (v.initJoinHelpers) f.initJoinHelpers = true;
  if (v.initJoinGroups) f.initJoinGroups = true;
  if (v.creatorInterimJoins) f.creatorInterimJoins = true;
  if (v.rootEuidExec) f.rootEuidExec = true;
  if (v.initsOnTheWay) f.initsOnTheWay = true;
  if (v.wayDownOrder) f.wayDownOrder = true;
  if (v.forkingThreadMnt) f.forkingThreadMnt = true;
  if (v.zombieSwitchMnt) f.zombieSwitchMnt = true;
  if (v.lateKidCaps) f.lateKidCaps = true;
  if (v.filesMakers) f.filesMakers = true;
  if (v.fsSourceJoins) f.fsSourceJoins = true;
  if (v.execRoot) f.execRoot = true;
  if (v.lateKeeps) f.lateKeeps = true;
  if (v.threadKids) f.threadKids = true;
  if (v.deadLeaderMm) f.deadLeaderMm = true;
  if (v.setidsLateJoins) f.setidsLateJoins = true;
  if (v.dumpable) f.dumpAfterSwitch = true;
  if (v.ownJoins) f.ownJoins = true;
  if (v.keptDeferred) f.keptDeferred = true;
  if (v.threadTimeOwner) f.threadTimeOwner = true;
  if (v.ownTfc) f.ownTfc = true;
  if (v.ownBornBelow) f.ownBornBelow = true;
  if (v.ownTimeThreads) f.ownTimeThreads = true;
  if (v.holderOwners) f.holderOwners = true;
  if (v.userBoundCreators) f.userBoundCreators = true;
  if (v.standInFsFirst) f.standInFsFirst = true;
  if (v.outerInits) f.outerInits = true;
  if (v.userKeepers) f.userKeepers = true;
  if (v.threadedLeaderJoins) f.threadedLeaderJoins = true;
  if (v.vmTimeBirths) f.vmTimeBirths = true;
  if (v.execMmRelays) f.execMmRelays = true;
  if (v.vmTimeThreads) f.vmTimeThreads = true;
  if (v.lateSettledBirths) f.lateSettledBirths = true;
  if (v.sharedFsMnts) f.sharedFsMnts = true;
  if (v.nsKeeperThreads) f.nsKeeperThreads = true;
  if (v.threadOwnTfcs) f.threadOwnTfcs = true;
  if (v.initJoinOwnTfcs) f.initJoinOwnTfcs = true;
  if (v.ghostPidHelpers) setGhostPidHelpers(f);
  if (v.threadKeptJoins) setThreadKeptJoins(f);
  if (v.threadInterimJoins) f.threadInterimJoins = true;
  if (v.ownMntKeepers) f.ownMntKeepers = true;
  if (v.ownFsThreadKeeps) f.ownFsThreadKeeps = true;
  if (v.lateBornAnyOrder) f.lateBornAnyOrder = true;
  if (v.initJoinNewPidns) f.initJoinNewPidns = true;
  if (v.threadsBeforeAwayPfc) f.threadsBeforeAwayPfc = true;
  if (v.makerEarlyJoins) f.makerEarlyJoins = true;
  if (v.initJoinBirthNeeds) f.initJoinBirthNeeds = true;
  if (v.zombieBirthNeeds) setZombieBirthNeeds(f);
  if (v.heldOwnersAlone) f.heldOwnersAlone = true;
  if (v.helperJoinsFor) f.helperJoinsFor = true;
  if (v.insideOwnerInits) f.insideOwnerInits = true;
  if (v.visitingLeaders) f.visitLeaders = true;
  if (v.transitGroups) f.transitGroups = true;
  // (variant groupGhostHeirs: a dead leader's group is invisible where its number is a task's pid, group-taken-number.ts)
  if (v.groupGhostHeirs) takenGroupNumbers(f);
  // (variant splitGroupNs: a dead leader's group seen from one pid ns of its level only, group-split-ns.ts)
  if (v.splitGroupNs) splitGroupNamespaces(f);
  // (variant takenEverywhere: a dead leader's group invisible to its members at its level, group-taken-everywhere.ts)
  if (v.takenEverywhere) takenEverywhere(f);
  const m = newModel();
  if (v.extended) m.extended = true;
  if (v.bornCreators) m.bornCreators = true;
  if (v.tempOpen) m.tempOpen = true;
  if (v.shares) m.shares = true;
  if (v.zombieShares) m.zombieShares = true;
  if (v.threadFsEntries) m.threadFsEntries = true;
  if (v.lateZombies) m.lateZombies = m.threadExecRelays = true;
  if (v.holders) m.holders = true;
  if (v.holdersLast) m.holdersLast = true;
  if (v.zombiePreSwitchNs) m.zombiePreSwitchNs = true;
  if (v.chainRelays) m.chainRelays = true;
  if (v.sourceShares) m.sourceShares = true;
  if (v.subreaperSources) m.subreaperSources = true;
  if (v.threadHolders) m.threadHolders = true;
  if (v.rootSiblingBirths) m.rootSiblingBirths = true;
  if (v.leaderSiblingBirths) m.leaderSiblingBirths = true;
  if (v.threadForkedRelays) m.threadForkedRelays = true;
  if (v.keptStandIns) m.keptStandIns = true;
  if (v.settledRelays) m.settledRelays = true;
  if (v.deadFsSources) m.deadFsSources = true;
  if (v.initSharers) m.initSharers = true;
  if (v.lastResort) m.lastResort = true;
  if (v.leavingLeaders) m.leavingLeaders = true;
  if (v.movedBornGroups) m.movedBornGroups = true;
  if (v.orphanSharers) m.orphanSharers = true;
  if (v.sharerLifts) m.sharerLifts = true;
  if (v.groupJoiners) m.groupJoiners = true;
  if (v.siblingGhosts) m.siblingGhosts = true;
  if (v.leaderUnderSubreaper) m.leaderUnderSubreaper = true;
  if (v.groupGhostHeirs) m.groupGhostHeirs = true;
  // (variant ghostBirths: sessions whose ghost forks a sharer before its setsid, sess-ghost-birth.ts)
  if (v.ghostOwnShares) setGhostOwnShares(m);
  if (v.ghostBirths) findGhostBirths(f, m);
  if (v.ghostOptionsAgain) setGhostOptionsAgain(m);
  // (variant oneStepLifts: a member lifted when its parent alone is free to be born in the session, one-step-lift.ts)
  if (v.oneStepLifts) setOneStepLifts(m);
  if (v.looseZombies) setLooseZombies(m);
  if (v.zombieLeavers) setZombieLeavers(m);
  if (v.ghostForkedGroups) setGhostForkedGroups(m);
  if (v.lateGhostForkers) setLateGhostForkers(m);
  if (v.zombieMovers) setZombieMovers(m);
  if (v.earlyThreadCarriers) setEarlyThreadCarriers(m);
  if (v.zombieGroupSharers) setZombieGroupSharers(m);
  if (v.initThreadRelays) setInitThreadRelays(m);
  if (v.rootGhostShares) setRootGhostShares(m);
  if (v.parentBornGroups) setParentBornGroups(m);
  if (v.relayBirthMnts) setRelayBirthMnts(m);
  if (v.deadCarried) setDeadCarried(m);
  if (v.bornGroupHolders) setBornGroupHolders(m);
  if (v.deadHolderRelays) setDeadHolderRelays(m);
  if (v.settledCarriers) setSettledCarriers(m);
  if (v.preSwitchZombieForks) setPreSwitchZombieForks(m);
  if (v.leaderFirstTables) setLeaderFirstTables(m);
  if (v.unusedGhostPlaces) setUnusedGhostPlaces(m);
  if (v.ghostLatePairs) setGhostLatePairs(m);
  if (v.zombieTableChains) setZombieTableChains(m);
  if (v.bornSources) setBornSources(m);
  if (v.chosenZombieHolders) setChosenZombieHolders(m);
  if (v.vmGhosts) setVmGhosts(m);
  if (v.preExecCarriers) setPreExecCarriers(m);
  resetHelperNames();
  const budgetMs = opts.componentBudgetMs ?? 200;
  const noCloneParent = opts.forbid?.cloneParent === true;
  const noHelpers = opts.forbid?.helpers === true;
  // 3. forced choices, then per-session components
  const open = forcedCreators(f, m, initsNotWalked(avoid), v.initStop);
  const solverStatus: ComponentStatus[] = [];
  let forcedCount = 0;
  for (const c of m.creation.values()) void c, forcedCount++;
  solverStatus.push({ id: 'forced', method: 'forced', optimal: true, objective: forcedCount });
  const sessions = [...open.keys()].sort((a, b) => a - b);
  const lpMemo: LpMemo = new Map();
  // (variant groupGhostHeirs: a session left with a member no creator serves yet is decided again
  // after the others, whose choices may settle that member's creators: group-ghost-heirs.ts)
  const again: number[] = [];
  for (const n of sessions) {
    const before = m.failures.length;
    const d = decideSession(f, m, n, open.get(n)!, { budgetMs, fallbackOnly: opts.fallbackOnly === true, noCloneParent, noHelpers, lpMemo, avoid });
    if (!d.ok && retryLater(m, before)) again.push(n);
    else solverStatus.push(d.status);
  }
  for (const n of again) {
    const left = stillOpen(m, n, open.get(n)!);
    if (left.length > 0) solverStatus.push(decideSession(f, m, n, left, { budgetMs, fallbackOnly: opts.fallbackOnly === true, noCloneParent, noHelpers, lpMemo, avoid }).status);
  }
  // free session leaders their parent cannot fork for want of a user ns, left by every session
  // (planner/creators/user-orphans.ts): born in the restorer's session, which finds them a creator
  const userOrphans = userOrphanLeaders(m);
  if (userOrphans.length > 0) {
    // (variant orphanSharers: in the session of a holder of their fd table or fs_struct,
    // orphan-sharer-session.ts; else all in session 0)
    const born = orphanBirthSessions(f, m, userOrphans);
    userOrphans.forEach((t, i) => setBornSid(m, t, born[i]));
    for (const n of [...new Set(born)].sort((a, b) => a - b)) {
      const ts = userOrphans.filter((_, i) => born[i] === n);
      solverStatus.push(decideSession(f, m, n, ts, { budgetMs, fallbackOnly: opts.fallbackOnly === true, noCloneParent, noHelpers, lpMemo, avoid, second: true }).status);
    }
  }
  applyGhostBirths(f, m);
  for (const h of m.helpers) if (h.heirs) for (const c of h.creates) heirs.set(c, new Set([h.by]));
  ghostConflictsToAvoid(m, heirs);
  // (variant zombieShares: a zombie child relays its parent's table, planner/sharing/zombie-relay.ts)
  relayThroughZombieChildren(f, m);
  shareWithSiblings(f, m);
  shareThroughCarriers(f, m);
  // (variant preExecCarriers: a reparent helper carrying its execve'd creator's birth fd table, pre-exec-carrier.ts)
  carryBeforeExec(f, m);
  shareThroughZombies(f, m);
  // (variant zombieShares: a zombie forked by a holder of what its child shares, planner/sharing/zombie-chain.ts)
  chainThroughZombies(f, m);
  // (variant zombieTableChains: two zombies standing for one fd table, zombie-table-chain.ts)
  linkZombieTables(f, m);
  shareThroughGhosts(f, m);
  // (variant vmGhosts: a session ghost forked with CLONE_VM by the holder of its member's mm, vm-ghost.ts)
  forkGhostsWithVm(f, m);
  shareFromSources(f, m);
  shareFromZombieSources(f, m);
  // (variant subreaperSources, planner/variants/subreaper-source.ts)
  shareThroughSubreaperSources(f, m);
  // (variant threadHolders, planner/variants/thread-holder.ts)
  forkThroughThreadHolders(f, m);
  relaysToParents(f, m);
  groupGhosts(f, m);
  movesForGhosts(f, m);
  movesForLeavers(f, m);
  // (variant ghostSharedForks: a group ghost also forks its member's siblings sharing with it, ghost-shared-forks.ts)
  if (v.ghostSharedForks) ghostSharedForks(f, m);
  // (variant holders: the same attempt as shares+zombieShares unless hold-born-chain.ts decided something)
  if (v.holders && !m.holdersUsed) return { kind: 'undecided', reason: 'variant holders changed nothing', culprits: [] };
  // (variant chosenZombieHolders: the same attempt as without it unless chosen-zombie-holder.ts kept something)
  if (v.chosenZombieHolders && !chosenZombieHoldersUsed(m)) return { kind: 'undecided', reason: 'variant chosenZombieHolders changed nothing', culprits: [] };
  if (m.failures.length > 0) {
    const fl = m.failures[0];
    return { kind: 'undecided', reason: `${fl.reason} (${fl.rule})`, culprits: fl.culprits };
  }
  // 4. restorer rules: helpers
  const binding = helperLimit(m, opts, solverStatus);
  if (binding) return binding;
  // 5. graph, order, ops
  let em = new Emitter(f, profile, rootSlots(image));
  // (variant helpersAfterSwitch: helpers creating an init they share with, forked after their creator's switch, helper-after-switch.ts)
  const switchedHelpers = v.helpersAfterSwitch ? helpersAfterSwitch(f, m) : new Set<string>();
  let built = switchedHelpers.size > 0 ? buildSchedule(f, m, em, undefined, undefined, undefined, undefined, undefined, switchedHelpers) : buildSchedule(f, m, em);
  // (attempt zombieBirthNeeds: the initJoinHelpers attempt again unless a zombie must be born with something, zombie-birth-needs.ts)
  if (v.zombieBirthNeeds && !anyZombieBirthNeeds(f)) return { kind: 'undecided', reason: 'attempt zombieBirthNeeds changed nothing', culprits: [] };
  if (built.failures.length > 0) {
    const fl = built.failures[0];
    const stopped: PlanOutcome = { kind: 'undecided', reason: `${fl.reason} (${fl.rule})`, culprits: fl.culprits };
    // a member born below its final user ns through a component's choice: again without that
    // choice (born-user-choices.ts)
    const chosen = new Set(m.components.flatMap((c) => c.members));
    const choices = bornUserChoices(fl.reason, m, (tid) => f.tasks.get(tid)?.tgid, chosen);
    // (variant ownBornBelow: the choices behind every member born below its final user ns, born-below.ts)
    if (v.ownBornBelow) bornBelowChoices(choices, built.failures.map((x) => x.reason), m, (tid) => f.tasks.get(tid)?.tgid, chosen);
    // (variant zombieShares: a sharer the chosen creator of the other's chain, share-ancestor-choices.ts)
    if (v.zombieShares && fl.rule === 'FORK-4') for (const [t, k] of shareAncestorChoices(fl.culprits, m, (tid) => f.tasks.get(tid)?.tgid, chosen)) choices.set(t, new Set([...(choices.get(t) ?? []), ...k]));
    const more = choices.size > 0 && attempt < MAX_REPLANS ? mergeAvoid(avoid, choices) : null;
    if (more) {
      const again = planAvoiding(image, opts, more, attempt + 1, v);
      if (again.kind === 'plan') return again;
    }
    return stopped;
  }
  let sch = built.schedule;
  let { order, stuck } = sch.order();
  // a cycle through "created before its creator's user-ns switch": again with those children
  // created after it (exec-order.ts), or through "X exists before T joins it": again with that
  // join after T's other joins (join-defer.ts), or through "user ns U, made by init I at its
  // birth, exists before X enters it": again with I created inside U (owner-inits.ts); while each new cycle goes through such an edge,
  // at most MAX_REBUILDS extra builds
  const late = new Set<number>();
  const lateHelpers = new Set<string>(switchedHelpers);
  let deferred: DeferredJoins = new Map();
  let insideJoins: DeferredJoins = new Map();
  let notCreators: NotCreators = new Map();
  const notOwning = new Set<number>();
  const pfcDone = new Set<number>();
  const regrouped = new Set<number>();
  // (the state before a setsid-makers.ts rebuild: restored when that one still ends on a cycle)
  let beforeSetsidMakers: { em: Emitter; built: typeof built; sch: typeof sch; order: typeof order; stuck: typeof stuck } | null = null;
  // (the budget: MAX_REBUILDS, or the variant's own, rebuild-budget.ts)
  const maxRounds = v.rebuilds?.rounds ?? MAX_REBUILDS;
  let round = 0;
  for (; round < maxRounds && stuck.length > 0; round++) {
    const cyc = sch.findCycle(stuck);
    const was = { late: new Set(late), lateHelpers: new Set(lateHelpers), deferred, insideJoins, notCreators, notOwning: new Set(notOwning) };
    // (a maker forked early first: moving a child after the switch changes the user ns it is born in)
    const early = makerBirthInheritsOnCycle(sch, cyc).filter((c) => !late.has(c));
    const found = early.length > 0 ? [] : privilegedCreationsOnCycle(sch, cyc);
    const more = early.length > 0 ? early : [...found, ...sameNsSiblings(f, m, sch, cyc, found), ...sameSessionSiblings(f, m, sch, cyc, found)].filter((c) => !late.has(c));
    // (helpers forked after the switch likewise, exec-order.ts)
    const moreHelpers = early.length > 0 ? [] : privilegedHelpersOnCycle(m, sch, cyc).filter((h) => !lateHelpers.has(h));
    const joins = deferrableJoinsOnCycle(sch, cyc, deferred);
    // (and joins the task keeps its rights over after its switch, kept-rights-joins.ts)
    const inside = [...insideJoinsOnCycle(sch, cyc, deferred, insideJoins), ...keptRightsJoinsOnCycle(f, sch, cyc, insideJoins)];
    const owners = owningInitsOnCycle(sch, cyc, notOwning);
    for (const i of owners) notOwning.add(i);
    // (variant pfcHelpers: children in another pid ns forked by helpers of their parent, pfc-helper.ts)
    let pfcMoved = 0;
    if (v.pfcHelpers) for (const [t, shape, x] of pfcCreatorsOnCycle(f, sch, cyc, pfcDone)) { pfcDone.add(t); pfcMoved += forkThroughPfcHelpers(f, m, t, shape, late, lateHelpers, x); }
    // (variant bornSessionHelpers: a child kept in its creator's old session forked by its helper from before the setsid, born-session-helper.ts)
    if (v.bornSessionHelpers) for (const [t, x] of bornSessionKeepersOnCycle(f, sch, cyc, pfcDone)) { pfcDone.add(t); pfcMoved += forkThroughPfcHelpers(f, m, t, 'session', late, lateHelpers, x); }
    // (variant holderOwners: a user ns a holder, maker or member enters after a member made it at its switch, made by a holder instead, holder-owner.ts)
    const wasHeld = f.heldOwners;
    const held = f.holderOwners ? heldOwnersOnCycle(sch, cyc, f.heldOwners ?? new Set()) : [];
    if (held.length > 0) f.heldOwners = new Set([...(f.heldOwners ?? []), ...held]);
    // (variant visitingLeaders: a group's leader visiting another group of its session to fork there, visiting-leader.ts)
    const wasVisits = f.visitingLeaders;
    const visits = f.visitLeaders ? visitingLeadersOnCycle(f, sch, cyc, f.visitingLeaders ?? new Map()) : new Map<number, number>();
    if (visits.size > 0) f.visitingLeaders = new Map([...(f.visitingLeaders ?? []), ...visits]);
    // (the last resort: another creator for a namespace made on the cycle, ns-creator-ban.ts)
    const none = more.length === 0 && moreHelpers.length === 0 && joins.length === 0 && inside.length === 0 && owners.length === 0 && pfcMoved === 0 && held.length === 0 && visits.size === 0;
    const bans = none ? nsCreatorsOnCycle(sch, cyc, built.nsCreators, notCreators) : [];
    // (after that too: a creator's joins split by type around the children of its cycle, split-joins.ts)
    const splits = f.splitJoins && none && bans.length === 0 ? splitJoinsOnCycle(f, sch, cyc, deferred) : [];
    // (or children created before a time ns made on the way to the creator's user ns: after its switch instead)
    const wayLate = f.splitJoins && none && bans.length === 0 && splits.length === 0 ? onTheWayCreationsOnCycle(sch, cyc).filter((c) => !late.has(c)) : [];
    for (const c of wayLate) late.add(c);
    // (when nothing else is left, an init forked before its creator's setsid on the cycle gets
    // its maker forked early, setsid-makers.ts)
    const setsidMakers = () => (pfcMoved === 0 ? setsidMakersOnCycle(sch, cyc, new Set(built.makers.map((mk) => mk.init))).filter((c) => !was.late.has(c)) : []);
    if (none && bans.length === 0 && splits.length === 0 && wayLate.length === 0) {
      const sm = setsidMakers();
      if (sm.length === 0) {
        // (last: a group's leader makes its group again after forking into its final one, regroup-leader.ts)
        const rg = regroupLeadersOnCycle(f, sch, cyc, regrouped);
        if (rg.length === 0) break;
        for (const l of rg) regrouped.add(l);
        f.regroupLeaders = regrouped;
      } else {
        for (const c of sm) late.add(c);
        beforeSetsidMakers ??= { em, built, sch, order, stuck };
      }
    }
    if (bans.length > 0) notCreators = withNotCreators(notCreators, bans);
    if (splits.length > 0) deferred = withDeferred(deferred, splits);
    // (variant heldOwnersAlone: a round handing a user ns to a holder moves no creation after a switch, held-owner-alone.ts)
    const heldAlone = f.heldOwnersAlone === true && held.length > 0;
    if (!heldAlone) for (const c of more) late.add(c);
    if (!heldAlone) for (const h of moreHelpers) lateHelpers.add(h);
    if (joins.length > 0) deferred = withDeferred(deferred, joins);
    if (inside.length > 0) insideJoins = withDeferred(insideJoins, inside);
    let em2 = new Emitter(f, profile, rootSlots(image));
    let built2 = buildSchedule(f, m, em2, late, deferred, insideJoins, notCreators, notOwning, lateHelpers);
    if (built2.failures.length > 0) {
      // (that rebuild cannot be built: instead, an init forked before its creator's setsid on the
      // cycle gets its maker forked early, the rest of the round undone, setsid-makers.ts)
      const sm = setsidMakers();
      // (or, when no such maker is left, a group's leader makes its group again after forking
      // into its final one, the rest of the round undone, regroup-leader.ts)
      const rg = sm.length === 0 || sm.every((c) => late.has(c)) ? regroupLeadersOnCycle(f, sch, cyc, regrouped) : [];
      if ((sm.length === 0 || sm.every((c) => late.has(c))) && rg.length === 0) break;
      late.clear(); for (const c of [...was.late, ...(rg.length > 0 ? [] : sm)]) late.add(c);
      lateHelpers.clear(); for (const h of was.lateHelpers) lateHelpers.add(h);
      notOwning.clear(); for (const i of was.notOwning) notOwning.add(i);
      ({ deferred, insideJoins, notCreators } = was);
      f.heldOwners = wasHeld;
      f.visitingLeaders = wasVisits;
      if (rg.length > 0) {
        for (const l of rg) regrouped.add(l);
        f.regroupLeaders = regrouped;
      } else beforeSetsidMakers ??= { em, built, sch, order, stuck };
      built2 = buildSchedule(f, m, em2 = new Emitter(f, profile, rootSlots(image)), late, deferred, insideJoins, notCreators, notOwning, lateHelpers);
      if (built2.failures.length > 0) break;
    }
    const o2 = built2.schedule.order();
    ({ em, built, sch, order, stuck } = { em: em2, built: built2, sch: built2.schedule, order: o2.order, stuck: o2.stuck });
  }
  if (stuck.length > 0 && round >= maxRounds && v.rebuilds) v.rebuilds.spent = true;
  if (stuck.length > 0 && beforeSetsidMakers) ({ em, built, sch, order, stuck } = beforeSetsidMakers);
  if (stuck.length > 0) {
    const cyc = sch.findCycle(stuck);
    const { chain, culprits } = cycleToReason(sch, cyc);
    const stopped: PlanOutcome = { kind: 'undecided', reason: `the ordering constraints form a cycle: ${chain.join(' ')}`, culprits };
    const choices = cycleChoices(sch, cyc, m, new Set(m.components.flatMap((c) => c.members)));
    for (const [y, k] of initWalksOnCycle(sch, cyc, f, m)) choices.set(y, k);
    const more = attempt < MAX_REPLANS ? mergeAvoid(avoid, choices) : null;
    if (more) {
      const again = planAvoiding(image, opts, more, attempt + 1, v);
      if (again.kind === 'plan') return again;
    }
    return stopped;
  }
  let failed = emitAll(sch, order, em);
  // (variant setidsCreators: the member that could open no other member's ns files makes the
  // namespace itself, planner/graph/setids-ns-creators.ts)
  if (v.setidsCreators && failed) {
    const r = setidsCreatorBuilds(f, failed, notCreators, deferred, (nc, d) => {
      const em2 = new Emitter(f, profile, rootSlots(image));
      return { em: em2, built: buildSchedule(f, m, em2, late, d, insideJoins, nc, notOwning, lateHelpers) };
    }, emitAll);
    if (r) ({ em, built, sch, order, failed } = r);
  }
  if (failed) {
    if (process.env.CRPLAN_DEBUG) for (const [i, o] of em.ops.entries()) console.error(i, JSON.stringify(o).slice(0, 200));
    const stopped: PlanOutcome = { kind: 'undecided', reason: `${failed.message} (${failed.rule})`, culprits: failed.culprits };
    // (variant emitChoices: a join refused for want of rights, again without the component
    // choice that gave the actor its namespaces, planner/creators/emit-choices.ts)
    // (variant makerRefusals: a refused pid-ns maker stands for its init, maker-refusal.ts)
    const refused = v.makerRefusals && failed.actor !== undefined ? makerRefusedFor(failed.actor, built.makers) : failed.actor;
    const choices = v.emitChoices && refused !== undefined ? emitRefusalChoices(refused, m, new Set(m.components.flatMap((c) => c.members))) : undefined;
    const more = choices && choices.size > 0 && attempt < MAX_REPLANS ? mergeAvoid(avoid, choices) : null;
    if (more) {
      const again = planAvoiding(image, opts, more, attempt + 1, v);
      if (again.kind === 'plan') return again;
    }
    return stopped;
  }
  // The replay takes the pid ns of the restorer's first child as the image's level 0
  // (executor/contract.ts). When level 0 is the restorer's own ns but the first child is a new
  // pid ns's init, a short-lived filler child in the restorer's ns goes first.
  const firstRootClone = em.ops.find((o) => o.op === 'clone' && o.actor === ROOT_ACTOR);
  const fillers: Helper[] = [];
  if (f.rootPidNsExternal && firstRootClone && firstRootClone.op === 'clone' && firstRootClone.flags.includes('CLONE_NEWPID')) {
    const name = 'h0';
    fillers.push({ name, role: 'filler', why: 'the first child of the restorer names the level-0 pid ns of the replay; this one lives in the restorer\'s own pid ns, as the image\'s level 0 does' });
    em.ops.unshift(
      { op: 'clone', actor: ROOT_ACTOR, child: name, flags: [], why: 'filler: the first child fixes the level-0 pid ns (executor/contract.ts)' },
      { op: 'exit', actor: name, code: 0, group: true, why: 'filler done' },
      { op: 'wait', actor: ROOT_ACTOR, pid: -1, why: 'reap the filler (EXIT-6)' },
    );
    for (const st of sch.steps) st.node.ops = st.node.ops.map((k) => k + 3);
  }
  // 6. the plan
  const actors: Record<string, string> = {};
  for (const t of image.tasks) actors[String(t.pid[0])] = actorOf(t.pid[0]);
  const helpers: Helper[] = fillers.concat(m.helpers.map((h) => ({ name: h.name, role: h.role, why: h.why, ...(built.helperVectors.get(h.name)?.length ? { pid: built.helperVectors.get(h.name) } : {}) })))
    .concat(built.holders.map((hd) => ({ name: hd.name, role: 'ns-holder' as const, why: hd.envOwner ? `unshares ${hd.ns}, owned by the environment's user ns, where it is born (none of the members is), so members can join it (OWN-1)` : `enters user ns ${hd.owner} and unshares ${hd.ns}, which it owns, so members can join it (OWN-1)`, ...(built.helperVectors.get(hd.name)?.length ? { pid: built.helperVectors.get(hd.name) } : {}) })))
    .concat(built.makers.map((mk) => ({ name: mk.name, role: 'pidns-maker' as const, why: `enters user ns ${mk.owner} to create init ${mk.init} with CLONE_PARENT|CLONE_NEWPID, so its pid ns is owned by ${mk.owner} (OWN-1)`, pid: built.helperVectors.get(mk.name) })))
    // and those the emitter forks on its own (emitted-helpers.ts)
    .concat(emittedHelpers(em.ops));
  const plan: Plan = {
    format: PLAN_FORMAT,
    image: { ...(image.description !== undefined ? { description: image.description } : {}), sha256: sha256(image) },
    actors, helpers, ops: em.ops,
    summary: { tasks: image.tasks.length, helpers: helpers.length, operations: em.ops.length, solver: solverStatus, verified: false },
  };
  // 7. verification
  if (opts.verify !== false) {
    const v = verifyPlan(image, plan, profile);
    if (v && process.env.CRPLAN_DEBUG) for (const [i, o] of em.ops.entries()) console.error(i, JSON.stringify(o).slice(0, 200));
    if (v) return { kind: 'undecided', reason: `planner bug: ${v.reason}`, culprits: v.culprits };
    plan.summary.verified = true;
  }
  // The graphlib graph is built on first access: it costs more than planning itself on large
  // images, and only `crplan graph` / `explain` read it.
  let graph: ReturnType<Schedule['toGraph']> | undefined;
  const outcome = { kind: 'plan' as const, plan } as Extract<PlanOutcome, { kind: 'plan' }>;
  Object.defineProperty(outcome, 'graph', { enumerable: true, get: () => (graph ??= sch.toGraph()) });
  return outcome;
}

/** Run the steps in order on the emitter; the emitter's refusal, if any. */
function emitAll(sch: Schedule, order: number[], em: Emitter): EmitError | undefined {
  try {
    for (const i of order) {
      const st = sch.steps[i];
      const before = em.ops.length;
      st.run();
      // exact-size arrays (pushing into [] reserves 17 slots, per step: a tenth of the heap)
      if (em.ops.length === before + 1) st.node.ops = [before];
      else for (let k = before; k < em.ops.length; k++) st.node.ops.push(k);
    }
    // (variant userHolders: the holders of bare user namespaces exit last, user-holder.ts)
    releaseUserHolders(em, em.userHolders);
  } catch (e) {
    if (e instanceof EmitError) return e;
    throw e;
  }
  return undefined;
}

/** Replay on the simulated kernel and diff against the image; null when identical. */
export function verifyPlan(image: Image, plan: Plan, profile = DEFAULT_PROFILE): { reason: string; culprits: number[] } | null {
  const r = replayOnSimKernel(image, plan.ops, { profile });
  if (r.failedAt !== -1) {
    const op = plan.ops[r.failedAt];
    const res = r.results[r.failedAt];
    const err = res && !res.ok ? `${res.errno}${res.rule ? ` (${res.rule})` : ''}` : 'failed';
    const tid = Number(/^t(\d+)$/.exec(op?.actor ?? '')?.[1] ?? NaN);
    return { reason: `op ${r.failedAt} (${JSON.stringify(op)}) failed on the simulated kernel: ${err}`, culprits: Number.isFinite(tid) ? [tid] : [] };
  }
  const diffs = diffImages(image, r.snapshot);
  if (diffs.length > 0) {
    return { reason: `the replayed tree differs from the image: ${diffs.slice(0, 3).map((d) => d.message).join('; ')}${diffs.length > 3 ? ` (+${diffs.length - 3} more)` : ''}`, culprits: [...new Set(diffs.map((d) => d.task).filter((x): x is number => x !== undefined))].slice(0, 8) };
  }
  return null;
}

function helperLimit(m: CreatorModel, opts: PlanOptions, status: ComponentStatus[]): PlanOutcome | null {
  const n = m.helpers.length;
  const ghosts = m.helpers.filter((h) => h.role !== 'reparent-helper');
  if (opts.forbid?.helpers && ghosts.length > 0) {
    const g = ghosts[0];
    return {
      kind: 'impossible', proof: [{
        rule: g.role === 'session-ghost' ? 'SID-2' : 'PGID-3', culprits: g.creates.slice(0, 8),
        chain: [
          g.role === 'session-ghost' ? `Session ${g.session}'s leader is not in the image, yet tasks of that session are.` : `Group ${g.group}'s leader is not in the image, yet tasks of that group are.`,
          g.role === 'session-ghost' ? `A session can only be created by setsid from the task whose pid is its number (SID-2), and never joined.` : `A group can only be created by setpgid from the task whose pid is its number (PGID-3).`,
          'So a task with that pid must exist for a while: a helper.',
          'The restorer rules forbid helpers (forbid.helpers): contradiction.',
        ],
        message: `forbid.helpers is binding: ${g.role === 'session-ghost' ? `session ${g.session}` : `group ${g.group}`} needs a ghost`,
      }],
    };
  }
  if (opts.maxHelpers !== undefined && n > opts.maxHelpers) {
    // Only ghosts are a proof: a dead session or group leader's number can only be taken by a
    // task with that pid (SID-2, PGID-3). Reparent helpers are the choice model's answer; the
    // model being optimal does not prove that no other way exists (it knows only its options).
    if (ghosts.length > opts.maxHelpers) {
      return {
        kind: 'impossible', proof: [{
          rule: ghosts.some((h) => h.role === 'session-ghost') ? 'SID-2' : 'PGID-3', culprits: ghosts.flatMap((h) => h.creates).slice(0, 8),
          chain: [
            `${ghosts.length} dead session or group leader(s) (${ghosts.map((h) => (h.role === 'session-ghost' ? `session ${h.session}` : `group ${h.group}`)).join(', ')}) still have members in the image.`,
            'A session or group number is the pid of the task that created it (SID-2, PGID-3), so each needs a task with that pid for a while: a ghost helper.',
            `So at least ${ghosts.length} helpers are needed, more than maxHelpers = ${opts.maxHelpers}.`,
          ],
          message: `maxHelpers = ${opts.maxHelpers} is binding: ${ghosts.length} dead session or group leader(s) each need a ghost`,
        }],
      };
    }
    return { kind: 'undecided', reason: `the plan found needs ${n} helpers (${ghosts.length} ghost(s), ${n - ghosts.length} reparent helper(s)), more than maxHelpers = ${opts.maxHelpers}; the planner knows no way with fewer reparent helpers${status.every((st) => st.optimal) ? ' (fewest within its choice model)' : ''}, which does not prove that none exists (EXIT-2)`, culprits: m.helpers.filter((h) => h.role === 'reparent-helper').flatMap((h) => h.creates).slice(0, 8) };
  }
  return null;
}
