import type { Finding } from '../finding.js';
import { nsPath, type NsInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding } from './rule.js';

export const nsLevelMismatch: Rule = {
  code: 'NS_LEVEL_MISMATCH',
  description: 'A pid or user namespace declares a level that differs from its depth in the parent chain.',
  kernelRule: 'PID-1, OWN-4',
  severity: 'error',
  messages: { main: '{type} namespace "{id}" declares level {level} but is {depth} below the root' },
  check(ix) {
    const out: Finding[] = [];
    for (const tree of [ix.pidns as Map<string, NsInfo>, ix.userns]) {
      for (const info of tree.values()) {
        if (info.depth === undefined || info.ns.level === undefined || info.ns.level === info.depth) continue;
        out.push(finding(this, 'main', { type: info.ns.type, id: info.ns.id, level: info.ns.level, depth: info.depth }, {
          objects: [info.ns.id], path: nsPath(info, 'level'),
          chain: [
            'A namespace\'s level is its parent\'s level plus one; the root has level 0.',
            `The chain ${info.chain!.map((c) => `"${c}"`).join(' -> ')} puts "${info.ns.id}" at level ${info.depth}.`,
          ],
        }));
      }
    }
    return out;
  },
};
