import type { Finding } from '../finding.js';
import { NSPROXY_SLOTS } from '../image.js';
import { nsPath, nsproxyPath, SLOT_TYPE, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

/**
 * Every objref must name an object of the image, and of the right kind: a task's pidns is a pid
 * namespace, its nsproxy an nsproxy, an nsproxy slot a namespace of the slot's type, an owner a
 * user namespace, a parent a namespace of the same type.
 */
export const objrefDangling: Rule = {
  code: 'OBJREF_DANGLING',
  description: 'An objref (task pidns/userns/nsproxy, nsproxy slot, namespace owner/parent) names no object of the image.',
  kernelRule: '§0',
  severity: 'error',
  messages: { main: '{where} refers to "{id}", which the image does not define' },
  check(ix) {
    const out: Finding[] = [];
    const exists = (id: string) => ix.namespaces.has(id) || ix.nsproxies.has(id);
    const chain = (what: string, id: string) => [
      `${what} must name an object defined in the image's "namespaces" or "nsproxies".`,
      `No object has the objref "${id}".`,
    ];
    for (const t of ix.image.tasks.map((task, idx) => ({ task, idx }))) {
      for (const f of ['pidns', 'userns', 'nsproxy'] as const) {
        const id = t.task[f];
        if (id !== null && !exists(id)) {
          out.push(finding(this, 'main', { where: `${who(t)}.${f}`, id }, {
            tasks: [t.task.pid[0]], objects: [id], path: taskPath(t, f), chain: chain(`The ${f} of ${who(t)}`, id),
          }));
        }
      }
    }
    for (const [npid, np] of ix.nsproxies) {
      for (const s of NSPROXY_SLOTS) {
        const id = np.np[s];
        if (!exists(id)) out.push(finding(this, 'main', { where: `nsproxy "${npid}".${s}`, id }, {
          objects: [npid, id], path: nsproxyPath(np, s), chain: chain(`Slot ${s} of nsproxy "${npid}"`, id),
        }));
      }
    }
    for (const [nsid, info] of ix.namespaces) {
      for (const f of ['owner', 'parent'] as const) {
        const id = info.ns[f];
        if (id != null && !exists(id)) out.push(finding(this, 'main', { where: `namespace "${nsid}".${f}`, id }, {
          objects: [nsid, id], path: nsPath(info, f), chain: chain(`The ${f} of namespace "${nsid}"`, id),
        }));
      }
    }
    return out;
  },
};

export const objrefWrongType: Rule = {
  code: 'OBJREF_WRONG_TYPE',
  description: 'An objref names an object of the wrong kind (e.g. a task pidns that is a net namespace, an owner that is not a user namespace).',
  kernelRule: '§0',
  severity: 'error',
  messages: { main: '{where} refers to "{id}", {actual}, but must refer to {expected}' },
  check(ix) {
    const out: Finding[] = [];
    const kind = (id: string): string | undefined => {
      const ns = ix.namespaces.get(id);
      if (ns) return `${ns.ns.type} namespace`;
      if (ix.nsproxies.has(id)) return 'nsproxy';
      return undefined;
    };
    const art = (s: string) => (/^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`);
    const want = (where: string, id: string | null | undefined, expected: string, path: string, tasks: number[], objects: string[], why: string) => {
      if (id == null) return;
      const actual = kind(id);
      if (actual === undefined || actual === expected) return;
      out.push(finding(this, 'main', { where, id, actual: art(actual), expected: art(expected) }, {
        tasks, objects: [...objects, id], path, chain: [why, `"${id}" is ${art(actual)}.`],
      }));
    };
    ix.image.tasks.forEach((task, idx) => {
      const r = { task, idx };
      const tid = task.pid[0];
      want(`${who(r)}.pidns`, task.pidns, 'pid namespace', taskPath(r, 'pidns'), [tid], [], 'A task\'s active pid namespace (the one of its struct pid) is a pid namespace.');
      want(`${who(r)}.userns`, task.userns, 'user namespace', taskPath(r, 'userns'), [tid], [], 'The namespace of a task\'s credentials is a user namespace.');
      want(`${who(r)}.nsproxy`, task.nsproxy, 'nsproxy', taskPath(r, 'nsproxy'), [tid], [], 'A task points to an nsproxy, which holds its other namespaces.');
    });
    for (const [npid, np] of ix.nsproxies) {
      for (const s of NSPROXY_SLOTS) {
        want(`nsproxy "${npid}".${s}`, np.np[s], `${SLOT_TYPE[s]} namespace`, nsproxyPath(np, s), [], [npid],
          `Slot ${s} of an nsproxy holds a ${SLOT_TYPE[s]} namespace.`);
      }
    }
    for (const [nsid, info] of ix.namespaces) {
      want(`namespace "${nsid}".owner`, info.ns.owner, 'user namespace', nsPath(info, 'owner'), [], [nsid],
        'Every namespace is owned by a user namespace: the one of its creator\'s credentials (OWN-1).');
      want(`namespace "${nsid}".parent`, info.ns.parent, `${info.ns.type} namespace`, nsPath(info, 'parent'), [], [nsid],
        `The parent of a ${info.ns.type} namespace is a ${info.ns.type} namespace.`);
    }
    return out;
  },
};
