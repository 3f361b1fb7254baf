/**
 * A zombie first holder of an fs_struct makes its CLONE_FS children's mount ns itself, in place
 * of the child chosen to make it (re-plan variant `zombieShares`, with planner/graph/zombie-mnt.ts;
 * the zombie twin of relay-mnt.ts).
 *
 * Rules: FORK-4 (a CLONE_FS child shares its creator's fs_struct from birth), UNSH-1/UNSH-4 (a
 * sharer's unshare(CLONE_NEWNS) gives it a private copy: it stops sharing), SETNS-3 (setns(mnt)
 * is refused while the fs_struct is shared), OWN-1 (the new mount ns is owned by the unsharer's
 * user ns), EXIT-4 (a zombie's namespaces are gone from the image).
 *
 * zombie-mnt.ts has zombie Z join the mount ns M its CLONE_FS children end in; when build.ts chose
 * one of those children to make M, none of them can (its unshare would copy the fs_struct away)
 * and Z cannot join a namespace no one made. In the history Z made M and forked them there (seed
 * 14201: zombie 50 forked dead leader 53 and 76 with CLONE_FS, both end in mnt:2, made by
 * 53 in the plan). So Z unshares CLONE_NEWNS before its first CLONE_FS fork, in the user ns it is
 * born in when that owns M (before any user-ns switch), and the chosen child then finds itself
 * there (ns-nodes.ts, sourceMade). One step and O(children) edges per such zombie.
 */
import type { StepContext } from '../graph/build-context.js';
import { actorOf } from '../creators/creators.js';
import { mntOwner } from './source-mnt.js';
import { makesMntAfterSwitch } from '../variants/zombie-switch-mnt.js';

/** true when the step was added (zt makes mnt before forking tgids) */
export function addZombieMntMaker(ctx: StepContext, zt: number, mnt: string, tgids: readonly number[], o: string): boolean {
  const { f, s, em, bornUserOf, sourceMade } = ctx;
  const def = f.nsById.get(mnt);
  // (variant zombieSwitchMnt: made after its switch into the user ns that owns it, zombie-switch-mnt.ts)
  const afterSwitch = makesMntAfterSwitch(ctx, zt, mnt);
  if (!def || def.external || (mntOwner(f, mnt) !== bornUserOf(zt) && !afterSwitch) || !s.has(`ns:${mnt}`)) return false;
  const a = actorOf(zt);
  const id = s.add(`zmntmake:${zt}`, 'ns-create', `${zt} makes mnt ns ${mnt} before forking its CLONE_FS children`, [zt], () => {
    if (em.get(a).slots.mnt === mnt) return;
    const why = `${zt}, a zombie in the image, hands ${o} on with CLONE_FS to processes ending in mnt ns ${mnt}, which they cannot make or enter once they share it (SETNS-3, UNSH-1, FORK-4)`;
    if (!sourceMade.has(mnt)) { em.create(a, 'mnt', mnt, why); sourceMade.add(mnt); }
    else em.join(a, 'mnt', mnt, why);
  });
  s.edge(s.at('task', zt), id, 'after birth', 'FORK-1');
  s.edge(id, `ns:${mnt}`, `${zt} makes mnt ns ${mnt} before the child chosen for it, which shares ${o}, would (UNSH-1)`, 'UNSH-1');
  const userStep = s.at('user', zt);
  if (afterSwitch) s.edge(userStep, id, `${zt} makes ${mnt} from inside its owner, the user ns it switches to`, 'OWN-1');
  else if (userStep >= 0) s.edge(id, userStep, `${zt} makes ${mnt} with the rights of the user ns it is born in`, 'OWN-1');
  for (const t of tgids) s.edge(id, s.at('task', t), `${zt} is in mnt ns ${mnt} when it forks ${t} with CLONE_FS (SETNS-3)`, 'SETNS-3');
  return true;
}
