/**
 * Re-plan variant `bornGroupHolders` (index.ts VARIANTS, with `bornCreators` and `shares`;
 * FORK-4, FORK-6, SID-2, PGID-2, PID-4): a zombie first holder Z that must be born
 * in session N and group g (born-sharer.ts: the sharer it forks before its setsid cannot join g
 * from its pid ns) may be forked by a session leader that is itself born in N and g
 * (CreatorModel.bornSid, bornGroup) before that leader's own setsid.
 *
 * born-sharer.ts takes as Z's creator in g only a task in g for good (a plain member, or g's
 * leader after its setsid), and never one with a born group: a process born in g that is no
 * session leader leaves g by a setpgid whose time build.ts does not tie to Z's fork. A session
 * leader L born in N and g is different: it is in g from its birth (FORK-6, it inherits its
 * creator's group) until its own setsid, the only call that takes it out of g (SID-2: setsid
 * makes a new group; no parent moves a session leader, PGID-2 step 4). The creation's timing
 * 'before-setsid' (creators.ts timingIn) makes build.ts put L's fork of Z before that setsid, so
 * Z is born in N and g, forks the sharer there with the flag (FORK-4), calls setsid and forks the
 * other sharers in its own session.
 *
 * Seed 57340: zombie 16 (session 16) held fd table files:11; it forked 21 with CLONE_FILES while
 * still in session 2 and group 2, which 21 (in pid:2) cannot see (PID-4), then called setsid and
 * forked 46 with CLONE_FILES; both went to init 12 at its exit (EXIT-2). 16's parent 10 is itself
 * born in session 2 and group 2 (for its own children); with the first answer's construction
 * for group 9 (bornCreators: its ghost in another pid ns of level 1 where number 2 is free,
 * group-ghost-elsewhere.ts) the sessions then gave 21 to 12, which holds nothing of files:11
 * (FORK-4). Here 10 forks 16 before its setsid, in group 2.
 *
 * Tried only after a first answer naming a dead leader's group number taken in its ghost's pid
 * ns (the answer bornCreators serves), so first attempts keep their plans. State per CreatorModel (a
 * WeakSet), so shared modules gain no field. O(1) per call.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, Timing } from '../creators/creators.js';
import { isSessionLeader } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

export function setBornGroupHolders(m: CreatorModel): void {
  on.add(m);
}

/**
 * In the variant, is q (timing `tm` in Z's session) in group g when it forks Z: a session leader
 * born in g that forks Z before its setsid?
 */
export function bornGroupForker(f: Facts, m: CreatorModel, q: Proc, g: number, tm: Timing | null): boolean {
  return on.has(m) && tm === 'before-setsid' && isSessionLeader(f, q) && m.bornGroup.get(q.tgid) === g;
}
