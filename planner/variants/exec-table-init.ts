/**
 * Gate of the re-plan variant `groupJoiners` with `unshareInits`, marked `execTableInits` (index.ts VARIANTS;
 * UNSH-5, SETNS-5, FORK-4, FORK-9, EXIT-1): an image with an execve'd process that shares the fd
 * table its execve gave with a child that is the init of another pid ns.
 *
 * Such a child is forked with CLONE_FILES after its creator's execve (FORK-4: the table is the
 * one the execve left). When the creator's credentials lose their capabilities at the execve (uid
 * 0 of its user ns unmapped: cap_bprm_creds_from_file), it can neither clone(CLONE_NEWPID) nor
 * setns(pid) after it (SETNS-5), while setns(pid) before it needs the init to exist already
 * (NSFD-1): an ordering cycle (seed 108908: init 64 of pid:10 and 315, init of pid:11 sharing its
 * table). unshareInits (ordering/unshare-init.ts) makes the creator unshare(CLONE_NEWPID) while
 * privileged, before its execve (UNSH-5: its pid_for_children becomes the new pid ns, itself
 * unchanged), and the child it forks after the execve is that ns's init without any capability.
 * groupJoiners (creators/group-joiner.ts) is what the same seed's session answer (a member no
 * task of its session can create, in a group its pid ns cannot see) needs besides. The plan is
 * verified on replay; kept only when it plans. O(tasks).
 */
import type { Image } from '../../model/image.js';

/** Does the image hold an execve'd process whose fd table a child, a pid-ns init in another pid ns, shares? O(tasks). */
export function anyExecTableInit(image: Image): boolean {
  const lead = new Map(image.tasks.filter((t) => t.pid[0] === t.tgid).map((t) => [t.tgid, t]));
  return image.tasks.some((c) => {
    if (c.pid[0] !== c.tgid || c.pid[c.pid.length - 1] !== 1 || c.files === null) return false;
    const p = lead.get(c.ppid);
    return p !== undefined && p.execed === true && p.files === c.files && p.pidns !== c.pidns;
  });
}
