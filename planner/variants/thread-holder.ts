/**
 * Re-plan variant `threadHolders` (index.ts, with `shares`; CreatorModel.threadHolders): an fd
 * table handed down creator chains from a process C that cannot hold it itself, through a
 * transient thread of C (FORK-1, FORK-2, FORK-4, FORK-6, EXIT-1, EXIT-2).
 *
 * files-relays.ts passes a table T down the creator chains from the sharers' nearest common
 * creator C, C forking the chain heads with CLONE_FILES and then taking its own copy. That fails
 * when C's own final table is shared with a child it must fork at a time it cannot hold T: fuzz
 * case 88, where 7 forks 8 sharing files:2 before its setsid (8 stays in session 2) but must
 * fork 32 with files:23 after it (32 is in session 7), and 9 (the head of the chain to 36) before
 * it. In the history a thread of C held T: C created thread H without CLONE_FILES (its copy is T,
 * FORK-4), H forked the heads with CLONE_FILES at the times their sessions and groups need (a
 * thread is in its process's session and group, FORK-6; its children are C's, their parent
 * being C's thread group, FORK-1), and exited alone (EXIT-1; its children stay with C's other
 * threads, EXIT-2). The plan does exactly that with a helper thread (HelperSpec.thread): the
 * chain relays below the heads are files-relays.ts's, its top the helper (holdsFiles).
 *
 * Taken only for an fd table whose entries' image-parent chains meet at a live, not execve'd
 * process leader C whose final table is another, every process below a head forked plainly by
 * its parent (files-relays.ts relays them), every head created by a task (C, or a sibling with
 * CLONE_PARENT; no helper, move or born session or group) and needing a session C is in at some
 * time (timingIn: the thread forks it then). O(processes x depth) per table.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, HelperSpec, Timing } from '../creators/creators.js';
import { actorOf, needOf, timingIn } from '../creators/creators.js';
import { creatorChain, isLiveProc } from '../sharing/creator-chain.js';
import { newHelperName } from '../creators/sessions.js';

export function forkThroughThreadHolders(f: Facts, m: CreatorModel): number {
  if (!m.threadHolders) return 0;
  const { helperByName, creatorHolds } = creatorChain(f, m);
  /** p's plain-fork creator process, or undefined */
  const plainCreator = (p: Proc): Proc | undefined => {
    const c = m.creation.get(p.tgid);
    if (!c || c.via !== undefined || c.cloneParent || !c.by.startsWith('t')) return undefined;
    const q = f.procs.get(Number(c.by.slice(1)));
    return q && q.tgid === Number(c.by.slice(1)) ? q : undefined;
  };
  const taken = new Set<number>(m.helpers.flatMap((h) => h.creates));
  let moved = 0;
  const entries = new Map<string, Proc[]>();
  for (const p of f.order) {
    const o = p.leader.files;
    if (!isLiveProc(p) || o === null || creatorHolds(p, 'files', o)) continue;
    const l = entries.get(o);
    if (l) l.push(p); else entries.set(o, [p]);
  }
  for (const [o, es] of entries) {
    if (es.length < 2) continue;
    // chains by image parent: plain forks below the heads (files-relays.ts relays them), any
    // creation of a head (re-pointed to the thread)
    const chains = es.map((e) => {
      const ch: Proc[] = [e];
      for (let x = e, guard = 0; guard < 4096; guard++) {
        const q = f.procs.get(x.parent);
        if (!q || ch.includes(q)) break;
        ch.push(q);
        x = q;
      }
      return ch;
    });
    const C = chains[0].find((x) => chains.every((ch) => ch.includes(x)));
    if (!C || es.includes(C) || !isLiveProc(C) || C.leader.files === null || C.leader.files === o || C.leader.execed === true) continue;
    const heads = [...new Set(chains.map((ch) => ch[ch.indexOf(C) - 1]))];
    const plainBelow = chains.every((ch) => ch.slice(0, ch.indexOf(C) - 1).every((x) => plainCreator(x)?.tgid === x.parent));
    if (!plainBelow) continue;
    const timings = new Map<number, Timing>();
    let ok = true;
    for (const x of heads) {
      const c = m.creation.get(x.tgid);
      if (!c || taken.has(x.tgid) || c.via !== undefined || c.moveTo !== undefined || !c.by.startsWith('t') || m.bornGroup.has(x.tgid) || m.bornSid.has(x.tgid)) { ok = false; break; }
      const n = needOf(f, m, x);
      const t = n === null ? 'any' : timingIn(f, m, C.tgid, n);
      if (t === null) { ok = false; break; }
      timings.set(x.tgid, t);
    }
    if (!ok) continue;
    const h: HelperSpec = {
      name: newHelperName(), role: 'reparent-helper',
      why: `${es.map((e) => e.tgid).join(', ')} share files ${o}, which their nearest common creator ${C.tgid} cannot hold when it forks ${heads.map((x) => x.tgid).join(', ')}: a thread of ${C.tgid}, created without CLONE_FILES (its copy is ${o}), forks them with CLONE_FILES and exits alone (FORK-2, FORK-4, EXIT-1)`,
      vector: null, pidns: C.pidns, by: actorOf(C.tgid), timing: 'any', session: C.sid, setsid: false, setpgid: false,
      creates: heads.map((x) => x.tgid), placed: true, thread: true, holdsFiles: o,
    };
    for (const x of heads) {
      const c = m.creation.get(x.tgid)!;
      m.creation.set(x.tgid, { ...c, by: h.name, cloneParent: false, timing: timings.get(x.tgid)!, why: `${h.name}, a thread of its parent ${C.tgid} holding files ${o}, forks it with CLONE_FILES while ${C.tgid} is in its session and group (FORK-4, FORK-6)` });
    }
    m.helpers.push(h);
    helperByName.set(h.name, h);
    for (const x of heads) taken.add(x.tgid);
    moved += heads.length;
  }
  return moved;
}
