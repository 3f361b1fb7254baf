/**
 * The order around a pid-ns init forked on its creator's way down (re-plan variant
 * `wayDownOrder`, with `initsOnTheWay`, planner/variants/init-on-the-way.ts).
 *
 * Rules: OWN-1 (a pid ns is owned by the user ns its creator's credentials are in when it is
 * made), SETNS-4 (setns(user) needs the target user ns to exist, through a live member's ns file,
 * NSFD-1, and only goes down: no way back up), FORK-9 / OWN-6 (set_tid needs CAP_SYS_ADMIN over
 * the owner of each pid ns it names; ns_last_pid likewise), UNSH-4 / SETNS-3 / SETNS-7 (making or
 * joining a namespace needs CAP_SYS_ADMIN over its owner, which a child inherits only from where its
 * creator's credentials are when it forks it).
 *
 * init-on-the-way.ts lets creator C, born in user ns B and ending in F below the init I's pid-ns
 * owner U (B above U above F, or F = U's child), enter U when it forks I (emit.ts clone), when I
 * shares C's fd table, fs_struct or mm so no maker helper can stand between them. The history did
 * this: seed 16719, 24 unshared pid:2 while in user:1, unshared user:2 and forked the init 60 with
 * CLONE_FILES; seed 73163, 6 forked 354 with CLONE_FILES from user:3 on its way to user:1. The
 * schedule itself knew nothing of that entry, so two orders it needs were missing:
 *  - U exists before I's creation step (its maker made it: the creation step of U's creator, or
 *    that creator's user step when it switches into U later): else C finds nothing to enter
 *    (seed 16719: 24 tried to enter user:1 before any member had made it);
 *  - every other creation of C that its user step would have to follow while privileged (build.ts
 *    createdBeforeSwitch: the PRIVILEGED_CREATION edges) precedes I's creation step too, since C
 *    leaves B for good there (seed 73163: 377, which must join mnt:3 owned by user:0, was forked
 *    by 6 after it entered user:3, and inherited no right over mnt:3).
 * Both are edges only; a cycle they close leaves the attempt undecided, never a wrong plan (every
 * plan is replayed on the simulated kernel). O(inits + their creators' creations).
 */
import type { StepContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { ownerOnTheWay } from './init-on-the-way.js';

export function addWayDownEdges(
  ctx: StepContext,
  creationsBy: (actor: string) => readonly string[] | undefined,
  createdBeforeSwitch: (t: Task, x: string, child: Task | undefined) => boolean,
): void {
  const { f, m, s, nsCreator, bornInUser } = ctx;
  if (f.wayDownOrder !== true || f.initsOnTheWay !== true) return;
  for (const p of f.order) {
    if (!p.isInit) continue;
    const by = m.creation.get(p.tgid)?.by;
    if (!by?.startsWith('t')) continue;
    const u = ownerOnTheWay(f, p.tgid, Number(by.slice(1)));
    if (u === undefined) continue;
    const birth = s.at('task', p.tgid);
    // U exists (made by its creator, at birth or at its switch) before C enters it to fork I
    const ucr = nsCreator.get(u);
    if (ucr) s.edge(bornInUser.get(ucr.pid[0]) === u ? `task:${ucr.pid[0]}` : `user:${ucr.pid[0]}`, birth, `user ns ${u} exists before ${by.slice(1)} enters it on its way down to fork ${p.tgid} (SETNS-4)`, 'SETNS-4', { kind: 'user-ns-exists', ns: u });
    // C's privileged creations come before it leaves its born user ns for U
    const c = f.tasks.get(Number(by.slice(1)));
    if (!c) continue;
    for (const x of creationsBy(by) ?? []) {
      if (x === `task:${p.tgid}`) continue;
      const child = x.startsWith('task:') ? f.tasks.get(Number(x.slice(5))) : undefined;
      if (createdBeforeSwitch(c, x, child)) s.edge(x, birth, `${by.slice(1)} creates it while still privileged, before entering ${u} on its way down (FORK-9, OWN-6)`, 'FORK-9');
    }
  }
}
