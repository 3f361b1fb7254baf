/**
 * A leader relaying its creator's fs_struct to its own threads, forked after its creator's
 * user-ns switch (FORK-4, SETNS-4, UNSH-1; re-plan variant `shares`, with fs-unshare-relay.ts
 * threadRelay).
 *
 * threadRelay: process P, forked by S with CLONE_FS, forks threads that keep S's fs_struct o,
 * then takes its own copy by unshare(CLONE_FS). It was left out when S changes user ns after its
 * birth: a shared fs_struct forbids setns(user) (SETNS-4), and P, planned as born before S's
 * switch, had a switch of its own that must come before its threads (SETNS-4) and after its
 * joins, while its threads keep what P had at birth (SETNS-3): a cycle (seeds 28082: 49 makes
 * user:1, then forks 54 with CLONE_FS, whose threads keep 49's fs_struct while 54's leader
 * unshared CLONE_NEWNS; 56248).
 *
 * In the history S switched first: P ends in S's final user ns and is born there. So S creates
 * P after its switch (build.ts switchFirst, as for an init whose pid ns S's user ns owns): P is
 * born in S's user ns, with no switch of its own, and S's switch precedes the CLONE_FS fork.
 * Only for a process P, not an init, whose leader and threads end in S's final user ns. Called
 * before the born-user memo is cleared (build.ts). O(processes x threads).
 */
import type { BuildContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

export function relaysSwitchFirst(ctx: BuildContext, bornUserOf: (tid: number) => string): void {
  const { f, m, eff, switchFirst, bornInUser, makers } = ctx;
  if (!m.shares) return;
  for (const p of f.order) {
    if (p.isInit || p.zombie || p.threads.length === 0 || switchFirst.has(p.tgid) || bornInUser.has(p.tgid) || makers.has(p.tgid)) continue;
    const c = m.creation.get(p.tgid);
    if (!c || c.via || !c.by.startsWith('t')) continue;
    const sTask: Task | undefined = f.tasks.get(Number(c.by.slice(1)));
    if (!sTask || sTask.pid[0] !== sTask.tgid || sTask.userns === null || sTask.userns === f.rootUserNs || f.nsById.get(sTask.userns)?.external) continue;
    if (bornUserOf(sTask.pid[0]) === sTask.userns) continue;
    if (p.leader.userns !== sTask.userns || p.threads.some((t) => t.userns !== sTask.userns)) continue;
    const o = eff(sTask).fs;
    if (o === null || eff(p.leader).fs === o || !p.threads.some((t) => t.fs === o)) continue;
    switchFirst.set(p.tgid, sTask.pid[0]);
  }
}
