import type { Finding } from '../finding.js';
import { isSameOrDescendant, nsPath, nsproxyPath, taskPath, type NsInfo } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

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

export const pidForChildrenNotBelow: Rule = {
  code: 'PID_FOR_CHILDREN_NOT_BELOW',
  description: 'A task\'s pid_for_children is neither its own pid namespace nor a descendant of it.',
  kernelRule: 'UNSH-5, SETNS-5',
  severity: 'error',
  messages: { main: '{task} has pid_for_children "{pfc}", which is not its pid namespace "{pidns}" or below it' },
  check(ix) {
    const out: Finding[] = [];
    ix.image.tasks.forEach((task, idx) => {
      if (task.nsproxy === null) return;
      const np = ix.nsproxies.get(task.nsproxy);
      if (!np) return;
      const pfc = np.np.pidForChildren;
      if (!ix.pidns.has(pfc) || !ix.pidns.has(task.pidns)) return;
      if (isSameOrDescendant(ix, pfc, task.pidns) !== false) return;
      const r = { task, idx };
      out.push(finding(this, 'main', { task: who(r), pfc, pidns: task.pidns }, {
        tasks: [task.pid[0]], objects: [np.np.id, pfc, task.pidns], path: nsproxyPath(np, 'pidForChildren'),
        chain: [
          'pid_for_children starts as the task\'s own pid namespace (FORK-7).',
          'unshare(CLONE_NEWPID) sets it to a new child namespace (UNSH-5); setns() only accepts the task\'s own pid namespace or a descendant (SETNS-5, EINVAL otherwise).',
          `"${pfc}" is not "${task.pidns}" or a descendant of it (seen through ${taskPath(r, 'nsproxy')}).`,
        ],
      }));
    });
    return out;
  },
};
