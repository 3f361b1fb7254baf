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
      const dropped = input.image.tasks.filter((x) => gone.has(x.tgid));
      for (const init of dropped.filter((x) => x.pid[0] === x.tgid && x.pid[x.pid.length - 1] === 1)) {
        const left = image.tasks.filter((x) => x.pidns === init.pidns).map((x) => x.pid[0]);
        if (left.length) notes.push(`${init.tgid} is the init of pid ns ${init.pidns}, where ${left.join(', ')} ${left.length === 1 ? 'stays' : 'stay'}: Linux kills every task of a pid ns whose init exits (EXIT-8), so no reachable state keeps them without it (drop them too)`);
      }
      for (const g of gone) {
        if (kept(g, 'sid')) notes.push(`session ${g} outlives its dropped leader: its pid stays reserved (SID-2)`);
        else if (kept(g, 'pgid')) notes.push(`group ${g} outlives its dropped leader: its pid stays reserved (PGID-3)`);
      }
      return { image, options: input.options };
    },
  };
}
