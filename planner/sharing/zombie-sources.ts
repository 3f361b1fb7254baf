/**
 * Re-plan variant `shares`: a zombie Z that forks several processes sharing an fs_struct (or fd
 * table) it stands in for, when those sharers end in a user ns that Z's final one is not an
 * ancestor of (seed 7590: zombie 10 ends in user:1, its CLONE_FS children 50 and 16 in user:4).
 *
 * Rules: SETNS-4 and UNSH-3 (credentials only move down the user-ns tree, so a CLONE_FS child of
 * Z forked after Z's switch is born in Z's final user ns and can never reach the sharers'), and
 * SETNS-4's fs->users == 1 condition (neither Z nor a sharer may change user ns while the
 * fs_struct is shared, so Z cannot fork them before its switch and switch afterwards either).
 * In the history Z forked a helper that unshared the sharers' user ns and forked them all with
 * CLONE_FS, then exited. This pass puts such a helper H in Z's place: Z forks H (in Z's session,
 * at the sharers' timing), H creates each sharer with the flag and CLONE_PARENT (their parent is
 * Z as before, FORK-3) after making their user and mount ns (source-mnt.ts), then exits.
 * Runs after share-sources.ts; only in the `shares` variant, so plans found without it stay the
 * same. O(processes).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';
import { newHelperName } from '../creators/sessions.js';
import { userAtOrBelow } from '../creators/user-orphans.js';
import type { ShareKind as Kind } from './share-kind.js';

export function shareFromZombieSources(f: Facts, m: CreatorModel): number {
  if (!m.shares) return 0;
  let moved = 0;
  for (const k of ['fs', 'files'] as Kind[]) {
    // per (zombie creator, object): the live processes it forks directly holding that object
    const groups = new Map<string, Proc[]>();
    for (const p of f.order) {
      if (p.zombie || (p.leader.state !== 'running' && p.leader.state !== 'stopped')) continue;
      const o = p.leader[k];
      const cr = m.creation.get(p.tgid);
      if (o === null || !cr || !cr.by.startsWith('t') || cr.cloneParent) continue;
      // an fd table given at clone time does not survive p's own execve (unshare_files)
      if (k === 'files' && p.leader.execed === true) continue;
      const z = f.procs.get(Number(cr.by.slice(1)));
      if (!z || !z.zombie || z.leader.pid[0] !== z.tgid) continue;
      const key = `${z.tgid} ${o}`;
      const l = groups.get(key);
      if (l) l.push(p);
      else groups.set(key, [p]);
    }
    for (const [key, list] of groups) {
      if (list.length < 2) continue;
      const z = f.procs.get(Number(key.split(' ')[0]))!;
      const u = list[0].leader.userns;
      if (list.some((p) => p.leader.userns !== u) || userAtOrBelow(f, u, z.leader.userns)) continue;
      const timings = new Set(list.map((p) => m.creation.get(p.tgid)!.timing));
      if (timings.size !== 1) continue;
      const timing = [...timings][0];
      const h: HelperSpec = {
        name: newHelperName(), role: 'reparent-helper',
        why: `${list.map((p) => p.tgid).join(', ')} share ${k} ${key.split(' ')[1]} and end in ${u}, which zombie ${z.tgid}'s final user ns is not above: ${z.tgid} forks this helper, which makes their user ns, creates each with ${k === 'files' ? 'CLONE_FILES' : 'CLONE_FS'}|CLONE_PARENT and exits (SETNS-4, FORK-3, FORK-4)`,
        vector: null, pidns: z.pidns, by: `t${z.tgid}`, timing, session: z.sid, setsid: false, setpgid: false,
        creates: list.map((p) => p.tgid), placed: true, source: k,
      };
      for (const p of list) {
        m.creation.set(p.tgid, { by: h.name, cloneParent: true, timing: 'any', why: `helper ${h.name} creates it with ${k === 'files' ? 'CLONE_FILES' : 'CLONE_FS'}|CLONE_PARENT, so its parent is ${z.tgid} and it shares ${key.split(' ')[1]} with ${list.filter((q) => q !== p).map((q) => q.tgid).join(', ')} (FORK-3, FORK-4)` });
        moved++;
      }
      m.helpers.push(h);
    }
  }
  return moved;
}
