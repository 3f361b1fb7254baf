/**
 * A proof of impossibility (a kernel invariant, checked before planning): a task pinned to its user
 * ns by a shared fs_struct cannot have forked a task holding a namespace owned outside that user
 * ns's subtree that it did not hold itself.
 *
 * The pin (docs/kernel-rules.md): task T holds fs_struct F at the end, and so does a live proper
 * ancestor S of T (by parent links; a task's parent at any time was born before it: its creator's
 * choice, a subreaper ancestor or its pid ns's init). A task gets an fs_struct only at its birth
 * (CLONE_FS) or by copying its own (unshare of CLONE_FS, CLONE_NEWNS, CLONE_NEWUSER: UNSH-1), so T
 * got F at its birth and S held F then already: F had two users for all of T's life. setns into a
 * user ns refuses a shared fs_struct (SETNS-4), unshare(CLONE_NEWUSER) would have copied it (UNSH-1)
 * and clone refuses CLONE_NEWUSER with CLONE_FS (FORK-7): T's credentials were in its end user ns U
 * all its life.
 *
 * The family: a task whose parent chain up to T passes only through tasks that are not pid-ns
 * inits (T included) was created by T, a thread of T, or, through CLONE_PARENT and subreaper
 * reparenting, by another such task (FORK-3, EXIT-2: an orphan goes to a live thread of its parent,
 * then to a subreaper ancestor at its parent's pid level, which already was its ancestor, or to its
 * pid ns's init, the only way in from outside). So the family is T's creation closure, and its
 * tasks never have credentials outside U's subtree (OWN-2, SETNS-4, UNSH-3): a namespace owned
 * outside that subtree reaches them only by inheritance from T's birth namespaces, counted by
 * outside-ns-inheritance.ts; and none can end in a user ns outside the subtree.
 *
 * Only for U known and not the root user ns. O(tasks x depth) for the ancestor walks of fs
 * sharers, plus one walk of each pinned task's family, all under a budget of a few visits per
 * task, past which the proof gives no verdict (it stays sound, never wrong).
 */
import type { Image, NsProxy, Task } from '../../model/image.js';
import type { Impossibility } from '../api.js';
import { userParents, userSameOrBelow } from './kernel-invariants.js';
import { outsideNsConflict } from './outside-ns-inheritance.js';

const live = (t: Task): boolean => t.nsproxy !== null && (t.state === 'running' || t.state === 'stopped');
/** pid 1 of its innermost pid ns: the reaper orphans of that ns go to (EXIT-2) */
const isInit = (t: Task): boolean => t.pid[t.pid.length - 1] === 1;

