/**
 * Unknown facts the planner does not guess (model/image.ts: null = unknown). A task's user
 * namespace (its credentials) decides which namespaces it may create or enter and where set_tid
 * works for it (OWN-1, OWN-2, FORK-9): with one unknown, no plan can be built or checked, so the
 * answer is "undecided" naming the tasks, never a guess. A live capture leaves it null when
 * /proc/PID/ns/user is unreadable (EACCES; capture/live.ts records that in source.unknown).
 * O(tasks).
 */
import type { Image, Task } from '../../model/image.js';

/** A task whose user namespace is known: what planner/facts/facts.ts and planner/graph/build.ts work with. */
export type PlannedTask = Task & { userns: string };
export type PlannedImage = Omit<Image, 'tasks'> & { tasks: PlannedTask[] };

export function knownUserNs(image: Image): image is PlannedImage {
  return image.tasks.every((t) => t.userns !== null);
}

/** The "undecided" answer for an image with tasks of unknown user namespace, or null. */
export function unknownUserNs(image: Image): { reason: string; culprits: number[] } | null {
  const tids = image.tasks.filter((t) => t.userns === null).map((t) => t.pid[0]);
  if (tids.length === 0) return null;
  const shown = tids.slice(0, 8).join(', ') + (tids.length > 8 ? ` and ${tids.length - 8} more` : '');
  const noted = (image.source?.unknown ?? []).find((u) => /user namespace/.test(u));
  return {
    reason: `the user namespace of task(s) ${shown} is unknown (${noted ?? 'null in the image'}); it decides which namespaces a task may create or enter and where set_tid works (OWN-1, OWN-2, FORK-9), and the planner does not guess it`,
    culprits: tids.slice(0, 8),
  };
}
