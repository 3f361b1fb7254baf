/**
 * An fs relay that settles its namespaces, its user ns included, before forking the sharers of
 * the fs_struct it passes on (re-plan variant `settledRelays`, with `shares`; index.ts
 * SHR_VARIANTS, only after a FORK-4 first answer, kept only when verified).
 *
 * A relay R (fs-relays.ts, fs-unshare-relay.ts: the first holder of an fs_struct o that two of
 * its children P share) forks each P with CLONE_FS and then takes its own copy by
 * unshare(CLONE_FS) (UNSH-1). Its joins and user-ns switch were ordered after that copy, since
 * setns(mnt) and setns(user) refuse a shared fs_struct (SETNS-3, SETNS-4), and its children
 * before its switch, which takes away the privilege set_tid needs (FORK-9). So each P was born
 * in R's born user ns and had to enter its final one by setns, which o, shared for good,
 * forbids (SETNS-4; seed 59687: 4 forks 7 and 24 with CLONE_FS, all three ending in user:1 that
 * 4 enters; seed 88147: 45 forks 54 and 68, ending in user:1, on its way to user:6, which it makes
 * by unshare(CLONE_NEWUSER)).
 *
 * In the history R was in P's user ns when it forked P. The plan does the same: R, sharing
 * nothing yet, makes its joins (SETNS-3..7 need no unshared fs_struct then), enters P's user ns
 * U by setns (single-threaded, SETNS-4), forks every P with CLONE_FS there, and copies o
 * afterwards (UNSH-1, UNSH-2: no capability needed). U is R's final user ns (build.ts
 * switchFirst: P is born there with no switch of its own), or one strictly between R's born and
 * final user ns (`wayFirst`, step `userway:R`: R enters U, forks P, and later goes on to its own,
 * SETNS-4, UNSH-3); R not changing user ns only settles its joins first. P's pid numbers in pid
 * namespaces U has no rights over come from ns_last_pid written by a privileged task living
 * there (FORK-9, PID-6, emit.ts setTidFor). An init among the P is forked with
 * CLONE_NEWPID|CLONE_FS by R from inside its owner, never born making that owner nor through a
 * maker (CLONE_NEWUSER|CLONE_FS is EINVAL, FORK-0 step 3: initSharesRelayFs). Only where every P
 * ends in R's final mount ns (a shared fs_struct keeps it, SETNS-3). O(processes).
 */
import type { BuildContext, StepContext } from '../graph/build-context.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { actorOf } from '../creators/creators.js';
import { sharersKeepRelayBirthMnt } from './relay-birth-mnt.js';

/**
 * How relay R orders its steps before its sharers' births: its joins and its user-ns switch
 * ('user'), its joins only ('joins', R keeps its born user ns), or its joins and an entry into
 * the sharers' user ns on its way to its own ('way').
 */
export type RelaySwitch = 'user' | 'joins' | 'way';

/**
 * The relays that settle first, and their sharers' birth user ns (ctx.switchFirst or
 * ctx.wayFirst); fs-unshare-relay.ts then orders R's steps before the sharers' births instead of
 * after its copy. O(processes x threads).
 */
