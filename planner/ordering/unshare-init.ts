/**
 * An init born into a pid ns its creator unshared before its user-ns switch (UNSH-5, PID-8,
 * OWN-1, SETNS-4).
 *
 * A pid ns is owned by the user ns its creator's credentials are in when it is made (OWN-1). A
 * creator C whose final pid_for_children is pid ns N (owned by the user ns C is born in, which
 * C's final user ns has no rights over) and which forks N's init I only after its switch (I
 * shares C's fs_struct: setns(user) needs an unshared one, SETNS-4) cannot clone I with
 * CLONE_NEWPID then (N would be owned by C's final user ns), nor point pid_for_children at N by
 * setns before the switch (N's ns file exists only once I does, NSFD-1). The history's way:
 * C calls unshare(CLONE_NEWPID) while still in its born user ns (N is made, owned by it, and is
 * C's pid_for_children), switches, and forks I without CLONE_NEWPID: the first task born in N is
 * its init, number 1 there by itself (PID-8, set_tid needs no privilege over N for it). Seeds
 * 10412, 11361. Everything C creates in its own pid ns (and its threads, its CLONE_NEWPID
 * children) comes before the unshare (UNSH-5, FORK-2, FORK-7).
 *
 * The same without a switch when C forks I only after an execve that drops C's capabilities
 * (I shares the fd table execve gave C, FORK-4; uid 0 of C's user ns is not the restorer's,
 * cap_bprm_creds_from_file): CLONE_NEWPID then fails (EPERM, FORK-7), and pointing
 * pid_for_children at N by setns would need N's init first (NSFD-1). C unshares N before its
 * execve, while it still has the capability in N's owner, its own user ns (seeds 4396, 8945).
 * With a switch, I may be forked after it for the fd table instead of the fs_struct: I shares
 * the table an execve gave C (FORK-4), and pointing pid_for_children at N by setns would again
 * need I first (NSFD-1); C unshares N before its switch likewise (seeds 18354, 18389).
 *
 * Offered as a re-plan variant (planner/index.ts, Facts.unshareInits) after an undecided answer.
 * O(inits + the creators' creations).
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { Emitter } from '../output/emit.js';
import type { Schedule } from './schedule.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { HelperSpec } from '../creators/creators.js';
import { zombieUnshareInit } from '../variants/zombie-pre-switch-ns.js';

/**
 * Inits I -> creator C for which the construction applies: C an image task forking I itself
 * (no CLONE_PARENT, no maker, not born creating a user ns), living in N's parent pid ns, whose
 * final pid_for_children is N, owned by C's born user ns but not by its final one, which C
 * switches to, sharing its fs_struct with I. O(inits).
 */
