/**
 * Clone-time sharing from a source helper (FORK-3, FORK-4): processes that share an fd table or
 * fs_struct, all children of one parent C, none of whose creators holds it, and none able to
 * create another (a pid-ns init cannot CLONE_PARENT, FORK-3; one is a pid-ns init's sibling in
 * that ns, created from outside). In the image's history C itself made the object and forked
 * them all with CLONE_FILES/CLONE_FS: the restorer C that unshared a pid ns and forked its init
 * and a member (seed 4882), or a task that did so and then made its own copy.
 *
 * This pass puts a helper H in C's place: C forks H, H creates each of them with the flag and
 * CLONE_PARENT (their parent is C, FORK-3), moving its pid_for_children into their pid ns as
 * needed (SETNS-5), then exits. H is the one holder the object starts from (planner/graph/build.ts
 * counts a helper's shared children as one entry). Taken only when every such process is free
 * of session constraints H cannot meet (H has C's session when C forks it, timingIn), can join
 * its group itself (groupJoinable), is not on C's creation chain, loses nothing it shares with
 * its present creator, and has no born session or group.
 * Runs after planner/sharing/share-carriers.ts and share-zombies.ts. O(processes + holders) plus O(creator-chain depth) per
 * process moved.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { creatorChain, procOfActor } from './creator-chain.js';
import { ROOT, canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, HelperSpec, Timing } from '../creators/creators.js';
import { actorOf, needOf, timingIn } from '../creators/creators.js';
import { newHelperName } from '../creators/sessions.js';
import { groupPassers } from './sharers.js';
import { groupThroughSource, sourceCandidate, sourceKinds, sourceObject } from '../variants/source-shares.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from './share-kind.js';
import { bornThroughSource } from '../variants/born-source.js';

export function shareFromSources(f: Facts, m: CreatorModel): number {
  const { helperByName, createdBy } = creatorChain(f, m);
  /** does p's present creator (a task, or a helper forked sharing its creator's) hold o of kind k? */
  const creatorHolds = (p: Proc, k: Kind | 'mm', o: string | null): boolean => {
    if (o === null) return false;
    const by = m.creation.get(p.tgid)?.by;
    if (!by) return false;
    if (by.startsWith('h')) {
      const h = helperByName.get(by);
      if (!h?.share || k === 'mm' || !h.share.includes(k)) return false;
      return procOfActor(f, h.by)?.leader[k] === o;
    }
    const q = procOfActor(f, by);
    return !!q && (q.leader[k] === o || q.threads.some((t) => t[k] === o));
  };
  // per object: the live processes holding it whose creator does not give it (entries)
  // (variant sourceShares: address spaces too, a dead leader's its threads', source-shares.ts)
  const kinds = sourceKinds(m.sourceShares);
  const entries = kinds.map(() => new Map<string, Proc[]>());
  const all = kinds.map(() => new Map<string, number>());
  for (const p of f.order) {
    if (!sourceCandidate(m.sourceShares, p)) continue;
    for (let i = 0; i < kinds.length; i++) {
      const o = sourceObject(p, kinds[i], m.deadFsSources === true);
      if (o === null) continue;
      all[i].set(o, (all[i].get(o) ?? 0) + 1);
      if (creatorHolds(p, kinds[i], o)) continue;
      const l = entries[i].get(o);
      if (l) l.push(p);
      else entries[i].set(o, [p]);
    }
  }
  let moved = 0;
  /** (variant sourceShares) the helpers made here: one per set of processes */
  const made = new Set<string>();
  const passers = groupPassers(f, m);
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    for (const [o, list] of entries[i]) {
      if (list.length < 2) continue;
      const by0 = m.creation.get(list[0].tgid)?.by;
      if (m.sourceShares && by0 !== undefined && made.has(by0) && list.every((p) => m.creation.get(p.tgid)?.by === by0)) {
        if (k === 'fs') helperByName.get(by0)!.source = 'fs';
        continue;
      }
      // (other holders, whose creators give them o, hang below these: not moved)
      const c = list[0].parent;
      if (list.some((p) => p.parent !== c)) continue;
      const cp = c === ROOT ? undefined : f.procs.get(c);
      if (c !== ROOT && (!cp || cp.zombie || cp.leader.state === 'dead')) continue;
      const cns = cp ? cp.pidns : f.hostPidNs;
      let timing: Timing = 'any';
      let session: number | null = null;
      let ok = true;
      for (const p of list) {
        const cr = m.creation.get(p.tgid);
        // (variant bornSources: a birth session or group that c leads, which the helper has too, born-source.ts)
        const born = passers.has(p.tgid) || m.bornGroup.has(p.tgid) || m.bornSid.has(p.tgid);
        if (!cr || (!groupJoinable(p) && !groupThroughSource(m.sourceShares)) || (born && !bornThroughSource(f, m, c, p, passers.get(p.tgid))) || !canCreateIn(f, cns, p)) { ok = false; break; }
        if (cr.by.startsWith('h') && helperByName.get(cr.by)?.role !== 'reparent-helper') { ok = false; break; }
        // an fd table given at clone time does not survive p's own execve (unshare_files)
        if (k === 'files' && p.leader.execed === true) { ok = false; break; }
        // nothing else p shares with its present creator may be lost
        if (KINDS.some((k2) => k2 !== k && creatorHolds(p, k2, p.leader[k2])) || (k !== 'mm' && creatorHolds(p, 'mm', p.leader.mm))) { ok = false; break; }
        if (c !== ROOT && createdBy(c, p.tgid)) { ok = false; break; }
        const n = needOf(f, m, p);
        if (n === null) continue;
        const t = timingIn(f, m, c, n);
        if (t === null || (session !== null && session !== n)) { ok = false; break; }
        session = n;
        timing = t;
      }
      if (!ok) continue;
      const h: HelperSpec = {
        name: newHelperName(), role: 'reparent-helper',
        why: `${list.map((p) => p.tgid).join(', ')} share ${k} ${o}, children of ${c || 'the restorer'} none of which can create another: ${c || 'the restorer'} forks this helper, which creates each with ${k === 'files' ? 'CLONE_FILES' : k === 'fs' ? 'CLONE_FS' : 'CLONE_VM'}|CLONE_PARENT and exits (FORK-3, FORK-4)`,
        vector: null, pidns: cns, by: actorOf(c), timing, session: session ?? (cp ? cp.sid : 0), setsid: false, setpgid: false,
        creates: list.map((p) => p.tgid), placed: true, ...(k === 'mm' ? {} : { source: k }),
      };
      for (const p of list) {
        const prev = m.creation.get(p.tgid)!;
        const ph = prev.by.startsWith('h') ? helperByName.get(prev.by) : undefined;
        if (ph) ph.creates = ph.creates.filter((x) => x !== p.tgid);
        m.creation.set(p.tgid, { by: h.name, cloneParent: true, timing: 'any', why: `helper ${h.name} creates it with ${k === 'files' ? 'CLONE_FILES' : k === 'fs' ? 'CLONE_FS' : 'CLONE_VM'}|CLONE_PARENT, so its parent is ${c || 'the restorer'} and it shares ${o} with ${list.filter((q) => q !== p).map((q) => q.tgid).join(', ')} (FORK-3, FORK-4)` });
        moved++;
      }
      m.helpers.push(h);
      made.add(h.name);
      helperByName.set(h.name, h);
    }
  }
  return moved;
}
