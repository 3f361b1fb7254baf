/**
 * Re-plan attempt `initJoinBirthNeeds` (index.ts, with `initJoinHelpers`, after the other
 * initJoinHelpers attempts, kept only when it verifies; Facts.initJoinBirthNeeds, build.ts
 * inheritedBirthNeeds): a child of a pid-ns init puts no birth needs on its creator, since an
 * init-join helper (init-join-helper.ts) may fork it holding what it needs.
 *
 * birth-needs.ts makes a creator be born in the namespaces a child it forks can only inherit
 * (FORK-7; SETNS-3..7, OWN-2 for the child's user ns). For an init born in a new user ns
 * (CLONE_NEWUSER, FORK-9) whose own final namespace in that slot is owned outside it, that need is
 * fatal: born in the child's namespace, the init can never join its own (the emitter refused it).
 * The child, though, need not come from the init: a helper of a task with rights over the
 * namespace joins it, enters the child's user ns and forks it in the init's pid ns, then exits, so
 * the child reparents to the init (EXIT-2), as the kernel history did. Without the child's need,
 * the init is born in its own namespaces; the emitter forks the child through such a helper when
 * the init cannot give it what it needs. Seed 76913: init 28 (user:2, dead leader whose thread 42
 * is in ipc:1, owned by user:0) was made to be born in ipc:0 for its child 288; now 28 is born in
 * ipc:1 and a helper forked by 2 (in ipc:0) enters user:2 and forks 288. O(1) per process.
 */
import type { Facts } from '../facts/facts.js';

/** Does the attempt drop the birth needs of child `q`, whose image parent is its pid ns's init (`initChild`)? */
export function initChildNeedsNothing(f: Facts, initChild: boolean): boolean {
  return f.initJoinBirthNeeds === true && f.initJoinHelpers === true && initChild;
}
