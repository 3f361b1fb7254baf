/**
 * An fs relay that makes its private copy by unshare(CLONE_FS) (FORK-4, UNSH-1, UNSH-2, SETNS-3,
 * SETNS-4).
 *
 * A relay R (planner/graph/fs-relays.ts `relays`) is created by G with CLONE_FS, creates P with CLONE_FS,
 * and then holds an fs_struct of its own: in the image G and P share one fs_struct that R, P's
 * creator, does not hold. build.ts knew two ways for R to get its copy: its own
 * unshare(CLONE_NEWNS), or its own unshare(CLONE_NEWUSER) (both imply CLONE_FS, UNSH-1). A relay
 * that joins its mount or user ns by setns, or makes neither in the way those two need, was left
 * out, and P ended undecided (FORK-4; seeds 1095, 1621, 2243, 6853, 11765: in their history R's
 * copy came from an exec'ing thread, or from an unshare of several kinds at once).
 *
 * unshare(CLONE_FS) alone gives the caller a private copy of a shared fs_struct and never fails
 * for sharing (UNSH-1, UNSH-2: allowed even multithreaded; it needs no capability). So R may
 * call it once P (and every other child sharing G's fs_struct through R) exists, and before its
 * own mount and user-ns steps, which need an unshared fs_struct (SETNS-3, SETNS-4) or would copy
 * it themselves (UNSH-1). Children R shares its final fs_struct with come after the copy, and
 * so do R's threads that share it (a multithreaded R is a relay only this way, when none of its
 * threads holds the fs_struct it passed on; seeds 8056, 10687).
 *
 * Re-plan variant `shares` only (CreatorModel.shares): plans found without it stay as they were.
 * One step and O(children + namespaces R makes) edges per such relay.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { ROOT_NAME, actorOf } from '../creators/creators.js';
import { ROOT } from '../facts/facts.js';
import type { Emitter } from '../output/emit.js';
import type { Schedule } from '../ordering/schedule.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { RelaySwitch } from '../variants/settled-relay.js';
import { rootGhostsOf } from '../variants/root-ghost-share.js';

export const FS_UNSHARE = 'fsown';

/**
 * A relay for its own threads: process p, created by a task S (plain fork, no helper), has a live
 * leader whose fs_struct is not the one S holds, while a thread of p keeps S's. In the history S
 * forked p with CLONE_FS, p's leader created that thread with CLONE_FS and then took a private
 * copy (its unshare(CLONE_NEWNS), seed 7860; or an exec, seed 3935). The plan does the same with
 * unshare(CLONE_FS): S's fs_struct, or undefined when p is no such relay. S must not change user
 * ns by setns afterwards (a shared fs_struct forbids it, SETNS-4). O(threads of p).
 */
export function threadRelay(
  f: Facts, m: CreatorModel, p: Proc, eff: (t: Task) => Task, creatorThread: (by: string, child: Task) => Task | undefined, userSwitch: (t: Task) => boolean,
  switchFirst?: ReadonlyMap<number, number>,
): string | undefined {
  const l = p.leader;
  // (a dead leader too: it created its threads before its exit; its own fs_struct is then its
  // first thread's, stand-ins.ts eff, made by the copy, seeds 5301, 8120)
  const lfs = eff(l).fs;
  if (p.threads.length === 0 || (l.state !== 'running' && l.state !== 'stopped' && l.state !== 'dead') || lfs === null) return undefined;
  const c = m.creation.get(p.tgid);
  if (!c || c.via || !c.by.startsWith('t')) return undefined;
  // (variant threadForkedRelays: S's thread holding what p's threads keep forks p, thread-forked-relay.ts)
  const byThread = creatorThread(c.by, l);
  if (byThread && !(m.threadForkedRelays && byThread.tgid === Number(c.by.slice(1)) && byThread.pid[0] !== byThread.tgid && p.threads.some((t) => t.fs === byThread.fs))) return undefined;
  const sTask = byThread ?? f.tasks.get(Number(c.by.slice(1)));
  // (unless S creates p after its switch, relay-switch-first.ts)
  if (!sTask || (userSwitch(sTask) && switchFirst?.get(p.tgid) !== sTask.pid[0])) return undefined;
  const o = eff(sTask).fs;
  if (o === null || o === lfs) return undefined;
  // (its threads keeping o keep S's mount ns too: a shared fs_struct cannot change it, SETNS-3)
  const sMnt = sTask.nsproxy ? f.nsproxy.get(sTask.nsproxy)?.mnt : undefined;
  const keep = p.threads.filter((t) => t.fs === o);
  // (variant threadFsEntries: a zombie S's mount ns is the planner's to choose, zombie-mnt.ts: the
  // threads keeping o need one mount ns between them, thread-fs-entry.ts)
  const want = sMnt === undefined && sTask.state === 'zombie' && m.threadFsEntries && keep[0]?.nsproxy ? f.nsproxy.get(keep[0].nsproxy)?.mnt : sMnt;
  if (keep.length === 0 || keep.some((t) => !t.nsproxy || f.nsproxy.get(t.nsproxy)?.mnt !== want)) return undefined;
  return o;
}

/**
 * Add R's unshare(CLONE_FS) step and its edges. `birthFs` is the fs_struct R shared at birth,
 * `atBirth` a task as it was at birth (relays with their birth fs_struct), `madeBy` the
 * namespaces R creates.
 */
