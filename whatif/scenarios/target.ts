/**
 * `--target CAPTURED_IMAGE`: collisions between the image's numbers and the numbers in use on the
 * target host (a capture of it). Pure image analysis:
 * - only numbers in pid namespaces the restore JOINS can collide: the image's external level-0
 *   pid ns stands for the target's level 0; every other pid ns is created fresh and empty;
 * - a number collides if the target uses it as a pid, a group or a session number (a group or
 *   session number keeps its pid reserved even after its leader is gone, PGID-3/SID-2).
 * A fresh pid namespace (restoring one level down) avoids every collision. O(tasks).
 */
import type { Image } from '../../model/image.js';
import { rootPidNs } from '../../model/image.js';
import type { Scenario } from '../scenario.js';

export interface Collision {
  level: number;
  kind: 'pid' | 'group' | 'session';
  number: number;
  /** level-0 tids of the image tasks that need the number */
  imageTasks: number[];
  /** what the target uses it for */
  targetUse: string;
}

export interface TargetReport {
  target: string;
  /** false when the image's level 0 is a fresh pid ns: nothing can collide */
  joinsHostPidNs: boolean;
  collisions: Collision[];
  /** every collision disappears in a fresh pid namespace */
  freshPidNsAvoids: boolean;
  summary: string;
}

export function targetCollisions(image: Image, target: Image, targetName: string): TargetReport {
  const pid0 = rootPidNs(image);
  const joins = pid0?.external === true;
  const used = new Map<number, string[]>();
  const use = (n: number, what: string): void => {
    const l = used.get(n) ?? [];
    if (!l.includes(what)) l.push(what);
    used.set(n, l);
  };
  const tpid0 = rootPidNs(target)?.id;
  for (const t of target.tasks) {
    use(t.pid[0], `pid of ${t.comm ?? 'task'} ${t.pid[0]}`);
    if (t.pgid.length === t.pid.length || t.pidns === tpid0) use(t.pgid[0], `group ${t.pgid[0]}`);
    use(t.sid[0], `session ${t.sid[0]}`);
  }
  const collisions: Collision[] = [];
  if (joins) {
    const need = new Map<string, Collision>();
    const add = (kind: Collision['kind'], n: number, tid: number): void => {
      const u = used.get(n);
      if (!u) return;
      const k = `${kind}:${n}`;
      const c = need.get(k) ?? { level: 0, kind, number: n, imageTasks: [], targetUse: u.join(', ') };
      if (!c.imageTasks.includes(tid)) c.imageTasks.push(tid);
      need.set(k, c);
    };
    for (const t of image.tasks) {
      add('pid', t.pid[0], t.pid[0]);
      if (t.pgid[0] !== t.pid[0]) add('group', t.pgid[0], t.pid[0]);
      if (t.sid[0] !== t.pid[0]) add('session', t.sid[0], t.pid[0]);
    }
    collisions.push(...[...need.values()].sort((a, b) => a.number - b.number || a.kind.localeCompare(b.kind)));
  }
  const summary = !joins
    ? `the image's level 0 is a fresh pid ns: no number can collide with ${targetName}`
    : collisions.length === 0
      ? `no collision at level 0 with ${targetName}`
      : `${collisions.length} collision(s) at level 0 with ${targetName}; nested levels are fresh pid namespaces; a fresh pid namespace for level 0 avoids them all`;
  return { target: targetName, joinsHostPidNs: joins, collisions, freshPidNsAvoids: true, summary };
}

/** The scenario form: no change to the plan; the collisions go into the notes. */
export function targetScenario(target: Image, name: string): Scenario {
  return {
    label: `--target ${name}`,
    apply: (input, notes) => {
      const r = targetCollisions(input.image, target, name);
      notes.push(r.summary);
      for (const c of r.collisions.slice(0, 20)) notes.push(`level ${c.level} ${c.kind} ${c.number} (image tasks ${c.imageTasks.join(', ')}) is taken on the target: ${c.targetUse}`);
      if (r.collisions.length > 20) notes.push(`... and ${r.collisions.length - 20} more`);
      return input;
    },
  };
}
