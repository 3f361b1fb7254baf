import type { Finding } from '../finding.js';
import { taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

export const processParentCycle: Rule = {
  code: 'PROCESS_PARENT_CYCLE',
  description: 'Processes are each other\'s ancestors (a ppid loop).',
  kernelRule: 'FORK-1, EXIT-2',
  severity: 'error',
  messages: { main: 'processes {tgids} are each other\'s ancestors' },
  check(ix) {
    const out: Finding[] = [];
    const state = new Map<number, 1 | 2>();
    for (const start of ix.processes.keys()) {
      if (state.has(start)) continue;
      const walk: number[] = [];
      let cur: number | undefined = start;
      while (cur !== undefined && ix.processes.has(cur) && !state.has(cur)) {
        state.set(cur, 1);
        walk.push(cur);
        const pp: number = ix.processes.get(cur)!.rep.task.ppid;
        cur = pp === 0 ? undefined : pp;
      }
      if (cur !== undefined && state.get(cur) === 1) {
        const cyc = walk.slice(walk.indexOf(cur));
        const first = ix.processes.get(cyc[0])!;
        out.push(finding(this, 'main', { tgids: list(cyc) }, {
          tasks: cyc, path: taskPath(first.rep, 'ppid'),
          chain: [
            'A process is created by a parent that already exists (FORK-1), and reparenting only moves children to an ancestor, a sibling thread or a reaper that already exists (EXIT-2).',
            `So parent links form a tree; ${cyc.join(' -> ')} -> ${cyc[0]} is a loop.`,
          ],
        }));
      }
      for (const w of walk) state.set(w, 2);
    }
    return out;
  },
};
