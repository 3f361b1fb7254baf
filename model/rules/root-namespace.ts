import type { Finding } from '../finding.js';
import { nsPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list } from './rule.js';

/** The pid and user namespace trees each have exactly one root (PID-1: level 0 is the image's root pid ns). */
export const rootNamespaces: Rule = {
  code: 'ROOT_NAMESPACE',
  description: 'The image must have exactly one root pid namespace and one root user namespace (no parent).',
  kernelRule: 'PID-1, OWN-1',
  severity: 'error',
  messages: {
    main: 'the image has {count} root {type} namespaces ({ids}); it must have exactly one',
  },
  check(ix) {
    const out: Finding[] = [];
    for (const [type, tree] of [['pid', ix.pidns], ['user', ix.userns]] as const) {
      const roots = [...tree.values()].filter((i) => i.ns.parent == null);
      if (roots.length !== 1 && (roots.length > 0 || tree.size > 0 || ix.image.tasks.length > 0)) {
        out.push(finding(this, 'main', { count: roots.length, type, ids: list(roots.map((r) => `"${r.ns.id}"`)) || 'none' }, {
          objects: roots.map((r) => r.ns.id),
          path: roots[1] ? nsPath(roots[1]) : '$.namespaces',
          chain: [
            `Every ${type} namespace but the root one was created as the child of another (${type === 'pid' ? 'PID-1, UNSH-5' : 'UNSH-3'}), so the ${type} namespaces form one tree.`,
            `Level 0 of every pid vector is the root pid namespace, and the root user namespace is the one the whole image lives under.`,
            roots.length === 0 ? `No ${type} namespace is without parent.` : `${roots.length} ${type} namespaces have no parent.`,
          ],
        }));
      }
    }
    return out;
  },
};