export function fsPinnedForksLimit(image: Image): Impossibility | null {
  const parents = userParents(image);
  const byId = new Map(image.namespaces.map((n) => [n.id, n]));
  const nsproxy = new Map(image.nsproxies.map((p) => [p.id, p]));
  const leaders = new Map<number, Task>();
  const threads = new Map<number, Task[]>();
  const children = new Map<number, Task[]>();
  const fsHolders = new Map<string, Set<number>>();
  for (const x of image.tasks) {
    (threads.get(x.tgid) ?? threads.set(x.tgid, []).get(x.tgid)!).push(x);
    if (x.pid[0] !== x.tgid) continue;
    leaders.set(x.tgid, x);
    (children.get(x.ppid) ?? children.set(x.ppid, []).get(x.ppid)!).push(x);
  }
  // leaders only: an ancestor's thread may have been born after T (EXIT-2 keeps ppid at the tgid)
  for (const x of leaders.values()) {
    if (x.fs && live(x)) (fsHolders.get(x.fs) ?? fsHolders.set(x.fs, new Set()).get(x.fs)!).add(x.tgid);
  }
  let budget = 8 * image.tasks.length + 1000;
  for (const t of leaders.values()) {
    if (!live(t) || !t.fs || !t.userns || isInit(t)) continue;
    const holders = fsHolders.get(t.fs)!;
    if (holders.size < 2) continue;
    const u = t.userns;
    if (!parents.has(u) || parents.get(u) === null) continue;
    // the pin: a live proper ancestor holding the same fs_struct
    let s: Task | undefined;
    for (let a = leaders.get(t.ppid); a && budget-- > 0; a = leaders.get(a.ppid)) {
      if (holders.has(a.tgid)) { s = a; break; }
    }
    if (budget <= 0) return null;
    if (!s) continue;
    // the family: T's group, then children through non-init tasks, T first
    const family: Array<{ task: Task; np: NsProxy }> = [];
    const members: Task[] = [];
    const queue = [t];
    for (let i = 0; i < queue.length; i++) {
      if (budget-- <= 0) return null;
      const g = queue[i];
      for (const x of threads.get(g.tgid) ?? []) {
        members.push(x);
        const np = x.nsproxy ? nsproxy.get(x.nsproxy) : undefined;
        if (np) family.push({ task: x, np });
      }
      if (g === t || !isInit(g)) queue.push(...(children.get(g.tgid) ?? []));
    }
    const escaped = members.find((x) => x.userns && userSameOrBelow(parents, x.userns, u) === false);
    const pin = `Task ${t.tgid} shares fs_struct ${t.fs} with its ancestor ${s.tgid}, which held it before ${t.tgid} was born; ${t.tgid} got it at birth (CLONE_FS) and could never drop and regain it, so it had two users all of ${t.tgid}'s life: setns into a user ns needs an unshared fs_struct (SETNS-4), unshare(CLONE_NEWUSER) copies it (UNSH-1), so ${t.tgid} was in user ns ${u} all its life.`;
    const fam = `Every task whose parent chain reaches ${t.tgid} through tasks that are not pid-ns inits was created by ${t.tgid}, its threads or another such task (FORK-3: CLONE_PARENT; EXIT-2: orphans go to a thread, a subreaper ancestor or the pid ns's init), so it was in ${u} or below all its life (OWN-2, SETNS-4, UNSH-3).`;
    if (escaped) {
      return {
        rule: 'OWN-2', culprits: [escaped.pid[0], t.tgid, s.tgid],
        chain: [pin, fam, `Task ${escaped.pid[0]} is such a task but ends in user ns ${escaped.userns}, outside ${u}'s subtree: no plan exists.`],
        message: `task ${escaped.pid[0]} ends in user ns ${escaped.userns}, but it descends from ${t.tgid}, which its shared fs_struct ${t.fs} (with ${s.tgid}) pinned to ${u}, outside whose subtree no task it forks can go`,
      };
    }
    const outside = (id: string): boolean => {
      const o = byId.get(id)?.owner;
      return !!o && userSameOrBelow(parents, o, u) === false;
    };
    const c = outsideNsConflict(family, outside);
    if (!c) continue;
    const owner = (n: string): string => byId.get(n)?.owner ?? '?';
    const by = [...new Set(c.holds.map((h) => h.by))];
    return {
      rule: 'SETNS-7', culprits: [...new Set([...[...by].reverse(), t.tgid, s.tgid])],
      chain: [
        pin, fam,
        `Such a task can neither join a namespace of type ${c.type} owned outside ${u}'s subtree (SETNS-3, SETNS-6, SETNS-7) nor create one (OWN-1): it inherits it, from the namespaces ${t.tgid} was born with, which ${t.tgid} could not re-enter once it left them: ${c.why}.`,
        `The image gives ${c.holds.map((h) => `task ${h.by} ${h.id} (${h.slot}, owned by ${owner(h.id)})`).join(' and ')}: no plan exists.`,
      ],
      message: `task ${t.tgid}, pinned to user ns ${u} by fs_struct ${t.fs} shared with its ancestor ${s.tgid}, and the tasks it forks hold ${c.holds.length === 2 ? 'two' : 'three'} ${c.type} namespaces owned outside ${u}'s subtree (${c.holds.map((h) => h.id).join(', ')}); only its birth ${c.type === 'time' ? 'time namespaces' : 'one'} can reach them`,
    };
  }
  return null;
}
