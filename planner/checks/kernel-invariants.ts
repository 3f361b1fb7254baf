/**
 * Facts no sequence of clone/unshare/setns/execve/exit produces: proofs of impossibility from
 * invariants the kernel keeps for every task, checked before planning (each null when the image
 * keeps them, or when a fact it needs is unknown):
 * - a pid-ns init's user ns is its pid ns's owner or below it: the init is born from the task
 *   whose unshare(CLONE_NEWPID) recorded that owner, or by clone3 with CLONE_NEWPID (owner = the
 *   child's user ns), and credentials only move down the user-ns tree (OWN-1, UNSH-5, FORK-7,
 *   SETNS-4, UNSH-3, OWN-2);
 * - processes sharing an address space share their time ns: a CLONE_VM child stays in its
 *   creator's time ns, setns into a time ns fails EUSERS while another process uses the mm,
 *   unshare(CLONE_NEWTIME) changes only time_for_children, and only execve drops the mm
 *   (FORK-7, FORK-8, SETNS-6, UNSH-6);
 * - a task whose time_for_children T differs from its time ns got it from the unshare (or
 *   clone3 CLONE_VM|CLONE_NEWTIME) that created T, directly or through CLONE_VM/CLONE_THREAD
 *   clones that keep the nsproxy, since setns and execve make time and time_for_children equal:
 *   so it is in T's owner user ns or below (OWN-1, SETNS-4), and every task holding T that way
 *   still uses the address space the creator of T had then (only execve changes an mm, and it
 *   enters T) (UNSH-6, FORK-7, FORK-8, SETNS-6).
 * O(tasks x user-ns depth + namespaces + nsproxies).
 */
import type { Image, Task } from '../../model/image.js';
import type { Impossibility } from '../api.js';
import { invisibleGroupChildLimit } from './invisible-group-child.js';

const live = (t: Task) => t.nsproxy !== null && (t.state === 'running' || t.state === 'stopped');

/** Is user ns `a` the same as `b` or below it? undefined when a chain is broken (no verdict). */
export function userSameOrBelow(parents: Map<string, string | null>, a: string, b: string): boolean | undefined {
  let cur: string | null | undefined = a;
  for (let i = 0; i <= parents.size && cur; i++) {
    if (cur === b) return true;
    if (!parents.has(cur)) return undefined;
    cur = parents.get(cur);
  }
  return cur === null ? false : undefined;
}

export function userParents(image: Image): Map<string, string | null> {
  return new Map(image.namespaces.filter((n) => n.type === 'user').map((n) => [n.id, n.parent ?? null]));
}

/** The owner of a non-user ns, or undefined when unknown or the root user ns (no verdict). */
export function ownerOf(image: Image, parents: Map<string, string | null>, id: string): string | undefined {
  const n = image.namespaces.find((x) => x.id === id);
  if (!n?.owner || !parents.has(n.owner) || parents.get(n.owner) === null) return undefined;
  return n.owner;
}

/** A pid-ns init (innermost number 1) in a user ns that is neither its pid ns's owner nor below it. O(tasks x depth). */
export function initUserNsLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const pidns = new Map(image.namespaces.filter((n) => n.type === 'pid').map((n) => [n.id, n]));
  for (const t of image.tasks) {
    if (t.pid[t.pid.length - 1] !== 1 || t.pid[0] !== t.tgid || !t.userns) continue;
    const ns = pidns.get(t.pidns);
    if (!ns || ns.external || !ns.parent) continue;
    const owner = ownerOf(image, parents, ns.id);
    if (!owner || userSameOrBelow(parents, t.userns, owner) !== false) continue;
    return {
      rule: 'OWN-1', culprits: [t.pid[0]],
      chain: [
        `Task ${t.pid[0]} is pid 1 of pid namespace ${ns.id}, so it is the first task born in it, its init (UNSH-5, FORK-7).`,
        `${ns.id} is owned by user ns ${owner}: it was made by unshare(CLONE_NEWPID) by a task whose credentials were in ${owner} then, or by clone3 with CLONE_NEWPID for a child born in ${owner} (OWN-1, FORK-7).`,
        `Its file cannot be opened before it has an init (UNSH-5), so the init is that unsharer's child (born in the unsharer's user ns, which is ${owner} or below it since credentials only move down) or that clone3's child (born in ${owner}).`,
        'Credentials only move down the user-namespace tree: setns needs CAP_SYS_ADMIN in the target, which no task has in an ancestor or a sibling of its own user ns, and unshare(CLONE_NEWUSER) makes a child (SETNS-4, UNSH-3, OWN-2).',
        `So the init of ${ns.id} is in ${owner} or below it, never in ${t.userns}, which the image says task ${t.pid[0]} is in: no plan exists.`,
      ],
      message: `task ${t.pid[0]}, the init of pid ns ${ns.id} (owned by ${owner}), is in user ns ${t.userns}, which is not ${owner} or below it`,
    };
  }
  return null;
}

