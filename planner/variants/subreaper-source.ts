/**
 * Re-plan variant `subreaperSources` (index.ts, with `shares`; CreatorModel.subreaperSources):
 * an fd table or fs_struct shared by a child I of C and by a process P whose parent Q is an
 * ancestor of C, where neither's creator holds it and no chain of relays can pass it down to
 * both (files-relays.ts: a relay on C's chain must keep a table it shares with its own creator).
 * (FORK-3, FORK-4, FORK-6, EXIT-2, EXIT-3)
 *
 * In the history the object was made below C and reached P by reparenting: a process below C
 * that held it forked P and I (I with CLONE_PARENT, a pid-ns init too: FORK-3 forbids only the
 * caller being an init) and died while Q was a subreaper, P going up to Q (EXIT-2). The plan
 * does the same: C forks a helper H without the flag (its copy is the object, FORK-1), H forks I
 * with CLONE_PARENT and P, both with CLONE_FILES/CLONE_FS (build.ts reads H's stand-in,
 * stand-ins.ts helperTask), and H exits while Q has PR_SET_CHILD_SUBREAPER set, cleared right
 * after (holder-steps.ts addHelperExits, HelperSpec.tempSubreaper: the flag is read only at an
 * exit, EXIT-3). Fuzz case 81: 28 forks H; H forks init 30 with CLONE_PARENT|CLONE_NEWPID and
 * 27; H exits around 8's flag, so 27 reparents to 8 past 28, 22 and 19.
 *
 * Taken only when: the tasks from C up to Q's child are live process leaders in Q's pid ns, each
 * forked plainly by its image parent (so they are its children when H exits), none a subreaper
 * or an init in the image; Q is live and no subreaper in the image; H's pid ns (C's) can hold
 * P, which must be in it (H forks P there), and H can create I; P and I have no born session or
 * group, one session need H can meet (timingIn from C), a group they can join or C's, nothing
 * else shared with their present creators, and neither is on C's creator chain; P is not
 * execve'd (an fd table). One helper per object; O(processes + depth) per object.
 */
import type { Facts, Proc } from '../facts/facts.js';
import { canCreateIn, groupJoinable } from '../facts/facts.js';
import type { CreatorModel, HelperSpec, Timing } from '../creators/creators.js';
import { actorOf, needOf, timingIn } from '../creators/creators.js';
import { creatorChain, isLiveProc } from '../sharing/creator-chain.js';
import { newHelperName } from '../creators/sessions.js';
import { groupPassers } from '../sharing/sharers.js';
import { SHARE_KINDS as KINDS, type ShareKind as Kind } from '../sharing/share-kind.js';

export function shareThroughSubreaperSources(f: Facts, m: CreatorModel): number {
  if (!m.subreaperSources) return 0;
  const { helperByName, createdBy, creatorHolds } = creatorChain(f, m);
  const passers = groupPassers(f, m);
  const taken = new Set<number>(m.helpers.flatMap((h) => h.creates));
  /** the tasks from c up to (not including) q, when c's walk reaches q as described above; else null */
  const pathTo = (c: Proc, q: Proc): Proc[] | null => {
    const out: Proc[] = [];
    let x: Proc | undefined = c;
    for (let guard = 0; x && guard < 4096; guard++) {
      if (x === q) return out;
      const cr = m.creation.get(x.tgid);
      if (!isLiveProc(x) || x.pidns !== q.pidns || x.isInit || x.leader.subreaper !== false || !cr || cr.via !== undefined || cr.by !== actorOf(x.parent)) return null;
      out.push(x);
      x = f.procs.get(x.parent);
    }
    return null;
  };
  let moved = 0;
  for (const k of KINDS) {
    // per object, its live holders whose creator does not give it (entries)
    const entries = new Map<string, Proc[]>();
    for (const p of f.order) {
      const o = p.leader[k];
      if (!isLiveProc(p) || o === null || creatorHolds(p, k, o)) continue;
      const l = entries.get(o);
      if (l) l.push(p); else entries.set(o, [p]);
    }
    for (const [o, list] of entries) {
      if (list.length !== 2) continue;
      for (const [ii, pi] of [[0, 1], [1, 0]]) {
        const I = list[ii];
        const P = list[pi];
        const C = f.procs.get(I.parent);
        const Q = f.procs.get(P.parent);
        if (!C || !Q || C === Q || !isLiveProc(Q) || Q.leader.subreaper !== false || Q.pidns !== C.pidns || P.pidns !== C.pidns) continue;
        if (!pathTo(C, Q)) continue;
        if (!canCreateIn(f, C.pidns, I) || (k === 'files' && (P.leader.execed === true || I.leader.execed === true))) continue;
        let timing: Timing = 'any';
        let session: number | null = null;
        let ok = true;
        for (const x of [I, P]) {
          const cr = m.creation.get(x.tgid);
          if (!cr || taken.has(x.tgid) || cr.by.startsWith('h') || passers.has(x.tgid) || m.bornGroup.has(x.tgid) || m.bornSid.has(x.tgid)) { ok = false; break; }
          if (!groupJoinable(x) && x.pgid !== C.pgid) { ok = false; break; }
          if (createdBy(C.tgid, x.tgid)) { ok = false; break; }
          if (KINDS.some((k2) => k2 !== k && creatorHolds(x, k2, x.leader[k2])) || creatorHolds(x, 'mm', x.leader.mm)) { ok = false; break; }
          const n = needOf(f, m, x);
          if (n === null) continue;
          const t = timingIn(f, m, C.tgid, n);
          if (t === null || (session !== null && session !== n)) { ok = false; break; }
          session = n;
          timing = t;
        }
        if (!ok) continue;
        const flag = k === 'files' ? 'CLONE_FILES' : 'CLONE_FS';
        const h: HelperSpec = {
          name: newHelperName(), role: 'reparent-helper',
          why: `${I.tgid} and ${P.tgid} share ${k} ${o}, which no creator chain can pass down to both: ${C.tgid} forks this helper, which forks ${I.tgid} with ${flag}|CLONE_PARENT and ${P.tgid} with ${flag}, then exits while ${Q.tgid} is a subreaper, so ${P.tgid} reparents to ${Q.tgid} (FORK-3, FORK-4, EXIT-2, EXIT-3)`,
          vector: null, pidns: C.pidns, by: actorOf(C.tgid), timing, session: session ?? C.sid, setsid: false, setpgid: false,
          creates: [I.tgid, P.tgid], placed: true, source: k, tempSubreaper: Q.tgid,
        };
        m.creation.set(I.tgid, { by: h.name, cloneParent: true, timing: 'any', why: `helper ${h.name} creates it with ${flag}|CLONE_PARENT, so its parent is ${C.tgid} and it shares ${o} with ${P.tgid} (FORK-3, FORK-4)` });
        m.creation.set(P.tgid, { by: h.name, cloneParent: false, timing: 'any', via: h.name, why: `helper ${h.name}, forked by ${C.tgid}, forks it with ${flag} and exits while ${Q.tgid} is a subreaper, so it reparents to ${Q.tgid} (FORK-4, EXIT-2, EXIT-3)` });
        m.helpers.push(h);
        helperByName.set(h.name, h);
        taken.add(I.tgid).add(P.tgid);
        moved += 2;
        break;
      }
    }
  }
  return moved;
}
