/**
 * The steps of a pid-ns maker helper (build.ts makers): the init's creator forks the maker
 * (forkMaker; early, before the creator's user-ns switch, for the inits of maker-fork.ts), the
 * maker joins the init's namespaces it can only inherit while privileged (SETNS-7), enters or
 * creates the pid ns's owner user ns (SETNS-4, UNSH-3) and clones the init with
 * CLONE_PARENT|CLONE_NEWPID, so the pid ns is owned by that user ns (OWN-1) and the init's parent
 * is the creator (FORK-3); then it exits and is reaped (EXIT-6). Outer pid levels come from
 * ns_last_pid (FORK-9, OWN-6). O(slots) per init.
 */
import type { Proc } from './facts.js';
import { actorOf } from './creators.js';
import { SLOT_TYPE, type StepContext } from './build-context.js';

export function makeMakerSteps(ctx: StepContext) {
  const { f, em, helperVectors, splitMakers, makerSlots } = ctx;
  /** The creator forks the maker of init p into the parent of p's pid ns (the first part of makeInit). */
  function forkMaker(p: Proc, mk: { name: string; owner: string }, creator: string, cloneParent: boolean): void {
    const parentNs = f.pidns.get(p.pidns)?.parent ?? f.hostPidNs;
    em.clone({ actor: creator, child: mk.name, tid: -1, pidns: parentNs, vector: helperVectors.get(mk.name)!, thread: false, cloneParent, share: [], newPidns: false, why: `pid-ns maker for ${p.tgid}: pid ns ${p.pidns} must be owned by user ns ${mk.owner}, so its init is created from inside ${mk.owner} (OWN-1)${splitMakers.has(p.tgid) ? `; forked while ${creator} is still privileged, it keeps the capabilities after ${creator}'s user-ns switch (FORK-9, SETNS-4)` : ''}` });
  }

  /**
   * A maker helper creates init p: the creator forks it (with CLONE_PARENT when the creator is a
   * sibling); it joins p's namespaces while still privileged, enters p's pid ns owner `owner`
   * (SETNS-4), and clones p with CLONE_PARENT|CLONE_NEWPID so that the new pid ns is owned by
   * `owner` (OWN-1) and p's parent is the maker's; then it exits and is reaped (EXIT-6).
   */
  function makeInit(p: Proc, mk: { name: string; owner: string; newUser: boolean }, creator: string, cloneParent: boolean, why: string): void {
    const vec = helperVectors.get(mk.name)!;
    if (!em.has(mk.name)) forkMaker(p, mk, creator, cloneParent);
    for (const [sl, want] of makerSlots(p.tgid)) {
      if (em.get(mk.name).slots[sl] === want) continue;
      em.join(mk.name, sl, want, `the maker joins ${SLOT_TYPE[sl]} ns ${want} while privileged, so ${p.tgid} is born in it (SETNS-7)`);
    }
    const uparent = f.nsById.get(mk.owner)?.parent ?? f.rootUserNs;
    if (!mk.newUser) em.joinUser(mk.name, mk.owner, `the maker enters user ns ${mk.owner}, which must own pid ns ${p.pidns} (OWN-1, SETNS-4)`);
    // (through the user namespaces on the way, making a bare one nobody made yet, as a history
    // did that unshared it on its way down: seed 7991)
    else if (em.get(mk.name).userns !== uparent) em.enterUserDown(mk.name, uparent, mk.owner);
    em.clone({ actor: mk.name, child: actorOf(p.tgid), tid: p.tgid, pidns: p.pidns, vector: p.leader.pid, thread: false, cloneParent: true, share: [], newPidns: true, why: `${why}; created by maker ${mk.name} with CLONE_PARENT ${mk.newUser ? `and CLONE_NEWUSER (${mk.owner})` : `from inside ${mk.owner}`}`, ...(mk.newUser ? { newUser: mk.owner } : {}) });
    const st = em.get(mk.name);
    em.exit(mk.name, { code: 0, group: true }, `maker ${mk.name} is done`);
    em.reap(st.parent ?? creator, { ...st, vector: vec }, `reap maker ${mk.name} (EXIT-6)`);
  }
  return { forkMaker, makeInit };
}
