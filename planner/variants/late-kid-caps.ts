/**
 * A child created late (after its creator's user-ns switch, or by a creator that never switches,
 * in a further build) keeps its "before the creator's execve" order when it makes a namespace
 * (re-plan variant `lateKidCaps`).
 *
 * Rules: cap_bprm_creds_from_file (execve keeps capabilities only when the euid is the root of the
 * task's user ns), FORK-1 (a child's credentials are its creator's at fork), UNSH-4 / OWN-3
 * (making a namespace needs CAP_SYS_ADMIN in the maker's user ns), FORK-9 / PID-6 (set_tid needs
 * the capability; ns_last_pid written by a privileged task serves instead).
 *
 * build.ts leaves a child that a further build moved after the switch (exec-order.ts) unordered
 * against the execve of a creator that never switches: what the capability served there is the
 * child's pid numbers, which ns_last_pid names as well once execve dropped it (seed 700). A child
 * that itself makes a namespace (build.ts nsCreator) inherits no capability from a creator that
 * lost it, and the emitter stopped: seed 28122, 13 execve'd in user:1 (no uid 0 mapped), then
 * forked 20, which must unshare mnt:1 (UNSH-4). In the history 20 was forked before that execve.
 * In the variant the child keeps the SET_TID_BEFORE_EXEC edge of build.ts. O(namespaces) once.
 */
import type { StepContext } from '../graph/build-context.js';
import type { PlannedTask as Task } from '../checks/unknowns.js';

const makers = new WeakMap<StepContext, Set<Task>>();

/** In the variant: does `child` make a namespace, so it must be forked while its creator is still capable? */
export function lateKidNeedsCaps(ctx: StepContext, child: Task): boolean {
  if (ctx.f.lateKidCaps !== true) return false;
  let set = makers.get(ctx);
  if (!set) makers.set(ctx, (set = new Set(ctx.nsCreator.values())));
  return set.has(child);
}
