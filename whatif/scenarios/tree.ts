/** Process-tree queries shared by the image scenarios. All O(tasks). */
import type { Image, Task } from '../../model/image.js';
import { isLeader } from '../../model/image.js';

/** Thread-group leaders by tgid. */
export function leaders(image: Image): Map<number, Task> {
  const m = new Map<number, Task>();
  for (const t of image.tasks) if (isLeader(t)) m.set(t.tgid, t);
  return m;
}

/** tgids of the processes in the subtree rooted at process `tgid` (itself included). */
export function subtree(image: Image, tgid: number): Set<number> {
  const kids = new Map<number, number[]>();
  for (const t of image.tasks) if (isLeader(t)) {
    const l = kids.get(t.ppid) ?? [];
    l.push(t.tgid);
    kids.set(t.ppid, l);
  }
  const out = new Set<number>([tgid]);
  const stack = [tgid];
  while (stack.length) for (const c of kids.get(stack.pop()!) ?? []) if (!out.has(c)) { out.add(c); stack.push(c); }
  return out;
}

/** The init (pid 1) of pid namespace `pidns`, when it is in the image. */
export function nsInit(image: Image, pidns: string): Task | undefined {
  return image.tasks.find((t) => t.pidns === pidns && t.pid[t.pid.length - 1] === 1 && isLeader(t));
}