export function unshareInitsOf(
  f: Facts, m: CreatorModel, live: readonly Task[], makers: ReadonlyMap<number, unknown>, bornInUser: ReadonlyMap<number, string>,
  bornUser: (actor: string) => string, switches: (tid: number) => boolean,
  afterExec: (init: number, by: number) => boolean = () => false,
): Map<number, number> {
  const out = new Map<number, number>();
  const liveSet = new Set(live.map((t) => t.pid[0]));
  const usedBy = new Set<number>();
  for (const p of f.order) {
    if (!p.isInit || makers.has(p.tgid) || bornInUser.has(p.tgid)) continue;
    const c = m.creation.get(p.tgid);
    if (!c || c.cloneParent || c.via || !c.by.startsWith('t')) continue;
    const by = Number(c.by.slice(1));
    const cr = f.procs.get(by);
    const info = f.pidns.get(p.pidns);
    if (!cr || !info || usedBy.has(by) || info.parent !== cr.pidns) continue;
    // (variant zombiePreSwitchNs: a zombie creator, which has no nsproxy in the image, zombie-pre-switch-ns.ts)
    if (!liveSet.has(by)) {
      const own = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
      if (zombieUnshareInit(f, cr, p, own, bornUser(c.by), switches(by))) { out.set(p.tgid, by); usedBy.add(by); }
      continue;
    }
    // (variant setidsCreators: C could open no task of N for a pid_for_children it needs after
    // forking I (NSFD-1): C unshares N in its owner instead, setids-ns-creators.ts)
    if (f.setidsUnshareInits?.has(p.tgid)) {
      const own = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
      if (own === bornUser(c.by) || own === cr.leader.userns) { out.set(p.tgid, by); usedBy.add(by); }
      continue;
    }
    const np = cr.leader.nsproxy ? f.nsproxy.get(cr.leader.nsproxy) : undefined;
    if (!np || np.pidForChildren !== p.pidns) continue;
    const owner = !info.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
    if (owner !== bornUser(c.by)) continue;
    // forked after an execve that drops the capability, in the user ns C never leaves (above)
    if (!switches(by)) {
      if (owner !== cr.leader.userns || !afterExec(p.tgid, by)) continue;
    // (with a switch: I is forked after it, sharing C's fs_struct, or sharing the fd table an
    // execve after the switch gave C: seeds 18354, 18389)
    // (a dead leader I shares it through its threads: it is planned in their namespaces, dead-leaders.ts; seed 58132)
    } else if (owner === cr.leader.userns || ((cr.leader.fs === null || cr.leader.fs !== (p.leader.fs ?? (p.leader.state === 'dead' ? p.threads.find((th) => th.fs !== null)?.fs : null))) && !afterExec(p.tgid, by))) continue;
    out.set(p.tgid, by);
    usedBy.add(by);
  }
  return out;
}

/** The creator's unshare step `initns:<init>` and its edges. O(the creator's creations + threads). */
export function addUnshareInitStep(s: Schedule, f: Facts, em: Emitter, init: number, by: number, creations: readonly string[], helperByName: ReadonlyMap<string, HelperSpec>): void {
  const p = f.procs.get(init)!;
  const cr = f.procs.get(by)!;
  const a = `t${by}`;
  const id = `initns:${init}`;
  s.add(id, 'ns-create', `${by} unshares pid ns ${p.pidns} for its init ${init}`, [by], () => em.create(a, 'pid', p.pidns, `${by} makes pid ns ${p.pidns} while its credentials are still in its owner, before its user-ns switch; its next child ${init} is born there as its init (UNSH-5, PID-8, OWN-1)`));
  s.edge(s.at('task', by), id, 'after birth', 'UNSH-5');
  const info = f.pidns.get(p.pidns);
  const owner = !info?.ns.owner || f.nsById.get(info.ns.owner)?.external ? f.rootUserNs : info.ns.owner;
  // (variant setidsCreators: N owned by C's final user ns, not the one it is born in: unshared after its switch)
  if (f.setidsUnshareInits?.has(init) && s.at('user', by) >= 0 && owner === cr.leader.userns) s.edge(s.at('user', by), id, `${by} makes ${p.pidns} from inside its owner ${owner}`, 'OWN-1');
  else s.edge(id, s.at('user', by), `${by} makes ${p.pidns} before leaving the user ns that owns it`, 'OWN-1');
  if (s.at('user', by) < 0) s.edge(id, s.at('execve', by), `${by} makes ${p.pidns} before its execve drops the capability`, 'UNSH-4');
  s.edge(id, s.at('task', init), `${init} is born into ${p.pidns}, the pid_for_children ${by} unshared`, 'PID-8');
  for (const th of cr.threads) s.edge(s.at('task', th.pid[0]), id, 'threads cannot be created after unshare(CLONE_NEWPID)', 'FORK-2');
  for (const x of creations) {
    if (x === `task:${init}`) continue;
    // what lands in N itself comes after its init anyway; the rest before the unshare
    let ns: string | undefined;
    let newNs = false;
    if (x.startsWith('task:')) {
      const q = f.procs.get(Number(x.slice(5)));
      ns = q?.pidns;
      newNs = q?.isInit === true;
    } else if (x.startsWith('helper:')) ns = helperByName.get(x.slice(7))?.pidns;
    if (ns === p.pidns && !newNs) continue;
    s.edge(x, id, `${by} creates it in another pid ns before it unshares ${p.pidns}`, 'UNSH-5');
  }
}
