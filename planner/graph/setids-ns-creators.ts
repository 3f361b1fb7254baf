/**
 * Re-plan variant `setidsCreators`: a namespace made by the member that cannot join it
 * (NSFD-1, SETNS-7, OWN-1; seeds 45, 185, 353 with credential switches).
 *
 * With credential switches a user ns U is often owned by a uid other than the root's (OWN-1).
 * Every task that gets into U then has a non-dumpable mm whose user ns is an ancestor of U:
 * setns(user) by a root whose euid does not own U fails cred_cap_issubset in commit_creds, and a
 * task forked by a helper that took U's owner uid by setresuid inherits that helper's
 * non-dumpable mm (dup_mm copies MMF_DUMPABLE and mm->user_ns). Opening such a task's
 * /proc/PID/ns files needs CAP_SYS_PTRACE in that ancestor (ptrace_may_access, NSFD-1): only a
 * task still privileged outside U has it, no task inside U. So a task born inside U (its user ns
 * made at its birth with CLONE_NEWUSER, or a pid-ns init forked by a maker that entered U) can
 * join none of U's namespaces made by others: it can only inherit them at its fork, or make
 * them itself. When the emitter finds no member of such a namespace X that the born member may
 * open, the planner builds once more with that member as X's creator (every other member is
 * banned as X's creator, ns-creator-ban.ts): it is in X's owner, so it may create it (OWN-3),
 * and the other members join X through it while they are still privileged outside U (with
 * credential switches every join comes before the switch, late-joins.ts), where CAP_SYS_PTRACE
 * over its mm's user ns and CAP_SYS_ADMIN over U are theirs. Further builds on each such refusal,
 * at most MAX_SETIDS_BUILDS. Complexity: O(tasks x slots) per refusal to find X's members.
 */
import type { Facts } from '../facts/facts.js';
import type { EmitError, Emitter } from '../output/emit.js';
import { SLOTS } from '../output/emit.js';
import { isNotCreator, withNotCreators, type NotCreators } from '../ordering/ns-creator-ban.js';
import { deferrableJoinsOnCycle, withDeferred, type DeferredJoins } from '../ordering/join-defer.js';
import type { buildSchedule } from './build.js';
import type { Schedule } from '../ordering/schedule.js';

/** further builds after refused joins, per attempt */
export const MAX_SETIDS_BUILDS = 8;

/**
 * The (namespace, member) bans that make the refused joiner of `err` the creator of the
 * namespace it could not join, or undefined when that cannot help: not a refusal for want of an
 * openable member, the joiner not a live member in the namespace's owner user ns, or already
 * banned as its creator. O(tasks x slots).
 */
export function setidsCreatorBans(f: Facts, err: EmitError, done: NotCreators): Array<[string, number]> | undefined {
  const ns = err.nsfdNs;
  const tid = err.culprits[0];
  if (ns === undefined || tid === undefined) return undefined;
  const def = f.nsById.get(ns);
  const joiner = f.tasks.get(tid);
  if (!def || def.external || def.type === 'user' || def.type === 'pid' || !joiner || !def.owner || joiner.userns !== def.owner) return undefined;
  if (isNotCreator(done, ns, tid)) return undefined;
  const members: number[] = [];
  for (const t of f.image.tasks) {
    if (t.nsproxy === null || t.state === 'zombie') continue;
    const np = f.nsproxy.get(t.nsproxy);
    if (np && SLOTS.some((sl) => np[sl] === ns)) members.push(t.pid[0]);
  }
  if (!members.includes(tid)) return undefined;
  const bans = members.filter((x) => x !== tid && !isNotCreator(done, ns, x)).map((x): [string, number] => [ns, x]);
  return bans.length > 0 ? bans : undefined;
}

/**
 * The task whose final pid_for_children (the image's, a populated pid ns other than its own) was
 * refused for want of an openable task there: a further build sets it before the task's user-ns
 * switch (pfc-early.ts), while it is privileged outside and CAP_SYS_PTRACE over those tasks'
 * mms is its own. undefined for any other refusal, or one already moved. O(1).
 */
export function setidsEarlyPfcOf(f: Facts, err: EmitError): number | undefined {
  const tid = err.culprits[0];
  const t = tid === undefined ? undefined : f.tasks.get(tid);
  const np = t?.nsproxy ? f.nsproxy.get(t.nsproxy) : undefined;
  if (err.nsfdPfc === undefined || !t || !np || np.pidForChildren !== err.nsfdPfc || np.pidForChildren === t.pidns) return undefined;
  return f.setidsEarlyPfc?.has(tid) ? undefined : tid;
}

