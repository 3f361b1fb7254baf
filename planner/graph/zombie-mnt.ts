/**
 * A zombie that handed its own fs_struct on with CLONE_FS settles its mount namespace first
 * (re-plan variant `zombieShares`, CreatorModel.zombieShares).
 *
 * Rules: FORK-4 (a CLONE_FS child shares its creator's fs_struct), SETNS-3 (setns(mnt) is refused
 * while the fs_struct is shared: the children cannot join their mount ns once born), UNSH-1/UNSH-4
 * (an unshare(CLONE_NEWNS) would give the joiner a private copy), EXIT-4 (a zombie's namespaces
 * are gone from the image: nsproxy null). In the image's history the zombie Z, the first holder of
 * the fs_struct (its creator held another), was in the mount ns M its CLONE_FS children end in
 * when it forked them. planner/sharing/share-zombies.ts makes Z their creator; without this Z stayed in
 * its creator's mount ns at birth and the children were asked to join M (seeds 11872, 12810: the
 * creator made M only after forking Z). Here Z joins M (setns, with the rights of its final user
 * ns when that owns M, else of the one it is born in) after its birth and any user-ns switch, and
 * before its first CLONE_FS fork; the children are then born in M.
 *
 * Only when every such child of Z ends in the same M and Z's creator did not give Z the
 * fs_struct (Z, sharing it from birth, could not join either).
 * A dead leader first holder of its children's fs_struct (planner/graph/dead-leader-first-holder.ts) is
 * taken the same way: its threads, created without CLONE_FS, hold copies of their own, so after
 * creating them and its own join step (its threads' namespaces) it joins M, the restorer's one
 * too (a live task there is the target), and forks the children (seed 18067). O(processes).
 */
import type { StepContext } from './build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import { addZombieMntMaker } from '../sharing/zombie-mnt-maker.js';

export function addZombieMntJoins(ctx: StepContext, atBirth: (t: Task) => Task): void {
  const { f, m, s, em, eff, nsCreator, nsOwner, bornUserOf, taskOf } = ctx;
  if (!m.zombieShares) return;
  // zombie -> the processes it creates sharing its stand-in fs_struct, and their mount namespaces
  const kids = new Map<number, { tgids: number[]; mnts: Set<string> }>();
  for (const p of f.order) {
    const by = m.creation.get(p.tgid)?.by;
    if (!by || !by.startsWith('t') || p.zombie) continue;
    const z = f.procs.get(Number(by.slice(1)));
    // (a dead leader too, first holder of what its children share: dead-leader-first-holder.ts)
    if (!z || !(z.zombie || z.leader.state === 'dead') || z.leader.pid[0] !== Number(by.slice(1))) continue;
    const zfs = eff(z.leader).fs;
    // (a dead leader child: its stand-in's, dead-leader-fs.ts)
    if (zfs === null || (p.leader.state === 'dead' ? eff(p.leader) : atBirth(p.leader)).fs !== zfs) continue;
    const mnt = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy)?.mnt : undefined;
    let e = kids.get(z.tgid);
    if (!e) kids.set(z.tgid, (e = { tgids: [], mnts: new Set() }));
    e.tgids.push(p.tgid);
    e.mnts.add(mnt ?? '?');
  }
  for (const [zt, { tgids, mnts }] of kids) {
    if (mnts.size !== 1) continue;
    const mnt = [...mnts][0];
    const def = f.nsById.get(mnt);
    const z = f.procs.get(zt)!.leader;
    // (a dead leader may go back to the restorer's mount ns too: a live task there is its target)
    if (!def || (def.external && z.state !== 'dead')) continue;
    // Z is the first holder: its creator (a task or a helper) did not hand it the fs_struct
    const by = m.creation.get(zt)?.by;
    const cr = by ? taskOf(by) : undefined;
    if (by?.startsWith('h') && m.helpers.find((h) => h.name === by)?.share?.includes('fs')) continue;
    if (cr && eff(cr).fs === eff(z).fs) continue;
    // (a dead leader's threads hold other fs_structs, copies made at their creation: it joins M
    // after creating them, which keeps theirs; its fs_struct is then its own, SETNS-3)
    const threads = f.procs.get(zt)!.threads;
    if (threads.some((th) => th.fs === eff(z).fs)) continue;
    // (a member that makes M itself is Z's child: it cannot, sharing the fs_struct, UNSH-1)
    const maker = nsCreator.get(mnt);
    // (then Z makes M in its place, zombie-mnt-maker.ts)
    if (maker && tgids.includes(maker.tgid)) { if (z.state === 'zombie') addZombieMntMaker(ctx, zt, mnt, tgids, eff(z).fs!); continue; }
    const owner = nsOwner(mnt);
    const userStep = s.at('user', zt);
    const afterSwitch = userStep >= 0 && z.userns !== null && em.userDescends(owner, z.userns);
    if (!afterSwitch && !em.userDescends(owner, bornUserOf(zt))) continue;
    const a = actorOf(zt);
    const id = s.add(`zmnt:${zt}`, 'ns-join', `${zt} joins mnt ns ${mnt} before forking its CLONE_FS children`, [zt], () => {
      if (em.get(a).slots.mnt !== mnt) em.join(a, 'mnt', mnt, `${zt}, ${z.state === 'dead' ? 'a dead leader' : 'a zombie'} in the image, is in mnt ns ${mnt} when it hands its fs_struct on with CLONE_FS: its children cannot join it sharing it (SETNS-3, FORK-4)`);
    });
    s.edge(s.at('task', zt), id, 'after birth', 'FORK-1');
    if (s.has(`ns:${mnt}`)) s.edge(`ns:${mnt}`, id, `mnt ns ${mnt} exists before ${zt} joins it`, 'SETNS-3', { kind: 'exists-before-join', type: 'mnt', ns: mnt, joiner: zt });
    if (userStep >= 0) {
      if (afterSwitch) s.edge(userStep, id, `${zt} joins ${mnt} with the rights of its own user ns`, 'SETNS-3');
      else s.edge(id, userStep, `${zt} joins ${mnt} with the rights of the user ns it is born in`, 'SETNS-3');
    }
    for (const t of tgids) s.edge(id, s.at('task', t), `${zt} is in mnt ns ${mnt} when it forks ${t} with CLONE_FS (SETNS-3)`, 'SETNS-3');
    for (const th of threads) s.edge(s.at('task', th.pid[0]), id, `thread ${th.pid[0]} is born in the mount ns of ${zt}'s threads before ${zt} joins ${mnt}`, 'SETNS-3');
    // (after its own join step, which puts it in its threads' namespaces)
    if (z.state === 'dead' && s.at('nsfix', zt) >= 0) s.edge(s.at('nsfix', zt), id, `${zt} joins its threads' namespaces before moving to ${mnt} for its CLONE_FS children`, 'SETNS-3');
  }
}
