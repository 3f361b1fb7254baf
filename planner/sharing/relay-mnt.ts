/**
 * The top of an fs_struct creator chain makes its sharers' mount ns before its CLONE_FS forks
 * (re-plan variant `shares`, CreatorModel.shares).
 *
 * Rules: FORK-4 (a CLONE_FS child shares its creator's fs_struct from birth), SETNS-3 (setns(mnt)
 * is refused while the fs_struct is shared), UNSH-1/UNSH-4 (a sharer's unshare(CLONE_NEWNS) gives
 * it a private copy: it stops sharing), OWN-1 (a new mount ns is owned by the unsharer's user ns).
 *
 * files-relays.ts findFsChainRelays passes an fs_struct o down creator chains from their nearest
 * common creator R, which forks the chain heads with CLONE_FS and then takes a copy of its own by
 * unshare(CLONE_FS) (fs-unshare-relay.ts). When the holders of o all end in a mount ns M that is
 * not R's final one, none of them can reach M after its birth: a setns(mnt) is refused and an
 * unshare(CLONE_NEWNS) copies o away. In the history R was in M when it forked them (seed 16071:
 * 47 forks 49 and 52 with CLONE_FS, both end in mnt:2, 47 in mnt:1). So R enters M before its
 * first such fork by unshare(CLONE_NEWNS), when the member build.ts chose to make M holds o: R
 * makes M in its place, and that member then finds itself there (as with source-mnt.ts). R's own
 * final mount ns comes after its unshare(CLONE_FS), which addFsUnshareRelay already orders. Only
 * for a top R that is born in M's owner user ns (it makes M before its user-ns switch, which
 * follows its copy) and whose creator does not hold o (R's fs_struct is private until its first
 * fork). An M made by a task not holding o, which R would join by setns, is left as it was (that
 * broke verified fuzz cases 98 and 294). One step and O(children of R) edges per such R; finding
 * them is O(tasks).
 */
import type { StepContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';
import { actorOf } from '../creators/creators.js';
import { mntOwner } from './source-mnt.js';

export function addRelayMntSteps(ctx: StepContext, relays: ReadonlyMap<number, string>, fsUnshareRelays: ReadonlySet<number>, atBirth: (t: Task) => Task): void {
  const { f, m, s, em, eff, nsCreator, bornUserOf, taskOf, sourceMade } = ctx;
  if (!m.shares) return;
  const mntOf = (t: Task | undefined): string | undefined => (t?.nsproxy ? f.nsproxy.get(t.nsproxy)?.mnt : undefined);
  // fs_struct -> the mount namespaces its holders end in (O(tasks) once)
  let holderMnts: Map<string, Set<string>> | null = null;
  const mntsOf = (o: string): Set<string> => {
    if (holderMnts === null) {
      holderMnts = new Map();
      for (const t of f.image.tasks) {
        const fs = eff(t).fs;
        if (fs === null || t.state === 'zombie') continue;
        const set = holderMnts.get(fs) ?? new Set<string>();
        set.add(mntOf(eff(t)) ?? '?');
        holderMnts.set(fs, set);
      }
    }
    return holderMnts.get(o) ?? new Set();
  };
  for (const rid of fsUnshareRelays) {
    const o = relays.get(rid);
    const r = f.tasks.get(rid);
    if (o === undefined || !r || r.pid[0] !== r.tgid || r.state === 'zombie') continue;
    // the top: its creator did not hand it o (its fs_struct is its own until it forks the chain)
    const c = m.creation.get(r.tgid);
    const cr = c ? taskOf(c.by) : undefined;
    if (!c || (cr && eff(cr).fs === o) || (c.by.startsWith('h') && m.helpers.find((h) => h.name === c.by)?.share?.includes('fs'))) continue;
    const mnts = mntsOf(o);
    if (mnts.size !== 1) continue;
    const mnt = [...mnts][0];
    const def = f.nsById.get(mnt);
    if (!def || mnt === mntOf(eff(r))) continue;
    // R's children forked with CLONE_FS sharing o (the chain heads)
    const by = actorOf(rid);
    const kids = f.order.filter((p) => m.creation.get(p.tgid)?.by === by && !p.zombie && atBirth(p.leader).fs === o);
    if (kids.length === 0) continue;
    const maker = nsCreator.get(mnt);
    // R makes M in place of a member holding o (who could not: UNSH-1), in the user ns it is born in
    if (maker === undefined || eff(maker).fs !== o || def.external || mntOwner(f, mnt) !== bornUserOf(rid) || !s.has(`ns:${mnt}`)) continue;
    const a = actorOf(rid);
    const id = s.add(`relaymnt:${rid}`, 'ns-create', `${rid} makes mnt ns ${mnt} before forking the sharers of ${o} with CLONE_FS`, [rid], () => {
      if (em.get(a).slots.mnt === mnt) return;
      const why = `${rid} hands ${o} on with CLONE_FS to processes ending in mnt ns ${mnt}, which they cannot enter once they share it (SETNS-3, UNSH-1)`;
      if (!sourceMade.has(mnt)) { em.create(a, 'mnt', mnt, why); sourceMade.add(mnt); }
      else em.join(a, 'mnt', mnt, why);
    });
    s.edge(s.at('task', rid), id, 'after birth', 'FORK-1');
    s.edge(id, `ns:${mnt}`, `${rid} makes mnt ns ${mnt} before the member chosen for it, which shares ${o}, would (UNSH-1)`, 'UNSH-1');
    for (const p of kids) s.edge(id, s.at('task', p.tgid), `${rid} is in mnt ns ${mnt} when it forks ${p.tgid} with CLONE_FS (SETNS-3)`, 'SETNS-3');
    // (its own final mount ns after it: its unshare(CLONE_FS) and join steps follow the forks)
    for (const k of ['nsmnt', 'nsfix']) if (s.at(k, rid) >= 0) s.edge(id, s.at(k, rid), `${rid} leaves ${mnt} for its own mount ns only after forking the sharers`, 'SETNS-3');
  }
}
