/**
 * Each task's user-ns switch step `user:<tid>` (build.ts buildSchedule): a task whose final user
 * ns is not the one it is born in moves into it last, after creating its children with set_tid
 * while privileged (FORK-9, SETNS-4), or creates it as its first member (OWN-1). On the way it
 * may enter (or make, UNSH-3) an owner between its born and final user ns to unshare a pending
 * pid_for_children there (UNSH-5, OWN-1), and it points pid_for_children back at its own pid ns
 * when what it creates after the switch needs that (FORK-2, FORK-7, SETNS-5). O(tasks) steps;
 * homeAfterSwitch is O(creations of the task).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import type { StepContext } from './build-context.js';
import type { RelaySwitch } from '../variants/settled-relay.js';

/** what the user steps need beyond the step context */
export interface UserStepInputs {
  /** tasks that unshare a pid ns for their init (unshare-init.ts) */
  unshareBy: Set<number>;
  /** the creation steps that used an actor as creator (asked when a step runs) */
  creationsBy: (actor: string) => string[] | undefined;
  makerNeedsOuter: (t: Task, creator: Task) => boolean;
  /** (variant settledRelays) fs relays that switch user ns before forking their CLONE_FS sharers (settled-relay.ts): their step's why says so */
  settledRelays?: ReadonlyMap<number, RelaySwitch>;
}

/** Adds the user steps; returns pfcOnTheWay (see there), which the caller fills. */
export function addUserSteps(ctx: StepContext, inputs: UserStepInputs): Map<number, { owner: string; pfc: string }> {
  const { f, em, s, eff, nsCreator, holders, nsMembers, bornInUser, makers, switchFirst, afterSwitch, splitMakers, userSwitch } = ctx;
  const { unshareBy, creationsBy, makerNeedsOuter, settledRelays } = inputs;
  /**
   * Tasks whose pending pid_for_children is owned by a user ns strictly between the one they are
   * born in and their final one: the user step enters that owner, unshares the pid ns, then goes
   * on (filled with the pfcnew steps below; read when the user step runs).
   */
  const pfcOnTheWay = new Map<number, { owner: string; pfc: string }>();
  for (const t of f.image.tasks) {
    if (!userSwitch(t)) continue;
    const isThread = t.pid[0] !== t.tgid;
    if (!isThread && bornInUser.get(t.pid[0]) === t.userns) continue;
    const leader = f.procs.get(t.tgid)?.leader;
    if (isThread && leader && leader.userns === t.userns) continue;
    const a = actorOf(t.pid[0]);
    const cr = nsCreator.get(t.userns);
    s.addAt('user', t.pid[0], 'ns-join', `${t.pid[0]} enters user ns ${t.userns}`, [t.pid[0]], () => {
      const mid = pfcOnTheWay.get(t.pid[0]);
      if (mid) {
        const why = (rule: string) => `${t.pid[0]} enters user ns ${mid.owner} on its way to ${t.userns}: its pending pid_for_children ${mid.pfc} is owned by it (OWN-1, ${rule})`;
        // (a user ns no task ends in and no holder makes: t makes it on its way, as its history
        // did, UNSH-3; seed 7217)
        if (nsCreator.has(mid.owner) || holders.has(mid.owner) || (nsMembers.get(mid.owner)?.length ?? 0) > 0 || em.userMade(mid.owner)) em.joinUser(a, mid.owner, why('SETNS-4'));
        else em.create(a, 'user', mid.owner, why('UNSH-3'));
        em.finalPfc(a, mid.pfc, `pending pid_for_children ${mid.pfc} of ${t.pid[0]}: unshare(CLONE_NEWPID) with no child yet, from inside its owner ${mid.owner} (UNSH-5, OWN-1)`);
      }
      // threads come after the switch and need pid_for_children = own pid ns (FORK-2): point it
      // back while still privileged over its owner; the final phase sets the image's (SETNS-5)
      const pr = f.procs.get(t.tgid);
      // (also when its final pid_for_children is its own pid ns, or a new one it unshares after
      // the switch, which needs it home first, UNSH-5: the switch may take away the rights over
      // its own pid ns's owner, SETNS-5; seeds 5447, 2635)
      const npT = t.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
      const pendingNew = s.has(`pfcnew:${t.pid[0]}`) && npT !== undefined && em.get(a).pfc !== npT.pidForChildren;
      const homeFinal = npT?.pidForChildren === t.pidns;
      if (pr && pr.leader === t && !s.has(`pfcearly:${t.pid[0]}`) && !unshareBy.has(t.pid[0]) && (((pr.threads.length > 0 || homeAfterSwitch(t) || homeFinal) && !s.has(`pfcnew:${t.pid[0]}`)) || pendingNew)) em.pfcHome(a, `${t.pid[0]} points pid_for_children back at its own pid ns before its user-ns switch: what it creates after it (threads, a process in its own pid ns or a new one) needs that (FORK-2, FORK-7, SETNS-5)`);
      if (cr === t) em.create(a, 'user', t.userns, `user ns ${t.userns} is created by its first member, after it created every task it must (FORK-9: set_tid needs privilege)`);
      else if (settledRelays?.get(t.pid[0]) === 'user') em.joinUser(a, t.userns, `${t.pid[0]} enters its user ns before forking the children that share its fs_struct (CLONE_FS): a shared fs_struct forbids setns(user) later (SETNS-4)`);
      else em.joinUser(a, t.userns, `${t.pid[0]} moves into its user ns last, after creating its children (FORK-9, SETNS-4)`);
    });
  }

  /** Does t create, after its user-ns switch, a process in its own pid ns or the init of a child one (pid_for_children = its own, FORK-7)? O(its creations). */
  function homeAfterSwitch(t: Task): boolean {
    const fs = eff(t).fs;
    for (const x of creationsBy(actorOf(t.pid[0])) ?? []) {
      const q = x.startsWith('task:') ? f.procs.get(Number(x.slice(5))) : undefined;
      if (!q) continue;
      // (a maker forked after the switch lands in the parent of its init's pid ns: seed 4593)
      if (makers.has(q.tgid)) {
        if (!splitMakers.has(q.tgid) && !makerNeedsOuter(q.leader, t) && f.pidns.get(q.pidns)?.parent === t.pidns) return true;
        continue;
      }
      const after = afterSwitch.has(q.tgid) || switchFirst.get(q.tgid) === t.pid[0] || (fs !== null && eff(q.leader).fs === fs);
      if (after && (q.pidns === t.pidns || (q.isInit && f.pidns.get(q.pidns)?.parent === t.pidns))) return true;
    }
    return false;
  }
  return pfcOnTheWay;
}
