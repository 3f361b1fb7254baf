import type { Finding } from '../finding.js';
import { isSameOrDescendant, nsPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding } from './rule.js';

export const pidnsOwnerOutsideParentOwner: Rule = {
  code: 'PIDNS_OWNER_OUTSIDE_PARENT',
  description: 'A pid namespace owned by a user namespace that is not the owner of its parent pid namespace or a descendant of that owner.',
  kernelRule: 'OWN-5',
  severity: 'error',
  messages: { main: 'pid namespace "{id}" is owned by "{owner}", which is not "{parentOwner}" (owner of its parent "{parent}") or below it' },
  check(ix) {
    const out: Finding[] = [];
    for (const info of ix.pidns.values()) {
      const parent = info.ns.parent == null ? undefined : ix.pidns.get(info.ns.parent);
      const owner = info.ns.owner;
      const parentOwner = parent?.ns.owner;
      if (!parent || owner == null || parentOwner == null) continue; // unknown: no verdict
      if (!ix.userns.has(owner) || !ix.userns.has(parentOwner)) continue;
      if (isSameOrDescendant(ix, owner, parentOwner) !== false) continue;
      out.push(finding(this, 'main', { id: info.ns.id, owner, parentOwner, parent: parent.ns.id }, {
        objects: [info.ns.id, owner, parent.ns.id, parentOwner], path: nsPath(info, 'owner'),
        chain: [
          'A new pid namespace is owned by its creator\'s user namespace (OWN-1).',
          'Creating it fails with EINVAL unless that user namespace is the owner of the parent pid namespace or one of its descendants (OWN-5, create_pid_namespace).',
          `"${owner}" is neither "${parentOwner}" nor below it.`,
        ],
      }));
    }
    return out;
  },
};