export function settleRelays(ctx: BuildContext, bornUserOf: (tid: number) => string): Map<number, RelaySwitch> {
  const { f, m, em, eff, switchFirst, wayFirst, bornInUser, makers, creatorThread } = ctx;
  const out = new Map<number, RelaySwitch>();
  if (!m.settledRelays || !m.shares) return out;
  const mntOf = (t: { nsproxy: string | null }): string | undefined => (t.nsproxy ? f.nsproxy.get(t.nsproxy)?.mnt : undefined);
  // relay -> fs_struct -> its children sharing it at birth, which R leaves (R's own is another,
  // its creator holds none of them: R is their first holder)
  const byRelay = new Map<number, Map<string, Proc[]>>();
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    if (!c || c.via || !c.by.startsWith('t') || creatorThread(c.by, p.leader)) continue;
    const r = f.tasks.get(Number(c.by.slice(1)));
    const o = p.leader.fs;
    if (!r || r.pid[0] !== r.tgid || o === null || eff(r).fs === o || eff(p.leader).fs !== o) continue;
    const rc = m.creation.get(r.tgid);
    const g = rc && rc.by.startsWith('t') ? f.tasks.get(Number(rc.by.slice(1))) : undefined;
    if (g && (eff(g).fs === o || f.procs.get(g.tgid)?.threads.some((t) => t.fs === o))) continue;
    const byO = byRelay.get(r.pid[0]) ?? new Map<string, Proc[]>();
    byRelay.set(r.pid[0], byO);
    byO.set(o, [...(byO.get(o) ?? []), p]);
  }
  for (const [rid, byO] of byRelay) {
    // the fs_struct R passes on: one that at least two of its children share
    const passed = [...byO.values()].filter((ps) => ps.length >= 2);
    if (passed.length !== 1) continue;
    const ps = passed[0];
    const r = f.tasks.get(rid)!;
    const rp = f.procs.get(r.tgid);
    const u = r.userns;
    if (!rp || (r.state !== 'running' && r.state !== 'stopped') || u === null || bornInUser.has(rid)) continue;
    // each P (and its threads) ends in one user ns U and in R's final mount ns (a shared
    // fs_struct keeps both, SETNS-3, SETNS-4), and nothing else decided P's birth user ns
    const pu = ps[0].leader.userns;
    // (variant relayBirthMnts: the sharers in R's birth mount ns, R making its own after its copy, relay-birth-mnt.ts)
    const keepsBirthMnt = () => sharersKeepRelayBirthMnt(m, ps.map((p) => mntOf(p.leader)), mntOf(r), rp.threads.length, (mnt) => {
      const owner = f.nsById.get(mnt)?.owner;
      return owner !== undefined && owner !== null && em.userDescends(owner, u);
    });
    if (pu === null || ps.some((p) => p.zombie || (switchFirst.has(p.tgid) && switchFirst.get(p.tgid) !== rid) || bornInUser.has(p.tgid) || makers.has(p.tgid) || p.leader.userns !== pu || p.threads.some((t) => t.userns !== pu) || (mntOf(p.leader) !== mntOf(r) && !keepsBirthMnt()))) continue;
    const born = bornUserOf(rid);
    // R switching user ns does it by setns, single-threaded (SETNS-4), before the sharers' births
    const switches = u !== f.rootUserNs && !f.nsById.get(u)?.external && born !== u;
    if (switches && rp.threads.length > 0) continue;
    if (pu === u) {
      if (switches) for (const p of ps) switchFirst.set(p.tgid, rid);
      out.set(rid, switches ? 'user' : 'joins');
    } else if (switches && pu !== born && em.userDescends(u, pu) && em.userDescends(pu, born)) {
      // U strictly between R's born and final user ns: R enters U on its way (addWaySteps)
      for (const p of ps) wayFirst.set(p.tgid, pu);
      out.set(rid, 'way');
    }
  }
  return out;
}

/**
 * Is init p, created by task `by`, a sharer of the fs_struct its creator passes on as a relay
 * (another process `by` creates holds p's fs_struct too)? Then p is forked with CLONE_FS and
 * cannot be born making its pid ns's owner user ns: CLONE_NEWUSER|CLONE_FS is EINVAL (FORK-0
 * step 3), so build.ts has its creator enter that user ns first, as for an init sharing the
 * creator's own fs_struct. Variant settledRelays only. O(processes).
 */
export function initSharesRelayFs(f: Facts, m: CreatorModel, p: Proc, by: string): boolean {
  const o = p.leader.fs;
  if (!m.settledRelays || !m.shares || o === null) return false;
  return f.order.some((q) => q !== p && q.leader.fs === o && m.creation.get(q.tgid)?.by === by);
}

/** The step `userway:R` of a relay R whose sharers are born in a user ns U on its way to its final one: R enters U after its joins, before their births and its own switch (SETNS-4). O(processes) per relay. */
export function addWaySteps(ctx: StepContext, relays: ReadonlyMap<number, RelaySwitch>): void {
  const { f, m, s, em, wayFirst } = ctx;
  for (const [rid, how] of relays) {
    if (how !== 'way') continue;
    const by = actorOf(rid);
    const ps = f.order.filter((p) => m.creation.get(p.tgid)?.by === by && wayFirst.has(p.tgid));
    if (ps.length === 0) continue;
    const u = wayFirst.get(ps[0].tgid)!;
    s.addAt('userway', rid, 'ns-join', `${rid} enters user ns ${u} on its way`, [rid], () =>
      em.joinUser(by, u, `${rid} enters user ns ${u} on its way to its own, before forking ${ps.map((p) => p.tgid).join(', ')} with CLONE_FS there: a shared fs_struct forbids setns(user) later (SETNS-4)`));
    for (const k of ['nsmnt', 'nsfix']) s.edge(s.at(k, rid), s.at('userway', rid), `${rid} joins its namespaces while still privileged in its born user ns`, 'SETNS-7');
    s.edge(s.at('userway', rid), s.at('user', rid), `${rid} passes through user ns ${u} to its own`, 'SETNS-4');
    for (const p of ps) s.edge(s.at('userway', rid), s.at('task', p.tgid), `${p.tgid}, sharing ${rid}'s fs_struct, is born in user ns ${u}`, 'SETNS-4');
  }
}
