import type { Finding } from '../finding.js';
import { NSPROXY_SLOTS } from '../image.js';
import { nsPath, nsproxyPath, taskPath } from '../indexes.js';
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
    for (const t of ix.refs) {
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
