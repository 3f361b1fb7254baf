import type { Finding } from '../finding.js';
import { nsPath, type NsInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

/** Parent chains of pid and user namespaces must end at the root; a cycle cannot be built (each ns is created below an existing one). */
export const nsCycle: Rule = {
  code: 'NS_CYCLE',
  description: 'The parent chain of pid or user namespaces loops (for user namespaces the parent is also the owner).',
  kernelRule: 'UNSH-3, UNSH-5, OWN-1',
  severity: 'error',
  messages: { main: '{type} namespaces {ids} are each other\'s ancestors' },
  check(ix) {
    const out: Finding[] = [];
    for (const tree of [ix.pidns as Map<string, NsInfo>, ix.userns]) {
      const state = new Map<string, 1 | 2>(); // 1 on the current walk, 2 done
      for (const [start, info] of tree) {
        if (info.chain || state.has(start)) continue;
        const walk: string[] = [];
        let cur: string | null | undefined = start;
        while (cur != null && tree.has(cur) && !state.has(cur)) {
          state.set(cur, 1);
          walk.push(cur);
          cur = tree.get(cur)!.ns.parent;
        }
        if (cur != null && state.get(cur) === 1) {
          const cyc = walk.slice(walk.indexOf(cur));
          const first = tree.get(cyc[0])!;
          out.push(finding(this, 'main', { type: first.ns.type, ids: list(cyc.map((c) => `"${c}"`)) }, {
            objects: cyc,
            path: nsPath(first, 'parent'),
            chain: [
              `A ${first.ns.type} namespace is created as a child of one that already exists (${first.ns.type === 'pid' ? 'UNSH-5, FORK-7' : 'UNSH-3'}), and its parent never changes.`,
              `So following parents always ends at the root; here ${cyc.map((c) => `"${c}"`).join(' -> ')} -> "${cyc[0]}" loops.`,
              ...(first.ns.type === 'user' ? ['For user namespaces the parent is also the owner, so this is an ownership cycle.'] : []),
            ],
          }));
        }
        for (const w of walk) state.set(w, 2);
      }
    }
    return out;
  },
};