/** Live tasks sharing an mm in different time namespaces. O(tasks). */
export function mmTimeLimit(image: Image): Impossibility | null {
  const timeOf = new Map(image.nsproxies.map((p) => [p.id, p.time]));
  const first = new Map<string, { pid: number; time: string }>();
  for (const t of image.tasks) {
    if (!live(t) || t.mm === null) continue;
    const time = timeOf.get(t.nsproxy!);
    if (time === undefined) continue;
    const prev = first.get(t.mm);
    if (!prev) { first.set(t.mm, { pid: t.pid[0], time }); continue; }
    if (prev.time === time) continue;
    return {
      rule: 'SETNS-6', culprits: [prev.pid, t.pid[0]],
      chain: [
        `Tasks ${prev.pid} and ${t.pid[0]} share address space ${t.mm}, which only clone with CLONE_VM (or CLONE_THREAD) gives; only execve replaces an mm (FORK-2).`,
        'A CLONE_VM child stays in its creator\'s active time namespace whatever time_for_children says (FORK-7, FORK-8).',
        'Afterwards neither can change its time namespace: setns into a time ns fails with EUSERS while another task uses the mm (SETNS-6), and unshare(CLONE_NEWTIME) changes only time_for_children (UNSH-6).',
        `So they are in one time namespace, but the image puts ${prev.pid} in ${prev.time} and ${t.pid[0]} in ${time}: no plan exists.`,
      ],
      message: `tasks ${prev.pid} and ${t.pid[0]} share address space ${t.mm} but are in different time namespaces ${prev.time} and ${time}`,
    };
  }
  return null;
}

/** Holders of a time_for_children that differs from their time ns: owner and one mm. O(tasks x depth). */
export function timeForChildrenLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const slots = new Map(image.nsproxies.map((p) => [p.id, p]));
  const holder = new Map<string, Task>();
  for (const t of image.tasks) {
    const p = live(t) ? slots.get(t.nsproxy!) : undefined;
    if (!p || p.time === p.timeForChildren) continue;
    const tfc = p.timeForChildren;
    const owner = ownerOf(image, parents, tfc);
    if (owner && t.userns && userSameOrBelow(parents, t.userns, owner) === false) {
      return {
        rule: 'UNSH-6', culprits: [t.pid[0]],
        chain: [
          `Task ${t.pid[0]} is in time ns ${p.time} with time_for_children ${tfc}, a different one.`,
          `setns into a time ns sets both to the target (SETNS-6), a fork without CLONE_VM enters the time_for_children (FORK-7) and execve does too (FORK-8): only the unshare(CLONE_NEWTIME) or clone3(CLONE_VM|CLONE_NEWTIME) that created ${tfc} leaves them different, and CLONE_VM or CLONE_THREAD clones pass that on unchanged (UNSH-6, FORK-7).`,
          `${tfc} is owned by user ns ${owner}: its creator's credentials were in ${owner} (OWN-1), and credentials only move down the user-namespace tree (SETNS-4, UNSH-3, OWN-2).`,
          `So task ${t.pid[0]} is in ${owner} or below it, never in ${t.userns}, which the image says: no plan exists.`,
        ],
        message: `task ${t.pid[0]} has time_for_children ${tfc} (not its time ns ${p.time}) but is in user ns ${t.userns}, which is not ${tfc}'s owner ${owner} or below it`,
      };
    }
    const prev = holder.get(tfc);
    if (!prev) { holder.set(tfc, t); continue; }
    const pt = slots.get(prev.nsproxy!)!.time;
    const mmDiffers = prev.mm !== null && t.mm !== null && prev.mm !== t.mm;
    if (pt === p.time && !mmDiffers) continue;
    const why = pt !== p.time ? `time namespaces ${pt} and ${p.time}` : `address spaces ${prev.mm} and ${t.mm}`;
    return {
      rule: 'UNSH-6', culprits: [prev.pid[0], t.pid[0]],
      chain: [
        `Tasks ${prev.pid[0]} and ${t.pid[0]} both have time_for_children ${tfc}, which differs from their time ns.`,
        `setns into a time ns sets both to the target (SETNS-6), a fork without CLONE_VM enters the time_for_children (FORK-7) and execve does too (FORK-8): only the one call that created ${tfc} (unshare(CLONE_NEWTIME), or clone3 with CLONE_VM|CLONE_NEWTIME) leaves them different, and only CLONE_VM or CLONE_THREAD clones pass that on (UNSH-6, FORK-7).`,
        'Those clones share the address space and the time ns of their creator, and a task keeps both until its execve, which moves it into its time_for_children (FORK-8, SETNS-6).',
        `So every task holding ${tfc} this way is in the time ns and uses the address space that ${tfc}'s creator had, but the image gives these two ${why}: no plan exists.`,
      ],
      message: `tasks ${prev.pid[0]} and ${t.pid[0]} both have time_for_children ${tfc}, not their time ns, but have different ${why}`,
    };
  }
  return null;
}

