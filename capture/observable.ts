/**
 * What a live capture (live.ts) can tell of an image's group and session vectors. A group or
 * session whose leader process is gone is seen only through its member's /proc NSpgid/NSsid
 * columns: one column per level of the member's own pid, each 0 where the group's struct pid has
 * no number in the member's pid ns at that level (the leader lived in another pid ns of that
 * level), trailing zeros dropped by live.ts. So /proc shows a prefix of the image's vector (pid
 * ns chains are a tree: once the member's and the leader's part, they stay apart), and which
 * prefix depends on where the gone leader lived, which the image does not record. The restored
 * kernel has the numbers all the same. Real-kernel diffs compare the expected image through this
 * view (executor/real/session.ts): for such a vector, the captured one when it is a non-empty
 * prefix of the image's within the member's levels (level 0 always compared), else the image's
 * own, cut to the member's levels, so a wrong group still shows as a difference.
 * Seeds: setids 70 (zombie 5 of the root pid ns in group [4, 2], its leader gone) and default 599
 * (task 84 in group [12, 8, 4], whose leader's level-2 pid ns was not 84's). O(tasks x levels).
 */
import type { Image, Task } from '../model/image.js';

export function asLiveCaptureSees(image: Image, captured?: Image): Image {
  const leaders = new Set(image.tasks.filter((t) => t.tgid === t.pid[0]).map((t) => t.pid[0]));
  const seenBy = new Map((captured?.tasks ?? []).map((t) => [t.pid[0], t]));
  const seen = (t: Task, v: number[], which: 'pgid' | 'sid'): number[] => {
    if (v.length === 0 || leaders.has(v[0])) return v;
    const cols = v.slice(0, t.pid.length);
    while (cols.length > 1 && cols[cols.length - 1] === 0) cols.pop();
    const got = seenBy.get(t.pid[0])?.[which];
    if (got && got.length >= 1 && got.length <= cols.length && got.every((x, i) => x === cols[i])) return got.slice();
    return cols;
  };
  return { ...image, tasks: image.tasks.map((t) => ({ ...t, pgid: seen(t, t.pgid, 'pgid'), sid: seen(t, t.sid, 'sid') })) };
}
