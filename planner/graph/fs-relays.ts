/**
 * Who shares an fs_struct with whom at clone time (build.ts buildSchedule): fs relays (a process
 * that passed on, with CLONE_FS, an fs_struct it later left by its own unshare, UNSH-1, UNSH-4),
 * the creators that clone a process sharing their fs_struct (FORK-4: they settle their mount ns
 * first, SETNS-3), and leaders whose fs-sharing threads keep namespaces the leader leaves, so the
 * leader joins its mount and time namespaces early (SETNS-3, SETNS-6, SETNS-7); and the edges
 * that order a CLONE_FS creation against the creator's mount ns (addFsShareEdges). O(processes +
 * threads); sharesOnlyWithOwnChildren builds its index once, O(tasks).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { BuildContext, StepContext } from './build-context.js';
import { addFsUnshareRelay, addRootFsUnshare, threadRelay } from '../sharing/fs-unshare-relay.js';
import { findFsChainRelays } from '../sharing/files-relays.js';
import { ROOT } from '../facts/facts.js';
import { forkingFsHolder } from '../variants/forking-thread-mnt.js';
import type { RelaySwitch } from '../variants/settled-relay.js';
import { deadLeaderMntRelays } from '../variants/dead-leader-mnt-relay.js';
import { deadUserRelay } from '../variants/dead-leader-user-relay.js';
import { bornInSharedFsMnt } from '../variants/shared-fs-mnt.js';

/** `relays` (read by build.ts relayView) is filled here: relay -> the fs_struct it had at birth */
export function findFsRelays(ctx: BuildContext, relays: Map<number, string>) {
  const { f, m, eff, nsCreator, bornInUser, fsUsers, threadRelays, creatorThread, pickThreadCreator, bornUserOf, ownedWithin, postSwitch, userSwitch, hasUserStep, threadCanJoin } = ctx;
  const procOrder = f.order;
  /**
   * fs relays: a process R whose creator G and whose child P share an fs_struct R does not hold
   * in the image. G created R with CLONE_FS, R created P with CLONE_FS, then R's own
   * unshare(CLONE_NEWNS) gave it a private copy (UNSH-1, UNSH-4): R -> the fs it had at birth.
   * Only for a single-threaded R that makes its own mount ns with its credentials at birth, and
   * G and R without user-ns switch (a shared fs_struct forbids it, SETNS-4); or for R making its
   * own user ns by unshare(CLONE_NEWUSER) in its born one (that copies the fs_struct too, UNSH-1).
   * O(processes).
   */
  const birthFs = new Map<number, string>();
  /** fs_struct -> the tasks holding it (built on first use; O(tasks) once) */
  let fsHolders: Map<string, Task[]> | null = null;
  /** does every other holder of r's fs_struct come from r, created by r itself? O(holders) */
  const sharesOnlyWithOwnChildren = (r: Task, threadsToo = false): boolean => {
    if (fsHolders === null) {
      fsHolders = new Map();
      for (const t of f.image.tasks) { const fs = eff(t).fs; if (fs !== null) { const l = fsHolders.get(fs); if (l) l.push(t); else fsHolders.set(fs, [t]); } }
    }
    return (fsHolders.get(r.fs!) ?? []).every((t) => t === r || (threadsToo && t.tgid === r.tgid) || (t.pid[0] === t.tgid && m.creation.get(t.tgid)?.by === `t${r.pid[0]}`));
  };
  /** relays whose copy comes from their unshare(CLONE_NEWUSER) (their user step), not a mount ns */
  const userRelays = new Set<number>();
  /** relays whose copy comes from their unshare(CLONE_FS) (fs-unshare-relay.ts) */
  const fsUnshareRelays = new Set<number>();
  // (variant deadFirstHolderMnts: a dead leader first holder of what it passes on may switch before its CLONE_FS forks, dead-first-holder-mnt.ts)
  const deadFirst = f.deadFirstHolderFs ?? new Map<number, string>();
  for (const p of procOrder) {
    const cby = m.creation.get(p.tgid)?.by;
    // (variant keptStandIns: a dead leader's fs_struct is its stand-in's, dead-leader-kept.ts)
    const o = m.keptStandIns && p.leader.state === 'dead' ? eff(p.leader).fs : p.leader.fs;
    if (!cby || !cby.startsWith('t') || o === null || creatorThread(cby, p.leader)) continue;
    const r0 = f.tasks.get(Number(cby.slice(1)));
    // (variant deadUserRelays: a dead leader as its threads hold it, dead-leader-user-relay.ts)
    const r = r0 && deadUserRelay(f, r0) ? { ...eff(r0), state: 'running' as const } : r0;
    if (!r || r.pid[0] !== r.tgid || r.fs === null || r.fs === o || r.state !== 'running' && r.state !== 'stopped') continue;
    // (threads: only for a copy by unshare(CLONE_FS), none holding the passed-on fs_struct, seed 8056)
    const rThreads = f.procs.get(r.tgid)?.threads ?? [];
    const threaded = rThreads.length > 0;
    if (threaded && (!m.shares || rThreads.some((t) => t.fs === o))) continue;
    const c2 = m.creation.get(r.tgid);
    // (with `shares`, a thread of the creating process may be G: thread-creators.ts relayThreads)
    const gThread = c2 && c2.by.startsWith('t') ? creatorThread(c2.by, r) : undefined;
    if (!c2 || c2.via || !c2.by.startsWith('t') || (gThread && !(m.shares && gThread.fs === o && gThread.files !== r.files))) continue;
    const g = gThread ?? f.tasks.get(Number(c2.by.slice(1)));
    if (!g || eff(g).fs !== o) continue;
    const mnt = r.nsproxy ? f.nsproxy.get(r.nsproxy)?.mnt : undefined;
    // or R makes its own user ns by unshare from its born user ns, in G's mount ns:
    // CLONE_NEWUSER implies CLONE_FS, which copies a shared fs_struct too (UNSH-1; seed 776)
    const gMnt = g.nsproxy ? f.nsproxy.get(g.nsproxy)?.mnt : undefined;
    const ownUser = nsCreator.get(r.userns) === r && !bornInUser.has(r.pid[0]) && f.nsById.get(r.userns)?.parent === bornUserOf(r.pid[0]) && mnt === gMnt;
    if (!mnt || (userSwitch(g) && !deadFirst.has(g.pid[0]))) continue;
    // otherwise, in re-plan variant `shares`, its copy comes from unshare(CLONE_FS) (fs-unshare-relay.ts)
    const byUnshare = threaded || (!ownUser && (nsCreator.get(mnt) !== r || postSwitch(mnt) || userSwitch(r)));
    if (byUnshare && !m.shares) continue;
    // R alone holds its final fs_struct; or, when its copy comes from its unshare(CLONE_NEWUSER),
    // also the processes R creates with CLONE_FS after that step (SETNS-4 edge below; seed 776)
    if ((fsUsers.get(r.fs) ?? 0) !== 1 && !((ownUser || byUnshare) && sharesOnlyWithOwnChildren(r, byUnshare))) continue;
    if ((birthFs.get(r.pid[0]) ?? o) !== o) continue;
    birthFs.set(r.pid[0], o);
    relays.set(r.pid[0], o);
    if (byUnshare) fsUnshareRelays.add(r.pid[0]);
    else if (ownUser) userRelays.add(r.pid[0]);
  }
  // (variant deadLeaderMntRelays: a dead leader making its mount ns relays what its creator passed on, dead-leader-mnt-relay.ts)
  const deadRelays = deadLeaderMntRelays(ctx);
  for (const [rid, o] of deadRelays) if (!relays.has(rid)) { birthFs.set(rid, o); relays.set(rid, o); }
  // (re-plan variant `shares`) a live leader whose thread keeps the fs_struct the leader's creator
  // passed on, the leader's own being another: fs-unshare-relay.ts threadRelay (seeds 3935, 7560)
  if (m.shares) {
    for (const p of procOrder) {
      const o = threadRelay(f, m, p, (t) => eff(t), creatorThread, userSwitch, ctx.switchFirst);
      if (o === undefined || relays.has(p.tgid)) continue;
      threadRelays.set(p.tgid, o);
      birthFs.set(p.tgid, o);
      relays.set(p.tgid, o);
      fsUnshareRelays.add(p.tgid);
    }
  }
  // (re-plan variant `shares`) an fs_struct passed down two creator chains from their nearest
  // common creator, each relay then copying it by unshare(CLONE_FS) (files-relays.ts findFsChainRelays)
  const chain = new Map<number, string>();
  findFsChainRelays(ctx, chain, relays);
  let rootFs: string | undefined;
  for (const [rid, o] of chain) {
    if (rid === ROOT) { rootFs = o; continue; }
    birthFs.set(rid, o);
    relays.set(rid, o);
    fsUnshareRelays.add(rid);
  }
  /** a task as it was at birth: an fs relay with the fs_struct it then shared */
  // (a dead relay leader, fs-unshare-relay.ts threadRelay, was alive then: not re-derived by eff)
  const atBirth = (t: Task): Task => (birthFs.has(t.pid[0]) ? (t.state === 'dead' ? { ...eff(t), fs: birthFs.get(t.pid[0])!, state: 'running' } : { ...t, fs: birthFs.get(t.pid[0])! }) : t);
  /** tasks that create a process sharing their fs_struct (CLONE_FS, FORK-4): they settle their mount ns first */
  const fsSharingCreators = new Set<number>();
  // leaders whose threads share their fs_struct yet keep a uts/ipc/net/cgroup ns the leader
  // leaves by its joins, which they cannot join themselves (SETNS-7): the leader joins its mount
  // and time namespaces early (SETNS-3, SETNS-6), forks those threads, then joins the rest
  // (setns of these kinds is per thread, SETNS-7; seed 8788). leader -> those threads. O(threads).
  const fsThreadKeepers = new Map<number, Set<number>>();
  for (const p of procOrder) {
    const npL = p.leader.nsproxy ? f.nsproxy.get(p.leader.nsproxy) : undefined;
    if (!npL || p.leader.state === 'zombie' || p.threads.length === 0 || hasUserStep(p.leader)) continue;
    for (const th of p.threads) {
      const npTh = th.nsproxy ? f.nsproxy.get(th.nsproxy) : undefined;
      if (!npTh || th.fs === null || th.fs !== eff(p.leader).fs || threadCanJoin(th) || pickThreadCreator(p, th) !== p.leader) continue;
      const keeps = (['uts', 'ipc', 'net', 'cgroup'] as const).some((sl) => npTh[sl] !== npL[sl] && nsCreator.get(npL[sl]) !== p.leader && nsCreator.get(npL[sl])?.tgid !== p.tgid && !ownedWithin(npTh[sl], bornUserOf(th.pid[0])));
      if (!keeps) continue;
      if (!fsThreadKeepers.has(p.tgid)) fsThreadKeepers.set(p.tgid, new Set());
      fsThreadKeepers.get(p.tgid)!.add(th.pid[0]);
    }
  }
  for (const p of procOrder) {
    const by = m.creation.get(p.tgid)?.by;
    const cr = by && by.startsWith('t') ? f.tasks.get(Number(by.slice(1))) : undefined;
    // (variant keptStandIns: a dead leader's stand-in fs_struct, dead-leader-kept.ts)
    const fs = m.keptStandIns && p.leader.state === 'dead' && !birthFs.has(p.tgid) ? eff(p.leader).fs : atBirth(p.leader).fs;
    if (cr && fs !== null && eff(cr).fs === fs && !deadRelays.has(cr.pid[0])) fsSharingCreators.add(cr.pid[0]);
  }
  for (const h of m.helpers) if (h.share?.includes('fs') && h.by.startsWith('t')) fsSharingCreators.add(Number(h.by.slice(1)));
  return { birthFs, userRelays, fsUnshareRelays, atBirth, fsSharingCreators, fsThreadKeepers, rootFs };
}