/**
 * A process in the session of a pid-ns init I (I called setsid) whose parent is outside I's pid ns
 * N and its descendants. Every task of that session descends by creation from I after its setsid
 * (a session is never joined, only inherited at birth or made by setsid: SID-2, FORK-6), so lives
 * in N or below (a task creates children only in its active pid ns or below: UNSH-5, SETNS-5);
 * a child's parent is its creator, its creator's parent (CLONE_PARENT, CLONE_THREAD: refused, or
 * a thread, in I's own group, FORK-3, FORK-2), or, once orphaned, a thread, subreaper or init of
 * its old parent's pid ns (EXIT-2): so only I's own process ever has a parent outside N. Only for
 * an N the restore creates (not the environment's), whose init is alive (its number 1 in N is
 * given once: PID-7, PID-8). O(tasks x pid-ns depth).
 */
export function initSessionParentLimit(image: Image): Impossibility | null {
  const pidns = new Map(image.namespaces.filter((n) => n.type === 'pid').map((n) => [n.id, n]));
  /** is pid ns a N or below it? undefined when the chain is broken */
  const within = (a: string, n: string): boolean | undefined => {
    let cur: string | null | undefined = a;
    for (let i = 0; i <= pidns.size && cur; i++) {
      if (cur === n) return true;
      if (!pidns.has(cur)) return undefined;
      cur = pidns.get(cur)!.parent ?? null;
    }
    return cur === null ? false : undefined;
  };
  const procs = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  for (const init of procs.values()) {
    if (init.pid[init.pid.length - 1] !== 1 || init.pid.length < 2 || (init.state !== 'running' && init.state !== 'stopped')) continue;
    if (init.sid.length === 0 || init.sid[0] !== init.pid[0]) continue;
    const ns = pidns.get(init.pidns);
    if (!ns || ns.external || !ns.parent) continue;
    for (const x of procs.values()) {
      if (x === init || x.sid.length === 0 || x.sid[0] !== init.pid[0]) continue;
      const parent = x.ppid === 0 ? undefined : procs.get(x.ppid);
      if (x.ppid !== 0 && !parent) continue;
      // the restorer (ppid 0) is outside every pid ns the restore creates
      const inside = parent ? within(parent.pidns, ns.id) : false;
      if (inside !== false) continue;
      const who = parent ? `${x.ppid}, in pid ns ${parent.pidns}` : 'the restorer';
      return {
        rule: 'SID-2', culprits: [x.tgid, init.tgid],
        chain: [
          `Task ${init.tgid} is pid 1 of pid ns ${ns.id}, its init, and the leader of session ${init.pid[0]}: it made that session with setsid, a session is only ever made by the task whose pid is its number (SID-2; number 1 in ${ns.id} is only ever its init's, PID-7, PID-8).`,
          'A session is never joined: a process is in the session of the task that created it (CLONE_PARENT included) or in the one its own setsid made (FORK-6, FORK-3, SID-2). So every other task of that session was created by a task of that session, and all of them descend by creation from the init.',
          `A task creates children only in its active pid ns or below it (UNSH-5, SETNS-5), so every task of session ${init.pid[0]} is in ${ns.id} or below it.`,
          `A child's parent is its creator, or its creator's parent with CLONE_PARENT, which the init's process cannot use (FORK-3); after its parent exits, a thread of that parent, a subreaper in the parent's own pid ns or that pid ns's init (EXIT-2): all in ${ns.id} or below for a parent there. So no process of the session but the init's own has a parent outside ${ns.id} and its descendants.`,
          `The image gives process ${x.tgid}, of session ${init.pid[0]}, the parent ${who}, outside ${ns.id}: no plan exists.`,
        ],
        message: `process ${x.tgid} is in session ${init.pid[0]} of pid-ns init ${init.tgid} (${ns.id}) but its parent ${who} is outside ${ns.id}`,
      };
    }
  }
  return null;
}

