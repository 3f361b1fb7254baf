import type { Finding } from '../finding.js';
import { NSPROXY_SLOTS } from '../image.js';
import { nsPath, nsproxyPath, SLOT_TYPE, taskPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, who } from './rule.js';

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
    for (const r of ix.refs) {
      const task = r.task;
      const tid = task.pid[0];
      want(`${who(r)}.pidns`, task.pidns, 'pid namespace', taskPath(r, 'pidns'), [tid], [], 'A task\'s active pid namespace (the one of its struct pid) is a pid namespace.');
      want(`${who(r)}.userns`, task.userns, 'user namespace', taskPath(r, 'userns'), [tid], [], 'The namespace of a task\'s credentials is a user namespace.');
      want(`${who(r)}.nsproxy`, task.nsproxy, 'nsproxy', taskPath(r, 'nsproxy'), [tid], [], 'A task points to an nsproxy, which holds its other namespaces.');
    }
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
