/**
 * A proof of impossibility (a kernel invariant, checked before planning): a child in a group its
 * pid ns cannot see, under a parent that can never have been in that group.
 *
 * Rules (docs/kernel-rules.md): PGID-2 (setpgid targets only the caller or a child of the
 * caller's process, and a group with no number in the caller's pid ns cannot be named: EPERM),
 * PID-4 (a struct pid with k numbers is seen only at levels < k), FORK-1/FORK-3 (a child is born
 * in its creator's group and, with CLONE_PARENT/CLONE_THREAD, has its creator's parent; the child
 * lives in its creator's pid_for_children, at the creator's level or deeper: UNSH-5, SETNS-5),
 * SID-2 (setsid makes the caller's own pid its group), EXIT-2 (an orphan goes to a thread of its
 * old parent's process, a subreaper ancestor at the old parent's level, or the init of the old
 * parent's pid ns; so a process's parent stays at one pid-ns level all its life).
 *
 * Image shape: process T at level L >= 1 in group G whose pgid vector has at most L numbers (no
 * number at level L); T's parent P is at level L (P is not an init: its own parent Q is at level
 * L too), and P's group G_P differs from G and has no number at level L either.
 * Why no plan exists:
 * 1. P's parents are all at level L (EXIT-2), so every setpgid that ever moved P was made at
 *    level L, where G_P cannot be named (PGID-2, PID-4), and a setsid makes a visible group: P
 *    never moved, it was in G_P from its birth to the end, never in G.
 * 2. Let D be the processes at level L whose parent chain reaches P. No member of D is ever in G:
 *    a child at level L whose parent is in P or D was forked by that parent (its group) or
 *    CLONE_PARENTed by a child of it at level L (a member of D, its group); setpgid on a member
 *    of D is made by itself or its parent, both at level L, which cannot name G; setsid makes a
 *    visible group; an orphan adopted by P or D had its old parent at level L below the adopter
 *    (a thread or subreaper), so was in D already, and no init of a level-L pid ns is in P or D
 *    (an init's parent is at a lower level: its creator lived outside its new pid ns).
 * 3. T, a child of P at level L, is in D at the end, and in G: a contradiction.
 * Sound for every image it fires on: it uses only the image's own numbers, levels and parents.
 * O(processes).
 */
import type { Image } from '../../model/image.js';
import type { Impossibility } from '../api.js';

export function invisibleGroupChildLimit(image: Image): Impossibility | null {
  const procs = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  for (const t of procs.values()) {
    const level = t.pid.length - 1;
    if (level < 1 || t.pgid.length === 0 || t.pgid.length > level) continue;
    const p = t.ppid !== 0 && t.ppid !== t.tgid ? procs.get(t.ppid) : undefined;
    if (!p || p.pid.length - 1 !== level || p.pidns !== t.pidns) continue;
    const q = p.ppid !== 0 && p.ppid !== p.tgid ? procs.get(p.ppid) : undefined;
    if (!q || q.pid.length - 1 !== level || q.pidns !== t.pidns) continue;
    if (p.pgid.length === 0 || p.pgid.length > level || p.pgid[0] === t.pgid[0]) continue;
    const g = t.pgid[0];
    const gp = p.pgid[0];
    return {
      rule: 'PGID-2', culprits: [t.tgid, p.tgid, q.tgid],
      chain: [
        `Process ${t.tgid} is at pid-ns level ${level} (${t.pidns}) in group ${g}, which has no number at that level (its pgid has ${t.pgid.length}), so no task at level ${level} can name it to setpgid (PGID-2, PID-4).`,
        `Its parent ${p.tgid} is at level ${level} too, and so is ${p.tgid}'s parent ${q.tgid}: a process's parent stays at one level all its life, since an orphan goes to a thread of its old parent, a subreaper ancestor at the old parent's level or the init of the old parent's pid ns (EXIT-2). Every setpgid that moved ${p.tgid} was made by ${p.tgid} or its parent, at level ${level}, and a setsid makes a visible group (PGID-2, SID-2).`,
        `${p.tgid}'s group ${gp} has no number at level ${level} either, so ${p.tgid} was never moved into it: it was in group ${gp} from its birth to the end, never in group ${g}.`,
        `A process at level ${level} whose parent is ${p.tgid} or one of its level-${level} descendants was forked by that parent (in its group) or CLONE_PARENTed by a level-${level} child of it (in that child's group) (FORK-1, FORK-3; a child lives at its creator's level or deeper); setpgid on it is made at level ${level}, which cannot name group ${g}; an orphan adopted there was already a level-${level} descendant of ${p.tgid}, and no pid-ns init is one (an init's parent lives at a lower level) (EXIT-2). So none of them is ever in group ${g}.`,
        `The image puts ${t.tgid}, a child of ${p.tgid} at level ${level}, in group ${g}: no plan exists.`,
      ],
      message: `process ${t.tgid} (level ${level}) is in group ${g}, invisible at its level, but its parent ${p.tgid} is at its level, under a parent (${q.tgid}) at its level, in group ${gp}, also invisible there: no level-${level} descendant of ${p.tgid} can ever be in group ${g}`,
    };
  }
  return null;
}