/**
 * Processes that must each be born before the next, round a cycle. A process's parent was born
 * before it: at its birth its parent is its creator or its creator's parent (CLONE_PARENT,
 * FORK-3), both existing then, and an orphan's new parent is a thread of the same process, an
 * ancestor of the old parent (a subreaper) or the init of the old parent's pid ns, the first task
 * ever created there (EXIT-2, PID-8). A process in a session it does not lead was born in it (it
 * never called setsid: that makes its own pid the session, SID-2; a session is never joined,
 * FORK-6), after the session's leader, the process whose pid is the session's number, made it
 * (SID-2; that number stays reserved while the session has a member, PID-3, SID-3, so no other
 * process had it). A cycle of "born before" is a contradiction. O(processes).
 */
export function birthOrderLimit(image: Image): Impossibility | null {
  const procs = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  // edges: earlier -> later, with why
  const out = new Map<number, Array<{ to: number; why: string; rule: string }>>();
  const add = (a: number, b: number, why: string, rule: string) => {
    if (!out.has(a)) out.set(a, []);
    out.get(a)!.push({ to: b, why, rule });
  };
  for (const x of procs.values()) {
    if (x.ppid !== 0 && procs.has(x.ppid) && x.ppid !== x.tgid) add(x.ppid, x.tgid, `${x.ppid} is the parent of ${x.tgid}, so it was born before it`, 'EXIT-2');
    const s = x.sid[0];
    const leader = procs.get(s);
    if (s !== undefined && s !== x.tgid && leader && leader.sid[0] === s) add(s, x.tgid, `${x.tgid} is in session ${s}, which it does not lead, so it was born in it, after ${s} made it with setsid`, 'SID-2');
  }
  // Kahn: what is left lies on or after a cycle; walk back along incoming edges inside it
  const indeg = new Map<number, number>();
  for (const t of procs.keys()) indeg.set(t, 0);
  for (const es of out.values()) for (const e of es) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const queue = [...indeg].filter(([, d]) => d === 0).map(([t]) => t);
  while (queue.length > 0) {
    const t = queue.pop()!;
    for (const e of out.get(t) ?? []) {
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  const left = new Set([...indeg].filter(([, d]) => d > 0).map(([t]) => t));
  if (left.size === 0) return null;
  const into = new Map<number, { from: number; why: string; rule: string }>();
  for (const [a, es] of out) if (left.has(a)) for (const e of es) if (left.has(e.to) && !into.has(e.to)) into.set(e.to, { from: a, why: e.why, rule: e.rule });
  // every node left has an incoming edge from a node left: walking back closes a cycle
  let cur = left.values().next().value as number;
  const seen = new Map<number, number>();
  const path: number[] = [];
  while (!seen.has(cur)) { seen.set(cur, path.length); path.push(cur); cur = into.get(cur)!.from; }
  const cycle = path.slice(seen.get(cur)!).reverse();
  const steps = cycle.map((_, i) => into.get(cycle[(i + 1) % cycle.length])!);
  const rules = [...new Set(steps.map((e) => e.rule))];
  return {
    rule: rules.includes('SID-2') ? 'SID-2' : 'EXIT-2', culprits: cycle,
    chain: [
      'A process\'s parent was born before it: at birth its parent is its creator or, with CLONE_PARENT, its creator\'s parent (FORK-3); an orphan\'s new parent is a thread of the same process, an ancestor of its old parent (a subreaper) or the init of the old parent\'s pid ns, the first task created there (EXIT-2, PID-8).',
      'A process in a session it does not lead never called setsid (that makes its own pid the session) and cannot join one, so it was born in it, after the session\'s leader made it (SID-2, FORK-6); the session\'s number stays reserved while it has members, so that leader is the process with that pid (PID-3, SID-3).',
      ...steps.map((e) => `${e.why} (${e.rule}).`),
      `So each of ${cycle.join(', ')} was born before the next and the last before the first: no plan exists.`,
    ],
    message: `processes ${cycle.join(', ')} must each be born before the next, round a cycle (${steps.map((e) => e.why).join('; ')})`,
  };
}

/** The first of the invariants above that the image breaks. */
export function kernelInvariantLimit(image: Image): Impossibility | null {
  return initUserNsLimit(image) ?? mmTimeLimit(image) ?? timeForChildrenLimit(image) ?? initSessionParentLimit(image) ?? birthOrderLimit(image) ?? invisibleGroupChildLimit(image);
}