/** what the fs-sharing edges need beyond the step context (from findFsRelays) */
export interface FsShareInputs {
  relays: Map<number, string>;
  userRelays: Set<number>;
  fsUnshareRelays: Set<number>;
  atBirth: (t: Task) => Task;
  /** the fs_struct the restorer passes down creator chains with CLONE_FS, then unshares (findFsChainRelays) */
  rootFs?: string;
  /** (variant settledRelays) relays that settle their namespaces before forking their sharers (settled-relay.ts) */
  settledRelays?: ReadonlyMap<number, RelaySwitch>;
}

/** A creator settles its mount ns before a CLONE_FS child or helper; a relay creates before its copy. */
export function addFsShareEdges(ctx: StepContext, inputs: FsShareInputs): void {
  const { f, m, s, em, eff, nsCreator, nsOfCreatorEarly, earlyMntJoins } = ctx;
  const { relays, userRelays, fsUnshareRelays, atBirth, rootFs } = inputs;
  const procOrder = f.order;
  // A CLONE_FS child shares its creator's fs_struct: the creator's unshare(CLONE_NEWNS) would
  // give it a private copy and its setns(mnt) needs an unshared one (UNSH-4, SETNS-3), so the
  // creator settles its mount namespace before creating the sharer.
  for (const p of procOrder) {
    const c = m.creation.get(p.tgid);
    if (!c || !c.by.startsWith('t')) continue;
    // (variant forkingThreadMnt: the thread that forks p, holding what p shares, forking-thread-mnt.ts)
    const cr = forkingFsHolder(ctx, c.by, p.leader, f.tasks.get(Number(c.by.slice(1))));
    const crn = cr?.pid[0] ?? Number(c.by.slice(1));
    // (a zombie's stand-in fs_struct, see zombieTask; variant keptStandIns: a dead leader's too, dead-leader-kept.ts)
    const lfs = p.zombie || (m.keptStandIns && p.leader.state === 'dead' && !relays.has(p.tgid)) ? eff(p.leader).fs : atBirth(p.leader).fs;
    if (relays.has(crn) && lfs === relays.get(crn)) {
      // the relay creates p before its unshare(CLONE_NEWNS) makes its own fs_struct private (UNSH-1)
      const mnt = f.nsproxy.get(cr?.nsproxy ?? '')?.mnt;
      if (fsUnshareRelays.has(crn)) continue; // (addFsUnshareRelay orders it)
      if (userRelays.has(crn)) s.edge(s.at('task', p.tgid), s.at('user', crn), `${crn} creates ${p.tgid} with CLONE_FS before its unshare(CLONE_NEWUSER) copies the fs_struct they share`, 'UNSH-1');
      else if (mnt) s.edge(s.at('task', p.tgid), `ns:${mnt}`, `${crn} creates ${p.tgid} with CLONE_FS before its unshare(CLONE_NEWNS) copies the fs_struct they share`, 'UNSH-1');
      continue;
    }
    if (!cr || lfs === null || eff(cr).fs !== lfs) continue;
    // (a creator that makes its mount ns itself has it from that step, UNSH-4 below)
    const mntStep = s.at('nsmnt', crn) >= 0 ? s.at('nsmnt', crn) : nsCreator.get(f.nsproxy.get(cr.nsproxy ?? '')?.mnt ?? '') === cr ? undefined : s.at('nsfix', crn);
    s.edge(mntStep, s.at('task', p.tgid), `${crn} joins its mount ns before sharing its fs_struct with ${p.tgid}`, 'SETNS-3');
    for (const id of nsOfCreatorEarly.get(crn) ?? []) if (f.nsById.get(id)?.type === 'mnt') s.edge(`ns:${id}`, s.at('task', p.tgid), `unshare(CLONE_NEWNS) would unshare the fs_struct ${p.tgid} must share`, 'UNSH-4');
  }
  if (rootFs !== undefined) addRootFsUnshare(f, m, s, em, rootFs, atBirth);
  /**
   * Does relay R's join step stay in the mount ns R is born in? When R's creator G holds the
   * fs_struct R passes on, G's mount ns cannot change from R's birth on (that fs_struct is shared
   * from then on, SETNS-3; an unshare(CLONE_NEWNS) would copy it, UNSH-1), so R is born in G's
   * final one; if that is R's final one too, and R joins no other in between (interim joins),
   * R's join step makes no setns(mnt) and may come before its unshare(CLONE_FS) (seed fuzz 337).
   */
  const staysInMnt = (rid: number): boolean => {
    const r = f.tasks.get(rid)!;
    const c = m.creation.get(r.tgid);
    if (!c || c.via || !c.by.startsWith('t') || ctx.creatorThread(c.by, r) || ctx.interimOf.get(rid)?.has('mnt')) return false;
    const g = f.tasks.get(Number(c.by.slice(1)));
    const mntOf = (t: Task | undefined) => (t?.nsproxy ? f.nsproxy.get(t.nsproxy)?.mnt : undefined);
    const gMnt = g ? mntOf(eff(g)) : undefined;
    return !!g && eff(g).fs === relays.get(rid) && gMnt !== undefined && gMnt === mntOf(eff(r)) && nsCreator.get(gMnt) !== r;
  };
  // (variant sharedFsMnts: any live holder of its birth fs_struct tells R's mount ns; its early
  // step then makes no setns(mnt) either, shared-fs-mnt.ts)
  const bornStays = (rid: number): boolean => {
    const r = f.tasks.get(rid)!;
    const mnt = r.nsproxy ? f.nsproxy.get(r.nsproxy)?.mnt : undefined;
    return bornInSharedFsMnt(f, r, relays.get(rid)!, mnt) && nsCreator.get(mnt!) !== r && !ctx.interimOf.get(rid)?.has('mnt');
  };
  for (const r of fsUnshareRelays) {
    const born = m.shares === true && bornStays(r);
    addFsUnshareRelay(f, m, s, em, eff(f.tasks.get(r)!), relays.get(r)!, atBirth, nsOfCreatorEarly.get(r) ?? [], earlyMntJoins.has(r) && !born, m.shares === true && (born || staysInMnt(r)), inputs.settledRelays?.get(r));
  }
  // the same for a helper forked with CLONE_FS (share-carriers.ts): its creator settles first
  for (const h of m.helpers) {
    const cr = h.share?.includes('fs') && h.by.startsWith('t') ? f.tasks.get(Number(h.by.slice(1))) : undefined;
    if (!cr) continue;
    const crn = cr.pid[0];
    const mntStep = s.at('nsmnt', crn) >= 0 ? s.at('nsmnt', crn) : nsCreator.get(f.nsproxy.get(cr.nsproxy ?? '')?.mnt ?? '') === cr ? undefined : s.at('nsfix', crn);
    s.edge(mntStep, `helper:${h.name}`, `${crn} joins its mount ns before sharing its fs_struct with ${h.name}`, 'SETNS-3');
    for (const id of nsOfCreatorEarly.get(crn) ?? []) if (f.nsById.get(id)?.type === 'mnt') s.edge(`ns:${id}`, `helper:${h.name}`, `unshare(CLONE_NEWNS) would unshare the fs_struct ${h.name} passes on`, 'UNSH-4');
  }
}
