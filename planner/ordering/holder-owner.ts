/**
 * Re-plan variant `holderOwners` (index.ts; Facts.holderOwners, further builds fill
 * Facts.heldOwners): a user ns U whose making by a member at its own switch closed an ordering
 * cycle is made by a namespace holder instead (the holder of a namespace U owns, else a bare
 * one), and every member of U enters it with setns (OWN-1, UNSH-3, UNSH-4, SETNS-4, SETNS-7,
 * NSFD-1).
 *
 * A namespace N owned by U that no member may create (ns-creator-choice.ts: each is banned after
 * closing a cycle, ns-creator-ban.ts, or shares its creator's fs_struct) goes to a holder: forked
 * by the restorer, it enters U and unshares N (UNSH-4). U itself stays with the member chosen to
 * make it, which makes it at its own user-ns switch, after every privileged step of its own: its
 * joins, set_tid creations and execve (SETNS-7, FORK-9). When that member, or a task created
 * before it, joins N first, the order has the cycle "M joins its namespaces -> M enters U (makes
 * it) -> holder H enters U -> H creates N -> M joins its namespaces" (seed 41941: M joins mnt:3,
 * which only a holder makes; seeds 37037, 37453: the member joining N shares its fs_struct with
 * the init of a pid ns whose member makes U). Nothing asks U to be made by a member: a user ns
 * made by a holder is the same namespace to every member entering it (OWN-1: the holder's
 * credentials in U's parent make it; its uid/gid maps are the image's, written from the parent,
 * OWN-6). So a further build lets the holder create U (unshare(CLONE_NEWUSER), UNSH-3) before it
 * makes N, and every member moves into U with setns at its own switch (SETNS-4) while the holder
 * keeps U open (NSFD-1): M's join of N no longer waits for M's own switch.
 *
 * The same holds when the task entering U after the member made it is a pid-ns maker (seed
 * 80314: the maker of init 4 enters user:1, which 5, a member of 4's pid ns, makes at its switch
 * after its joins), or another member (seed 57341, with variant threadPfc: init 33, forked by
 * thread 29 with CLONE_FS, was born making user:3, which its leader 28 enters before creating
 * that thread, SETNS-4 asking a single-threaded caller). An init sharing its creator thread's
 * fs_struct cannot be born making U (CLONE_NEWUSER|CLONE_FS is EINVAL, FORK-4) nor get a maker
 * between them: with U held, its creator forks it from inside U after its switch (build.ts
 * switchFirst; outer pid levels through ns_last_pid, FORK-9).
 *
 * Applied to each user ns U on such a cycle: an edge "user ns U exists before ... enters it"
 * (SETNS-4) out of a member's making of U. U's members then have no creator (no init is born
 * making it, no member unshares it); ensureOwnerHolders gives U the holder of a namespace it
 * owns, else a bare holder, and heldOwnerEdges orders every member's and maker's entry after the
 * holder's birth and before its exit. O(cycle) per round, O(members + makers) per build.
 */
import type { Schedule } from './schedule.js';
import type { BuildContext } from '../graph/build-context.js';
import { newHelperName } from '../creators/sessions.js';
import { tagOf } from '../graph/edge-tags.js';

/**
 * The user namespaces U, not in `done`, that cycle `cyc` goes through from a member's making of
 * U to a holder, a maker or another member entering U. O(cycle).
 */
export function heldOwnersOnCycle(s: Schedule, cyc: number[], done: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const { from, to, edge } of s.cycleEdges(cyc)) {
    if (!/^(?:task|user):\d+$/.test(from.id) || edge?.rule !== 'SETNS-4') continue;
    // (the edges from a member's making of user ns U to a task entering it: a holder
    // (holder-steps.ts addHolderUserEdges), a pid-ns maker (maker-steps.ts) or another member (build.ts))
    const u = tagOf(edge, 'user-ns-exists');
    if (u?.enters && !done.has(u.ns) && !out.includes(u.ns)) out.push(u.ns);
  }
  return out;
}

/**
 * After the namespace creators are chosen (ns-creator-choice.ts): each held owner U that no
 * member creates gets a holder creating it, the one of a namespace U owns, else a bare one
 * (its members need U made by someone, OWN-1). O(held owners).
 */
export function ensureOwnerHolders(ctx: BuildContext): void {
  const { f, holders, nsCreator, helperVectors, alloc } = ctx;
  for (const u of f.heldOwners ?? []) {
    const def = f.nsById.get(u);
    if (!def || def.type !== 'user' || def.external || nsCreator.has(u)) continue;
    const hd = holders.get(u);
    if (hd) { hd.createsUser = true; continue; }
    const name = newHelperName();
    holders.set(u, { name, owner: u, nss: [], createsUser: true, envOwner: false });
    helperVectors.set(name, f.rootPidNsExternal ? [alloc(f.hostPidNs)] : []);
  }
}

/**
 * Each member switching into a held owner U enters it after its holder made it, and the holder
 * keeps U until then (its ns file is the one the member opens, NSFD-1, SETNS-4). O(members).
 */
export function heldOwnerEdges(ctx: BuildContext): void {
  const { f, s, holders, nsMembers, nsCreator, makers } = ctx;
  for (const u of f.heldOwners ?? []) {
    const hd = holders.get(u);
    if (!hd || !hd.createsUser || nsCreator.has(u)) continue;
    for (const mbr of nsMembers.get(u) ?? []) {
      const step = s.at('user', mbr.pid[0]);
      if (step < 0) continue;
      s.edge(`holder:${hd.name}`, step, `holder ${hd.name} makes user ns ${u} before ${mbr.pid[0]} enters it`, 'SETNS-4');
      s.edge(step, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${u} until ${mbr.pid[0]} entered it`, 'NSFD-1');
    }
    // (a pid-ns maker entering U, or U's parent to make its init's new user ns there, OWN-1)
    for (const [tid, mk] of makers) {
      const entered = mk.newUser ? f.nsById.get(mk.owner)?.parent : mk.owner;
      if (entered !== u) continue;
      s.edge(`holder:${hd.name}`, `task:${tid}`, `holder ${hd.name} makes user ns ${u} before maker ${mk.name} enters it`, 'SETNS-4');
      s.edge(`task:${tid}`, `holderexit:${hd.name}`, `holder ${hd.name} keeps ${u} until maker ${mk.name} entered it`, 'NSFD-1');
    }
  }
}
