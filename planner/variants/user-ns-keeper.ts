/**
 * Re-plan variant `userKeepers` (index.ts; Facts.userKeepers, emit.ts joinUser/create/exit/clone):
 * a user ns U that its last member leaves while other image members of U have still to enter it
 * is kept open by a holder.
 *
 * setns(user) opens /proc/PID/ns/user of a live member of U (NSFD-1, SETNS-4); a user ns with no
 * task left in it lives on as the parent of the user ns its last member moved to, but nobody can
 * enter it any more. The plan moves each member into its final user ns late, after its privileged
 * work (FORK-9, SETNS-4), so the first member, the one that made U (often a pid-ns init born with
 * CLONE_NEWUSER|CLONE_NEWPID, OWN-1), may move below U (unshare(CLONE_NEWUSER), UNSH-3) before any
 * other member entered it (seed 58773: init 14 makes user:3 at its birth and user:1 below it at
 * its switch; 27, 37, 52 and 73 of user:3 enter it only after that). In the kernel history some
 * member stayed. The construction: right before that last member leaves, a holder forked by the
 * restorer (privileged in the root user ns, which holds every capability below it, OWN-2) enters U
 * through the leaver's ns file and stays there until the end of the plan; the later members enter
 * U through the holder's (SETNS-4). The holder then exits and the restorer reaps it (EXIT-6), as
 * user-holder.ts's holders of bare user namespaces do; its pid numbers are free ones of the
 * restorer's pid ns (free-pids.ts). The same when the last member leaves by its exit (a helper:
 * seed 58773's maker h4 in user:3), and for a user ns the later task only passes through on its
 * way down (seed 98203: the ns-holder of uts:0 leaves user:6 by its exit before init 4 passes
 * through it to user:1).
 *
 * The same for the id maps of the user ns the last member makes below U at its switch: they are
 * written by a task of the parent U with CAP_SETUID/CAP_SETGID there (OWN-6), the holder (seeds
 * 38839, 45718: 8 and 41 leave user:7 and user:8 by making user:1, whose maps no one was left to
 * write).
 *
 * And a helper that must create a user ns with its child (CLONE_NEWUSER) from inside its parent
 * P, where P is bare (no task of the image, owning only user namespaces) and has no member yet,
 * makes P on its way (emit.ts enterUserChain, UNSH-3) rather than look for a member to join
 * (seed 90887: session 4's ghost creates init 24 with user:3, whose parent user:9 is bare).
 * O(tasks) per switch or exit of a task that is U's last member.
 */
import type { Facts } from '../facts/facts.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import type { Emitter } from '../output/emit.js';
import { pickFreePids } from '../output/free-pids.js';
import { userHolderName, type UserHolders } from '../output/user-holder.js';

/**
 * Before `leavers` (one task, or the threads of an exiting process) leave user ns u, where no
 * other live actor is (`inU`: the live actors in u now): fork a holder into u when an image task
 * (not a dead leader) of u, or of a user ns below it that it reaches through u, has still to
 * enter it, or to write the id maps of `mapsOf`, the child user ns the leaver makes. Nothing outside the variant, for the root user
 * ns, or when u has a holder already or the restorer cannot fork one.
 */
export function keepUserOpen(em: Emitter, f: Facts, holders: UserHolders, u: string, leavers: readonly string[], inU: ReadonlySet<string> | undefined, mapsOf?: string): void {
  if (f.userKeepers !== true || u === f.rootUserNs || f.nsById.get(u)?.external || holders.has(u)) return;
  if (inU && [...inU].some((x) => !leavers.includes(x))) return;
  // (a task of u or below it still to come through u: not born, or not at or below u yet; a
  // zombie that exited is done)
  // (or the user ns the leaver makes below u, whose id maps a task of u writes, OWN-6)
  const maps = mapsOf !== undefined && ((f.nsById.get(mapsOf)?.uidMap?.length ?? 0) > 0 || (f.nsById.get(mapsOf)?.gidMap?.length ?? 0) > 0);
  const pending = maps || f.image.tasks.some((t) => {
    if (t.state === 'dead' || !em.userDescends(t.userns, u)) return false;
    const x = em.actors.get(`t${t.pid[0]}`);
    return !x || (x.alive ? !em.userDescends(x.userns, u) : t.state !== 'zombie');
  });
  if (!pending || !em.has(ROOT_ACTOR) || em.get(ROOT_ACTOR).userns !== f.rootUserNs || !em.hasCaps(ROOT_ACTOR)) return;
  const name = userHolderName(u);
  const root = em.get(ROOT_ACTOR);
  em.clone({ actor: ROOT_ACTOR, child: name, tid: -1, pidns: root.pidns, vector: pickFreePids(f, root.pidns), thread: false, cloneParent: false, share: [], newPidns: false, why: `holder of user ns ${u}: ${leavers[0]}, its last member, leaves it before ${maps ? `${mapsOf}'s id maps are written from it` : 'other tasks enter it'}; the holder stays in it so they can be (NSFD-1, SETNS-4, OWN-6)` });
  em.joinUser(name, u, `${name} enters user ns ${u} through ${leavers[0]} before it leaves, and stays (SETNS-4)`);
  holders.set(u, name);
}