/**
 * The init of the pid ns N whose pid_for_children its creator C was refused for want of an
 * openable task there (its own final pid_for_children, or a later child born in N): a further
 * build has C unshare N (unshare-init.ts) and fork the init into it, so pid_for_children is N
 * without a setns, and C comes back to its own pid ns through its own ns file, which the same
 * process may always open (NSFD-1). undefined for any other refusal, or one already moved. O(1).
 */
export function setidsUnshareInitOf(f: Facts, err: EmitError): number | undefined {
  const tid = err.culprits[0];
  const info = err.nsfdPfc === undefined ? undefined : f.pidns.get(err.nsfdPfc);
  const t = tid === undefined ? undefined : f.tasks.get(tid);
  if (!info || info.init === null || !t || info.parent !== t.pidns || f.setidsUnshareInits?.has(info.init)) return undefined;
  return info.init;
}

type Built = ReturnType<typeof buildSchedule>;

/**
 * The further builds: after each refusal setidsCreatorBans answers, a build with those bans
 * (`build`), its cycles resolved by deferring joins after the others (join-defer.ts, at most
 * MAX_DEFER_ROUNDS), its steps emitted (`emit`). The last build that could be ordered, with its
 * refusal if any; undefined when none could. O(MAX_SETIDS_BUILDS x build).
 */
export function setidsCreatorBuilds(
  f: Facts, failed: EmitError, notCreators: NotCreators, deferred: DeferredJoins,
  build: (nc: NotCreators, d: DeferredJoins) => { em: Emitter; built: Built },
  emit: (sch: Schedule, order: number[], em: Emitter) => EmitError | undefined,
): { em: Emitter; built: Built; sch: Schedule; order: number[]; failed: EmitError | undefined } | undefined {
  let out: ReturnType<typeof setidsCreatorBuilds>;
  let err: EmitError | undefined = failed;
  for (let k = 0; err && k < MAX_SETIDS_BUILDS; k++) {
    const e = err;
    // the ways out of this refusal, in turn: the first whose build can be ordered is taken
    const bans = setidsCreatorBans(f, e, notCreators);
    const pfc = setidsEarlyPfcOf(f, e);
    const init = setidsUnshareInitOf(f, e);
    const none = (): void => {};
    const ways: Array<{ nc: NotCreators; apply: () => void; undo: () => void }> = [];
    if (bans) ways.push({ nc: withNotCreators(notCreators, bans), apply: none, undo: none });
    if (pfc !== undefined) ways.push({ nc: notCreators, apply: () => (f.setidsEarlyPfc ??= new Set()).add(pfc), undo: () => f.setidsEarlyPfc?.delete(pfc) });
    if (init !== undefined) ways.push({ nc: notCreators, apply: () => (f.setidsUnshareInits ??= new Set()).add(init), undo: () => f.setidsUnshareInits?.delete(init) });
    let next: { nc: NotCreators; d: DeferredJoins; em: Emitter; built: Built; order: number[] } | undefined;
    for (const w of ways) {
      w.apply();
      let d = deferred;
      let { em, built } = build(w.nc, d);
      let o = built.schedule.order();
      // (the others' joins of it after their other joins, join-defer.ts, when a cycle asks)
      for (let r = 0; built.failures.length === 0 && o.stuck.length > 0 && r < MAX_DEFER_ROUNDS; r++) {
        const joins = deferrableJoinsOnCycle(built.schedule, built.schedule.findCycle(o.stuck), d);
        if (joins.length === 0) break;
        d = withDeferred(d, joins);
        ({ em, built } = build(w.nc, d));
        o = built.schedule.order();
      }
      if (built.failures.length === 0 && o.stuck.length === 0) { next = { nc: w.nc, d, em, built, order: o.order }; break; }
      w.undo();
    }
    if (!next) break;
    err = emit(next.built.schedule, next.order, next.em);
    notCreators = next.nc;
    deferred = next.d;
    out = { em: next.em, built: next.built, sch: next.built.schedule, order: next.order, failed: err };
  }
  return out;
}
/** cycle rounds per further build */
const MAX_DEFER_ROUNDS = 6;