export function addFsUnshareRelay(
  f: Facts, m: CreatorModel, s: Schedule, em: Emitter, r: Task, birthFs: string, atBirth: (t: Task) => Task, madeBy: readonly string[], earlyMnt: boolean, staysInMnt = false, settled?: RelaySwitch,
): void {
  const rid = r.pid[0];
  const a = actorOf(rid);
  s.addAt(FS_UNSHARE, rid, 'other', `${rid} unshares the fs_struct it passed on`, [rid], () =>
    em.emit({ op: 'unshare', actor: a, flags: ['CLONE_FS'], why: `${rid} shared fs_struct ${birthFs} with its creator and passed it on with CLONE_FS; unshare(CLONE_FS) gives it its own copy, ${r.fs} (FORK-4, UNSH-1)` }));
  s.edge(s.at('task', rid), s.at(FS_UNSHARE, rid), `${rid} exists before it unshares its fs_struct`, 'UNSH-1');
  const by = actorOf(rid);
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    if (!c || c.by !== by) continue;
    const fs = atBirth(p.leader).fs;
    // P sharing the birth fs_struct: created before the copy; sharing R's own: after it
    if (fs === birthFs) s.edge(s.at('task', p.tgid), s.at(FS_UNSHARE, rid), `${rid} creates ${p.tgid} with CLONE_FS before its unshare(CLONE_FS) copies the fs_struct they share`, 'UNSH-1');
    else if (fs !== null && fs === r.fs) s.edge(s.at(FS_UNSHARE, rid), s.at('task', p.tgid), `${rid} shares its own fs_struct with ${p.tgid}, made by its unshare(CLONE_FS)`, 'FORK-4');
  }
  // R's threads sharing its own fs_struct are created after the copy (UNSH-2 allows it threaded),
  // those keeping the one it passed on before
  for (const th of f.procs.get(r.tgid)?.threads ?? []) {
    if (th.fs !== null && th.fs === birthFs) s.edge(s.at('task', th.pid[0]), s.at(FS_UNSHARE, rid), `${rid} creates thread ${th.pid[0]} with CLONE_FS before its unshare(CLONE_FS) copies the fs_struct they share`, 'UNSH-1');
    if (th.fs !== null && th.fs === r.fs) s.edge(s.at(FS_UNSHARE, rid), s.at('task', th.pid[0]), `${rid} creates thread ${th.pid[0]}, sharing its own fs_struct, after its unshare(CLONE_FS)`, 'FORK-4');
  }
  // setns(mnt) and setns(user) need an unshared fs_struct (SETNS-3, SETNS-4); R's own
  // unshare(CLONE_NEWNS/NEWUSER) would copy it before P exists (UNSH-1)
  // (its early join step only when it joins the mount ns: a time-only one may come first, SETNS-6)
  // (`staysInMnt`: its join steps make no setns(mnt), fs-relays.ts addFsShareEdges: only its user step waits)
  // (`settled`: R makes its main joins, and its user-ns switch when it switches first, before
  // forking the sharers, while its fs_struct is still its own, settled-relay.ts)
  const before = settled === 'user' ? ['nsmnt', 'nsfix', 'user'] : settled ? ['nsmnt', 'nsfix'] : [];
  if (settled) for (const p of f.order) if (m.creation.get(p.tgid)?.by === by && atBirth(p.leader).fs === birthFs) for (const k of before) s.edge(s.at(k, rid), s.at('task', p.tgid), `${rid} settles its namespaces before sharing its fs_struct with ${p.tgid}`, 'SETNS-4');
  for (const k of staysInMnt ? (earlyMnt ? ['nsmnt', 'user'] : ['user']) : earlyMnt ? ['nsmnt', 'nsfix', 'nsfix2', 'nsfix3', 'user'] : ['nsfix', 'nsfix2', 'nsfix3', 'user']) if (!before.includes(k)) s.edge(s.at(FS_UNSHARE, rid), s.at(k, rid), `${rid} has its own fs_struct before it changes mount or user ns`, 'SETNS-3');
  for (const id of madeBy) {
    const t = f.nsById.get(id)?.type;
    if (t === 'mnt' || t === 'user') s.edge(s.at(FS_UNSHARE, rid), `ns:${id}`, `${rid} unshares its fs_struct before its unshare(CLONE_NEW${t === 'mnt' ? 'NS' : 'USER'}), which would copy it earlier`, 'UNSH-1');
  }
}

/**
 * The restorer as the top of fs_struct creator chains (files-relays.ts findFsChainRelays): it
 * forks the chain heads with CLONE_FS, then takes its own copy by unshare(CLONE_FS) (UNSH-1), so
 * that processes it forks afterwards share nothing with them. O(processes).
 */
export function addRootFsUnshare(f: Facts, m: CreatorModel, s: Schedule, em: Emitter, o: string, atBirth: (t: Task) => Task): void {
  s.addAt(FS_UNSHARE, ROOT, 'other', 'the restorer unshares the fs_struct it passed on', [], () =>
    em.emit({ op: 'unshare', actor: ROOT_NAME, flags: ['CLONE_FS'], why: `the restorer passed its fs_struct on with CLONE_FS as ${o}; unshare(CLONE_FS) leaves it to them (FORK-4, UNSH-1)` }));
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    if (c && c.by === ROOT_NAME && atBirth(p.leader).fs === o) s.edge(s.at('task', p.tgid), s.at(FS_UNSHARE, ROOT), `the restorer creates ${p.tgid} with CLONE_FS before its unshare(CLONE_FS)`, 'UNSH-1');
  }
  // (variant rootGhostShares: and the ghosts sharing it, root-ghost-share.ts)
  for (const g of rootGhostsOf(m, o)) s.edge(`helper:${g}`, s.at(FS_UNSHARE, ROOT), `the restorer forks ${g} with CLONE_FS before its unshare(CLONE_FS)`, 'UNSH-1');
}
