/**
 * Re-plan variant `threadForkedRelays` (index.ts SHR_VARIANTS, with `shares`; FORK-2, FORK-4,
 * UNSH-1, UNSH-2): a thread relay (fs-unshare-relay.ts threadRelay) forked by a non-leader thread
 * of its creator's process.
 *
 * threadRelay takes a process P whose threads keep the fs_struct its creator S passed on with
 * CLONE_FS while P's leader took its own copy afterwards: P's leader creates those threads with
 * CLONE_FS, then unshare(CLONE_FS) (UNSH-1; allowed threaded, UNSH-2). It looked at S's leader
 * only. In the history it was often a thread T of S, created without CLONE_FS (so holding an
 * fs_struct S's leader does not), that forked P with CLONE_FS: P's threads then share T's
 * fs_struct, which neither leader holds, and FORK-4 refused the plan (seeds 41995: thread 6 of
 * init 3 forked 9, whose thread 60 keeps fs:3, before 9's unshare(CLONE_NEWNS); 57947: thread 29
 * of 22 forked 33, whose thread 34 keeps fs:19 with 22's child 62). Here T forks P (thread
 * creators: thread-creators.ts creatorThread), and P is the same relay with T as its S.
 *
 * Only for T live (a thread forks only while alive, FORK-2) and P's fd table not one S's leader
 * holds unless T holds it too (T's fork would not give it otherwise, FORK-4). Tried after every
 * other variant, kept only when verified: plans found without it stay as they were.
 * O(processes + threads), built once per build.
 */
import type { Facts } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/** P's leader tid -> the thread of P's creator's process that forks P (see above). */
export function threadRelayForkers(f: Facts, m: CreatorModel, eff: (t: Task) => Task): Map<number, Task> {
  const out = new Map<number, Task>();
  if (!m.threadForkedRelays) return out;
  for (const p of f.order) {
    const c = m.creation.get(p.tgid);
    if (!c || c.via || !c.by.startsWith('t') || p.zombie || p.threads.length === 0) continue;
    const l = eff(p.leader);
    if ((p.leader.state !== 'running' && p.leader.state !== 'stopped' && p.leader.state !== 'dead') || l.fs === null) continue;
    const sp = f.procs.get(Number(c.by.slice(1)));
    if (!sp || sp.leader.pid[0] !== Number(c.by.slice(1)) || sp.threads.length === 0) continue;
    const sl = eff(sp.leader);
    const th = sp.threads.find((t) => (t.state === 'running' || t.state === 'stopped') && t.fs !== null && t.fs !== sl.fs && t.fs !== l.fs && p.threads.some((q) => q.fs === t.fs));
    if (!th) continue;
    // (P sharing S's leader's fd table from birth: T's fork gives it only when T holds it too)
    if (l.files !== null && l.files === sl.files && th.files !== l.files) continue;
    out.set(p.tgid, th);
  }
  return out;
}
