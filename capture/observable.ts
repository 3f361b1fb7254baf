/**
 * What a live capture (live.ts) can tell of an image's group and session vectors. A group or
 * session whose leader process is gone is seen only through its member's /proc NSpgid/NSsid
 * columns: proc_pid_status prints one column per level of the member's own pid, so the numbers
 * the group has in pid namespaces below the member's own are not shown (a member living there
 * would see them), and live.ts drops trailing zeros. The restored kernel has them all the same;
 * real-kernel diffs compare the expected image through this view (executor/real/session.ts), so
 * that a blind spot of /proc is not reported as a restore difference (setids seed 70: zombie 5,
 * in the root pid ns, is in group 4 of a dead leader whose pid had a second level: [4, 2]).
 * O(tasks x levels).
 */
import type { Image, Task } from '../model/image.js';

export function asLiveCaptureSees(image: Image): Image {
  const leaders = new Set(image.tasks.filter((t) => t.tgid === t.pid[0]).map((t) => t.pid[0]));
  const seen = (t: Task, v: number[]): number[] => {
    if (v.length === 0 || leaders.has(v[0])) return v;
    const cols = v.slice(0, t.pid.length);
    while (cols.length > 1 && cols[cols.length - 1] === 0) cols.pop();
    return cols;
  };
  return { ...image, tasks: image.tasks.map((t) => ({ ...t, pgid: seen(t, t.pgid), sid: seen(t, t.sid) })) };
}
