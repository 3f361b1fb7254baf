import type { Finding } from '../finding.js';
import { nsPath, type NsInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding } from './rule.js';

export const nestingTooDeep: Rule = {
  code: 'NESTING_TOO_DEEP',
  description: 'A pid namespace deeper than level 32 or a user namespace deeper than level 33.',
  kernelRule: 'OWN-4',
  severity: 'error',
  messages: { main: '{type} namespace "{id}" is at level {depth}; Linux stops at level {max}' },
  check(ix) {
    const out: Finding[] = [];
    for (const [tree, max] of [[ix.pidns as Map<string, NsInfo>, 32], [ix.userns, 33]] as const) {
      for (const info of tree.values()) {
        if (info.depth !== max + 1) continue; // report where the limit is first crossed
        out.push(finding(this, 'main', { type: info.ns.type, id: info.ns.id, depth: info.depth, max }, {
          objects: [info.ns.id], path: nsPath(info),
          chain: info.ns.type === 'pid'
            ? ['Creating a pid namespace at level 33 fails with ENOSPC (MAX_PID_NS_LEVEL is 32; OWN-4, observed e7).',
               `"${info.ns.id}" sits at level ${info.depth}, so it (and anything below it) cannot exist.`]
            : ['Creating a user namespace fails with ENOSPC when its parent\'s level is above 32, so level 33 is the deepest (OWN-4, observed e11; the man page\'s 32 is outdated).',
               `"${info.ns.id}" sits at level ${info.depth}.`],
        }));
      }
    }
    return out;
  },
};
