/** `--drop TASK`: leave the subtree of TASK's process out of the restore. O(tasks). */
import type { Scenario } from '../scenario.js';
import { cloneImage, taskOrThrow } from '../scenario.js';
import { subtree } from './tree.js';
import { CrplanError } from '../../model/errors.js';

export function dropScenario(tid: number): Scenario {
  const label = `--drop ${tid}`;
  return {
    label,
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const t = taskOrThrow(image, tid, label);
      const gone = subtree(image, t.tgid);
      const before = image.tasks.length;
      if (image.tasks.every((x) => gone.has(x.tgid))) throw new CrplanError(`${label}: the subtree of ${t.tgid} is the whole image; nothing would be left to restore`, 2);
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
