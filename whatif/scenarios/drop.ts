/** `--drop TASK`: leave the subtree of TASK's process out of the restore. O(tasks). */
import type { Scenario } from '../scenario.js';
import { cloneImage, taskOrThrow } from '../scenario.js';
import { subtree } from './tree.js';

export function dropScenario(tid: number): Scenario {
  const label = `--drop ${tid}`;
  return {
    label,
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const t = taskOrThrow(image, tid, label);
      const gone = subtree(image, t.tgid);
      const before = image.tasks.length;
      image.tasks = image.tasks.filter((x) => !gone.has(x.tgid));
      notes.push(`dropped ${before - image.tasks.length} task(s) in ${gone.size} process(es): ${[...gone].sort((a, b) => a - b).join(', ')}`);
      const kept = (n: number, what: 'sid' | 'pgid') => image.tasks.filter((x) => x[what][0] === n).length;
      for (const g of gone) {
        if (kept(g, 'sid')) notes.push(`session ${g} outlives its dropped leader: its pid stays reserved (SID-2)`);
        else if (kept(g, 'pgid')) notes.push(`group ${g} outlives its dropped leader: its pid stays reserved (PGID-3)`);
      }
      return { image, options: input.options };
    },
  };
}
