/**
 * The steps of helpers and namespace holders (build.ts buildSchedule's helper bookkeeping).
 * A helper (ghost, reparent helper, share carrier) is cloned by its creator (FORK-3, FORK-4),
 * may take a session or recreate a group (SID-2, PGID-3), and exits and is reaped once what it
 * creates exists (EXIT-6). A holder is forked by the restorer, enters (or creates) the owner of
 * the namespaces it makes (OWN-1, SETNS-4), unshares them (UNSH-4), keeps them until every member
 * joined them (SETNS-7) and a user ns below its own was made through it (NSFD-1), then exits
 * (EXIT-6). O(helpers + holders + namespace memberships) steps and edges.
 */
import type { HelperSpec } from '../creators/creators.js';
import { ROOT_NAME, actorOf } from '../creators/creators.js';
import type { StepContext } from './build-context.js';
import { mntOwner, sourceUserOf } from '../sharing/source-mnt.js';
import { groupVector } from '../creators/parent-moves.js';
import { setsidLater } from '../variants/sess-ghost-birth.js';
import { fsSourceJoinUser } from '../variants/fs-source-join.js';
import { vmGhostMm } from '../variants/vm-ghost.js';

/** addHelper: a helper's creation step (once), and the helpers by creator actor */
export function makeAddHelper(ctx: StepContext) {
  const { f, m, em, s, eff, bornUser, helperVectors, bornInUser, sourceMade, sourceMnt } = ctx;
  const helperCreatesByCreator = new Map<string, HelperSpec[]>();
  for (const h of m.helpers) {
    if (!helperCreatesByCreator.has(h.by)) helperCreatesByCreator.set(h.by, []);
    helperCreatesByCreator.get(h.by)!.push(h);
  }
  const addHelper = (h: HelperSpec) => {
    if (s.has(`helper:${h.name}`)) return;
    const vec = helperVectors.get(h.name)!;
    s.add(`helper:${h.name}`, 'helper', `${h.name} (${h.role}) created by ${h.by}`, h.creates, () => {
      em.clone({ actor: h.by, child: h.name, tid: -1, pidns: h.pidns, vector: vec, thread: h.thread === true, cloneParent: h.cloneParent === true, share: [...(h.share ?? []).map((k) => (k === 'files' ? 'CLONE_FILES' as const : 'CLONE_FS' as const)), ...(vmGhostMm(m, h.name) !== undefined ? ['CLONE_VM' as const] : [])], newPidns: false, why: h.why });
      if (h.setsid && !setsidLater(m, h.name)) em.setsid(h.name, h.session, `ghost ${h.name} takes session ${h.session} (SID-2)`);
      if (h.setpgid) em.setpgid(h.name, h.group!, vec, true, `ghost ${h.name} recreates group ${h.group} (PGID-3)`);
      // (a helper joining a live leader's group: group-joiner.ts)
      if (h.joinsGroup) em.setpgid(h.name, h.group!, groupVector(f, m, h.group!) ?? [], false, `${h.name} joins group ${h.group} to fork its members there (PGID-2)`);
      // (variant fsSourceJoins: it joins its sharers' user ns, made by another task, fs-source-join.ts)
      const joins = fsSourceJoinUser(f, h, bornInUser, bornUser(h.name), (a, b) => em.userDescends(a, b), eff);
      if (joins) em.joinUser(h.name, joins, `${h.name} enters user ns ${joins}, where the processes it forks with CLONE_FS end, before sharing its fs_struct: they could not enter it then (SETNS-4)`);
      // (a source of an fs_struct makes its sharers' mount ns before its CLONE_FS forks: source-mnt.ts)
      const user = sourceUserOf(f, h, bornInUser);
      if (user && (f.nsById.get(user)?.parent ?? f.rootUserNs) === em.get(h.name).userns) { em.create(h.name, 'user', user, `${h.name} makes user ns ${user} before it forks its sharers with CLONE_FS, which clone(CLONE_NEWUSER) refuses (FORK-0, SETNS-4, OWN-1)`); sourceMade.add(user); }
      const mnt = sourceMnt.get(h.name);
      if (mnt && em.get(h.name).slots.mnt !== mnt && mntOwner(f, mnt) === em.get(h.name).userns) { em.create(h.name, 'mnt', mnt, `${h.name} makes mnt ns ${mnt} before it forks its sharers with CLONE_FS: a sharer's own unshare(CLONE_NEWNS) would copy the fs_struct (UNSH-1, SETNS-3, OWN-1)`); sourceMade.add(mnt); }
      // (variant sourceShares: the pending time_for_children of its CLONE_VM sharers, source-shares.ts)
      if (h.makesTime && em.get(h.name).slots.timeForChildren !== h.makesTime && mntOwner(f, h.makesTime) === em.get(h.name).userns) { em.create(h.name, 'time', h.makesTime, `${h.name} makes time ns ${h.makesTime} before it forks with CLONE_VM the processes whose pending time_for_children it is: they cannot make or join it themselves (FORK-7, UNSH-6, SETNS-6)`); sourceMade.add(h.makesTime); }
    });
  };
  return { addHelper, helperCreatesByCreator };
}

