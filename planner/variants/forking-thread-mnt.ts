/**
 * The thread that forks a CLONE_FS child settles its mount ns before the fork (re-plan variant
 * `forkingThreadMnt`, with `shares` and `keptStandIns`).
 *
 * Rules: FORK-4 (a CLONE_FS child shares the fs_struct of the thread that forks it, not its
 * leader's: threads created without CLONE_FS hold copies of their own, FORK-2), SETNS-3
 * (setns(mnt) is refused while the fs_struct is shared: the child cannot join its mount ns once
 * born, nor the thread once it forked it), UNSH-1/UNSH-4 (an unshare(CLONE_NEWNS) would copy the
 * fs_struct away from the child), FORK-7 (the child is born in the forking thread's mount ns).
 *
 * fs-relays.ts addFsShareEdges orders "the creator joins (or makes) its mount ns before sharing
 * its fs_struct with the child" when the creator process's leader holds what the child shares.
 * When thread-creators.ts creatorThread has the child forked by another thread T of that process,
 * because T holds the fs_struct (or fd table) the child shares, the leader's fs_struct is not the
 * child's and no edge was made: T forked the child from whatever mount ns it had then, and the
 * child was asked to join its own later (seeds 42421: thread 49 of 16, in mnt:0 while 16 is in
 * mnt:3, forks 9 with CLONE_FS; 40875: thread 29's fs_struct is its CLONE_FS child's). Here T
 * stands for the creator in those edges: its mount-ns join step, or its making of the mount ns,
 * comes before the fork, as in the history, where T was in that mount ns when it forked.
 *
 * The variant also has `keptStandIns` (dead-leader-kept.ts): a dead leader child stands for the
 * fs_struct its threads keep, so the same edges order its creator's mount ns before it (seeds
 * 47325, 62274: dead leader 9 shares fs:1 with its creator 11, which made mnt:1 after forking it).
 * One lookup per process (creatorThread is memoised). Edges only: a cycle they close leaves the
 * attempt undecided; every plan is replayed on the simulated kernel.
 */
import type { StepContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

/**
 * The task that holds the fs_struct `child` (a process leader) shares when `by` creates it: the
 * thread of by's process that forks it, when that thread holds another fs_struct than `cr` (by
 * itself); else cr. Only in the variant. O(1) amortised.
 */
export function forkingFsHolder(ctx: StepContext, by: string, child: Task, cr: Task | undefined): Task | undefined {
  if (ctx.f.forkingThreadMnt !== true || !cr) return cr;
  const th = ctx.creatorThread(by, child);
  return th && th !== cr && ctx.eff(th).fs !== null && ctx.eff(th).fs !== ctx.eff(cr).fs ? th : cr;
}
