/**
 * Interim joins for a child born in a new user ns that needs some of its creator's final
 * namespaces and, in other slots, namespaces its creator never ends in (variant
 * `creatorInterimJoins`, tried last in planner/index.ts and kept only when it verifies).
 *
 * A child P born in a user ns without rights over a namespace's owner can only inherit it
 * (SETNS-3..7, OWN-2). build.ts orders P's birth after its creator C's join step when P needs
 * C's final namespaces there ("settle first"), or before it when P needs C's original ones
 * ("create before"). When P needs both (seed 889 with --setids: t12, born with
 * CLONE_NEWUSER|CLONE_NEWPID in user:2, needs t11's final net:1 and time:1 but cgroup:1, which
 * t11 left for cgroup:0 after forking it), neither order holds and the emitter refused P's join.
 * In the kernel history C was in cgroup:1 and net:1 together when it forked P, and joined
 * cgroup:0 afterwards. The construction does the same: C, still privileged in its join step,
 * joins the namespace P needs in such a slot (the interim join of birth-needs.ts, interimOf)
 * instead of its final one, forks P after that step, and joins its final namespace in a step of
 * its own after P's birth (and before its user-ns switch or execve, which may drop the
 * capabilities setns needs). Only uts, ipc, net and cgroup (mnt and time have fs_struct and
 * thread preconditions, SETNS-3, SETNS-6). O(slots) per such child.
 */
import type { Facts } from '../facts/facts.js';
import type { Schedule } from '../ordering/schedule.js';
import type { Emitter, Slot } from './emit.js';
import type { NeedSlot } from '../ordering/birth-needs.js';

const INTERIM_SLOTS: readonly Slot[] = ['uts', 'ipc', 'net', 'cgroup'];
const TYPE: Record<string, string> = { uts: 'uts', ipc: 'ipc', net: 'net', cgroup: 'cgroup' };

export interface InterimInput {
  f: Facts;
  s: Schedule;
  em: Emitter;
  /** the creator (tgid) and its final namespaces */
  crn: number;
  npCr: Readonly<Record<Slot, string>>;
  /** the namespace the child must be born with, per slot */
  want: (sl: Slot) => string;
  /** does the child make that namespace itself, or may it join it from its born user ns? */
  childHandles: (sl: Slot) => boolean;
  /** the user ns the creator's credentials are in at its join step */
  crBorn: string;
  /** the user ns owning a namespace */
  nsOwner: (id: string) => string;
  interimOf: Map<number, Map<NeedSlot, string>>;
  /** the child's birth step */
  born0: string | number;
  /** child tgid, for the reasons */
  tid: number;
}

/**
 * Sets the creator's interim joins for the child and adds the final-join step and its edges;
 * false (nothing changed) when a slot does not fit.
 */
export function interimJoinsForChild(x: InterimInput): boolean {
  const { f, s, em, crn, npCr, want, childHandles, crBorn, nsOwner, interimOf, born0, tid } = x;
  const mid = interimOf.get(crn);
  const slots: Slot[] = [];
  for (const sl of ['mnt', 'uts', 'ipc', 'net', 'cgroup', 'time', 'timeForChildren'] as const) {
    const w = want(sl);
    const cur = npCr[sl === 'time' ? 'timeForChildren' : sl];
    if (w === cur || childHandles(sl)) continue;
    if (!INTERIM_SLOTS.includes(sl)) return false;
    // (the creator joins it with the rights it has at its join step, OWN-2)
    if (!em.userDescends(nsOwner(w), crBorn)) return false;
    const had = mid?.get(sl as NeedSlot);
    if (had !== undefined && had !== w) return false;
    if (!f.nsById.has(w)) return false;
    slots.push(sl);
  }
  if (slots.length === 0) return false;
  const m = mid ?? new Map<NeedSlot, string>();
  interimOf.set(crn, m);
  for (const sl of slots) m.set(sl as NeedSlot, want(sl));
  const a = `t${crn}`;
  const step = `rgtfinal:${crn}`;
  if (!s.has(step)) {
    s.add(step, 'ns-join', `${crn} joins its final namespaces after forking children that needed others`, [crn], () => {
      for (const sl of INTERIM_SLOTS) {
        if (!m.has(sl as NeedSlot)) continue;
        if (em.get(a).slots[sl] !== npCr[sl]) em.join(a, sl, npCr[sl], `${crn} is in ${TYPE[sl]} ns ${npCr[sl]}, joined after forking the children born in a user ns without rights over the ${TYPE[sl]} ns they needed from it (SETNS-7)`);
      }
    });
    s.edge(`nsfix:${crn}`, step, `${crn}'s interim joins come before its final ones`, 'SETNS-7');
    // (setns needs the capabilities a user-ns switch or an execve may drop)
    s.edge(step, s.at('user', crn), `${crn} joins its final namespaces while still privileged`, 'SETNS-7');
    s.edge(step, s.at('execve', crn), 'setns needs the capabilities execve may drop', 'SETNS-7');
  }
  for (const sl of slots) {
    s.edge(`ns:${want(sl)}`, `nsfix:${crn}`, `${crn} joins ${want(sl)} for ${tid}, born in a user ns without rights over it`, 'SETNS-7');
    s.edge(`ns:${npCr[sl]}`, step, `${npCr[sl]} exists before ${crn} joins it`, 'SETNS-7');
  }
  s.edge(`nsfix:${crn}`, born0, `${tid} is born in a user ns without rights over these namespaces: it inherits them from ${crn} once ${crn} is in them (SETNS-7)`, 'SETNS-7');
  s.edge(born0, step, `${tid} inherits ${crn}'s interim namespaces before ${crn} joins its final ones (SETNS-7)`, 'SETNS-7');
  return true;
}