/** each holder's birth (entering its owner), namespace creations and exit */
export function addHolderSteps(ctx: StepContext): void {
  const { f, em, s, holders, helperVectors } = ctx;
  for (const hd of holders.values()) {
    const owner = hd.owner;
    const vec = helperVectors.get(hd.name)!;
    const hn = `holder:${hd.name}`;
    // (variant holderOwners: a user ns with members made by its holder, holder-owner.ts)
    const held = f.heldOwners?.has(owner) === true && hd.createsUser;
    s.add(hn, 'helper', `holder ${hd.name} enters user ns ${owner}`, [], () => {
      em.clone({ actor: ROOT_NAME, child: hd.name, tid: -1, pidns: f.hostPidNs, vector: vec, thread: false, cloneParent: false, share: [], newPidns: false, why: held && hd.nss.length === 0 ? `ns-holder: user ns ${owner}, made by a member only at its own switch, closed an ordering cycle; this holder makes it first (OWN-1, SETNS-4)` : `ns-holder: ${hd.nss.join(', ')} ${hd.nss.length > 1 ? 'are' : 'is'} owned by user ns ${owner}, where none of ${hd.nss.length > 1 ? 'their' : 'its'} members ends (OWN-1)` });
      if (hd.createsUser) em.create(hd.name, 'user', owner, held ? `user ns ${owner} is made by this holder, its members entering it at their own switch: made by one of them at its switch it closed an ordering cycle (OWN-1, UNSH-3, SETNS-4)` : `user ns ${owner} has no task of its own: the holder creates it to own ${hd.nss.join(', ')} (OWN-1)`);
      else if (!hd.envOwner) em.joinUser(hd.name, owner, `holder ${hd.name} enters ${owner}, the owner of ${hd.nss.join(', ')} (OWN-1, SETNS-4)`);
    });
    const ex = `holderexit:${hd.name}`;
    s.add(ex, 'exit', `holder ${hd.name} exits and is reaped`, [], () => {
      const st = em.get(hd.name);
      em.exit(hd.name, { code: 0, group: true }, `ns-holder ${hd.name} is done: every member of ${hd.nss.join(', ')} joined`);
      em.reap(ROOT_NAME, { ...st, vector: vec }, `reap ${hd.name} so no helper is left behind (EXIT-6)`);
    });
    s.edge(hn, ex, 'exit after birth', 'EXIT-1');
    // (the edges from the user ns's creation are added once the user steps exist, below)
    for (const id of hd.nss) {
      const def = f.nsById.get(id)!;
      s.add(`ns:${id}`, 'ns-create', `holder ${hd.name} creates ${def.type} ns ${id}`, [], () => em.create(hd.name, def.type, id, `${def.type} namespace ${id} is created by its holder inside its owner ${owner} (OWN-1, UNSH-4)`));
      s.edge(hn, `ns:${id}`, 'the holder exists', 'UNSH-4');
      s.edge(`ns:${id}`, ex, 'exit after creating', 'EXIT-1');
    }
  }
}

/** each helper's exit and reaping */
export function addHelperExits(ctx: StepContext): void {
  const { m, em, s, helperVectors } = ctx;
  for (const h of m.helpers) {
    const vec = helperVectors.get(h.name)!;
    s.add(`exit:${h.name}`, 'exit', `${h.name} exits and is reaped`, h.creates, () => {
      const st = em.get(h.name);
      // (variant threadHolders: a helper thread exits alone, its children stay its process's, thread-holder.ts)
      if (h.thread) { em.exit(h.name, { code: 0, group: false }, `helper thread ${h.name} is done; its children stay with its process (EXIT-1, EXIT-2)`); return; }
      // (a temporary subreaper around this exit only: leader-under-subreaper.ts)
      const tq = h.tempSubreaper;
      if (tq !== undefined) em.emit({ op: 'subreaper', actor: actorOf(tq), value: true, why: `${tq} is a subreaper while ${h.name} exits, so ${h.creates.join(', ')} reparent${h.creates.length > 1 ? '' : 's'} to it (EXIT-2, EXIT-3)` });
      em.exit(h.name, { code: 0, group: true }, `${h.role} ${h.name} is done; it must not outlive the restore`);
      if (tq !== undefined) em.emit({ op: 'subreaper', actor: actorOf(tq), value: false, why: `${tq} is no subreaper in the image: the flag served ${h.name}'s exit only (EXIT-3)` });
      // (a CLONE_PARENT helper is its creator's parent's child, FORK-3)
      em.reap(st.parent ?? h.by, { ...st, vector: vec }, `reap ${h.name} so no helper is left behind (EXIT-6)`);
    });
  }
}

