import type { Rule } from './rule.js';
import { finding } from './rule.js';

/** Two objects with one objref: sharing (equal refs) would become ambiguous. */
export const objrefDuplicate: Rule = {
  code: 'OBJREF_DUPLICATE',
  description: 'Two namespaces or nsproxies carry the same objref.',
  kernelRule: 'PROC-4',
  severity: 'error',
  messages: { main: 'objref "{id}" names more than one object' },
  check(ix) {
    return ix.duplicateObjrefs.map((d) => finding(this, 'main', { id: d.id }, {
      objects: [d.id],
      path: d.path,
      chain: [
        'An objref names one kernel object: tasks that point to the same objref share that object.',
        `"${d.id}" is defined twice, so it is ambiguous which object the tasks that use it share.`,
      ],
    }));
  },
};
