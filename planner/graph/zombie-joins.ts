/**
 * Re-plan variant `zombieJoins`: a zombie that switches user ns before forking a child joins,
 * while still privileged, the namespaces that child can only inherit.
 *
 * Rules: SETNS-3..7 (setns needs CAP_SYS_ADMIN over the target's owner user ns), OWN-2 (a task in
 * a user ns has no rights over a namespace owned by an ancestor of it), FORK-7 (a child is born in
 * its creator's namespaces), USERNS-* (the zombie's switch drops its rights over its born user ns's
 * namespaces), EXIT-4 (a zombie's namespaces are gone from the image: kernel/diff.ts ignores
 * them, so the zombie may end anywhere).
 *
 * A zombie Z has no join step of its own (ns-nodes.ts skips zombies): it keeps the namespaces it is
 * born with. When Z moves into another user ns (its user step: a setns or an unshare of
 * CLONE_NEWUSER) and only then forks a child C whose namespace X in some slot C cannot join (X's
 * owner is outside C's born user ns) and does not make itself, C can only inherit X from Z; after
 * its switch Z has no rights over X's owner either, so Z joins X before its switch, with the rights
 * of the user ns it is born in (seed 97089: zombie 10 joins uts:1, owned by the host user ns,
 * before entering user:1 and forking 13; seed 48248: zombie 4 joins ipc:2 before unsharing
 * user:1 and forking 12). When Z's final user ns has rights over X (C is born in a new user ns of
 * its own), Z joins after its switch instead. The real process got there the same way: it held X
 * when it forked C.
 *
 * Not the mount slot (a zombie that hands its fs_struct on cannot setns(mnt), SETNS-3; the mount
 * case is zombie-mnt.ts's) nor time (born in time_for_children, time-birth.ts). A slot two children
 * need differently is left out. Complexity: O(processes x slots).
 */
import { setnsRule, type StepContext } from './build-context.js';
import { actorOf } from '../creators/creators.js';
import type { NeedSlot } from '../ordering/birth-needs.js';
import { zombieJoinSlots, type ZombieSlot } from '../variants/zombie-pre-switch-ns.js';

const ZOMBIE_SLOTS: readonly NeedSlot[] = ['uts', 'ipc', 'net', 'cgroup'];

export interface ZombieJoinInput {
  /** what a process must be born with beyond its final namespaces (birth-needs.ts inheritedBirthNeeds) */
  birthNeeds: ReadonlyMap<number, ReadonlyMap<string, string>>;
}

export function addZombieJoins(ctx: StepContext, inp: ZombieJoinInput): void {
  const { f, m, s, em, nsCreator, nsOwner, bornUserOf, makers } = ctx;
  if (!f.zombieJoins) return;
  // zombie tgid -> slot -> the namespace its children need there (null: they disagree), and the children
  const wants = new Map<number, { ns: Map<ZombieSlot, string | null>; kids: Map<ZombieSlot, number[]> }>();
  for (const p of f.order) {
    const by = m.creation.get(p.tgid)?.by;
    if (!by || !by.startsWith('t') || makers.has(p.tgid)) continue;
    const zt = Number(by.slice(1));
    const z = f.procs.get(zt);
    if (!z || !z.zombie || z.leader.pid[0] !== zt || makers.has(zt) || s.at('user', zt) < 0) continue;
    const np = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined;
    if (!np) continue;
    // (variant zombiePreSwitchNs: time too, zombie-pre-switch-ns.ts)
    for (const sl of zombieJoinSlots(f, ZOMBIE_SLOTS)) {
      const x = inp.birthNeeds.get(p.tgid)?.get(sl) ?? np[sl];
      const def = f.nsById.get(x);
      if (!def || nsCreator.get(x)?.tgid === p.tgid || em.userDescends(nsOwner(x), bornUserOf(p.tgid))) continue;
      let w = wants.get(zt);
      if (!w) wants.set(zt, (w = { ns: new Map(), kids: new Map() }));
      const had = w.ns.get(sl);
      w.ns.set(sl, had === undefined || had === x ? x : null);
      const kids = w.kids.get(sl);
      if (kids) kids.push(p.tgid);
      else w.kids.set(sl, [p.tgid]);
    }
  }
  for (const [zt, w] of wants) {
    const z = f.procs.get(zt)!.leader;
    const a = actorOf(zt);
    const userStep = s.at('user', zt);
    for (const [sl, x] of w.ns) {
      if (x === null) continue;
      const owner = nsOwner(x);
      const afterSwitch = z.userns !== null && em.userDescends(owner, z.userns);
      if (!afterSwitch && !em.userDescends(owner, bornUserOf(zt))) continue;
      const id = s.add(`zjoin:${zt}:${sl}`, 'ns-join', `${zt} joins ${sl} ns ${x} before forking the children that inherit it`, [zt], () => {
        if (em.get(a).slots[sl] !== x) em.join(a, sl, x, `${zt}, a zombie in the image, holds ${sl} ns ${x} when it forks ${w.kids.get(sl)!.join(', ')}, which can only inherit it (${setnsRule(sl)}, FORK-7)`);
      });
      s.edge(s.at('task', zt), id, 'after birth', 'FORK-1');
      if (s.has(`ns:${x}`)) s.edge(`ns:${x}`, id, `${sl} ns ${x} exists before ${zt} joins it`, setnsRule(sl), { kind: 'exists-before-join', type: sl, ns: x, joiner: zt });
      if (afterSwitch) s.edge(userStep, id, `${zt} joins ${x} with the rights of its own user ns`, setnsRule(sl));
      else s.edge(id, userStep, `${zt} joins ${x} with the rights of the user ns it is born in`, setnsRule(sl));
      for (const k of w.kids.get(sl)!) s.edge(id, s.at('task', k), `${zt} is in ${sl} ns ${x} when it forks ${k} (FORK-7)`, setnsRule(sl));
    }
  }
}