/** members join a holder's namespaces before it exits */
export function addHolderJoinEdges(ctx: StepContext): void {
  const { f, s, holders, nsMembers, joinStep } = ctx;
  // members join a holder's namespaces (once every join step exists)
  for (const hd of holders.values()) {
    const ex = `holderexit:${hd.name}`;
    for (const id of hd.nss) {
      const type = f.nsById.get(id)!.type;
      for (const mbr of nsMembers.get(id) ?? []) {
        const join = joinStep(mbr, id);
        s.edge(`ns:${id}`, join, `${type} ns ${id} exists before ${mbr.pid[0]} joins it`, 'SETNS-7', { kind: 'exists-before-join', type, ns: id, joiner: mbr.pid[0] });
        s.edge(join, ex, `holder ${hd.name} keeps ${id} until ${mbr.pid[0]} joined`, 'SETNS-7');
        s.edge(`task:${mbr.pid[0]}`, ex, `holder ${hd.name} keeps ${id} until ${mbr.pid[0]} has it`, 'SETNS-7');
      }
    }
  }
}

/** a holder's owner user ns exists before it enters it; user namespaces made through a holder's */
export function addHolderUserEdges(ctx: StepContext): void {
  const { f, s, holders, nsCreator, bornInUser, bornUserOf } = ctx;
  // A holder enters its owner user ns (or creates it in its parent): that one exists first.
  for (const hd of holders.values()) {
    const owner = hd.owner;
    const hn = `holder:${hd.name}`;
    const ucr = hd.createsUser ? undefined : nsCreator.get(owner);
    // a further holder of an owner the first holder creates enters it from the first
    const first = holders.get(owner);
    if (!ucr && !hd.createsUser && first && first !== hd && first.createsUser) {
      s.edge(`holder:${first.name}`, hn, `holder ${first.name} makes user ns ${owner} before holder ${hd.name} enters it`, 'SETNS-4');
      s.edge(hn, `holderexit:${first.name}`, `holder ${first.name} keeps ${owner} until holder ${hd.name} entered it`, 'NSFD-1');
    }
    if (ucr) s.edge(bornInUser.get(ucr.pid[0]) === owner ? `task:${ucr.pid[0]}` : `user:${ucr.pid[0]}`, hn, `user ns ${owner} exists before holder ${hd.name} enters it`, 'SETNS-4', { kind: 'user-ns-exists', ns: owner, enters: { role: 'holder', name: hd.name } });
    // an init born creating the owner moves below it later: the holder enters through it first (NSFD-1)
    if (ucr && ucr.userns !== owner) s.edge(hn, `user:${ucr.pid[0]}`, `holder ${hd.name} enters ${owner} through ${ucr.pid[0]} before ${ucr.pid[0]} moves on`, 'NSFD-1');
    const parent = f.nsById.get(owner)?.parent;
    const pcr = hd.createsUser && parent ? nsCreator.get(parent) : undefined;
    if (pcr) s.edge(bornInUser.get(pcr.pid[0]) === parent ? `task:${pcr.pid[0]}` : `user:${pcr.pid[0]}`, hn, `user ns ${parent} exists before holder ${hd.name} creates ${owner} in it`, 'OWN-1', { kind: 'user-ns-exists', ns: parent! });
  }
  // A user ns below one only a holder lives in is created by passing through the holder's
  // (SETNS-4 from the holder's ns files, NSFD-1): after the holder made it, before it exits.
  for (const u of f.image.namespaces) {
    if (u.type !== 'user' || !u.parent) continue;
    const hd = holders.get(u.parent);
    const cr = nsCreator.get(u.id);
    if (!hd || !hd.createsUser || !cr) continue;
    const made = bornInUser.get(cr.pid[0]) === u.id ? `task:${cr.pid[0]}` : `user:${cr.pid[0]}`;
    s.edge(`holder:${hd.name}`, made, `user ns ${u.parent}, which only holder ${hd.name} is in, exists before ${u.id} is made in it`, 'OWN-1');
    s.edge(made, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${u.parent} until ${u.id} is made in it`, 'NSFD-1');
  }
  // (likewise a task whose switch goes through a holder's user ns further up, the ones between
  // being made on its way, emit.ts enterUserChain: seed 10534, 375 goes through user:7 and the
  // bare user:1 to make user:5)
  if (holders.size > 0) {
    for (const t of f.image.tasks) {
      if (s.at('user', t.pid[0]) < 0) continue;
      const born = bornUserOf(t.pid[0]);
      for (let u = f.nsById.get(t.userns)?.parent ?? null, guard = 0; u && u !== born && guard < 40; u = f.nsById.get(u)?.parent ?? null, guard++) {
        const hd = holders.get(u);
        if (!hd || !hd.createsUser) continue;
        s.edge(`holder:${hd.name}`, `user:${t.pid[0]}`, `user ns ${u}, which only holder ${hd.name} is in, exists before ${t.pid[0]} passes through it`, 'OWN-1');
        s.edge(`user:${t.pid[0]}`, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${u} until ${t.pid[0]} passed through it`, 'NSFD-1');
      }
    }
  }
}
