import type { Finding } from '../finding.js';
import { taskPath, type ImageIndex } from '../indexes.js';
import { schemaAt } from '../schema.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

export const zombieHoldsResources: Rule = {
  code: 'ZOMBIE_HOLDS_RESOURCES',
  description: 'A zombie still names an nsproxy, fd table, fs, signal handlers or address space; Linux released them at exit (warning: the restore ignores them).',
  kernelRule: 'EXIT-4',
  severity: 'warning',
  messages: { main: 'zombie {task} still names {fields}; a zombie has released them and they will be ignored' },
  check(ix) {
    const out: Finding[] = [];
    ix.image.tasks.forEach((task, idx) => {
      if (task.state !== 'zombie') return;
      const fields = (['nsproxy', 'files', 'fs', 'mm'] as const).filter((f) => task[f] !== null);
      if (!fields.length) return;
      const r = { task, idx };
      out.push(finding(this, 'main', { task: who(r), fields: fields.join(', ') }, {
        tasks: [task.pid[0]], path: taskPath(r, fields[0]),
        chain: ['At exit a task drops its namespaces (only /proc/PID/ns/pid and user still resolve), files, fs and address space (EXIT-4).', 'A restore recreates the zombie by letting a task exit, so these values cannot be honoured.'],
      }));
    });
    return out;
  },
};

/** Unknowns (null) never cause errors; this says once per kind which facts the image lacks. */
export const unknownFacts: Rule = {
  code: 'UNKNOWN_FACTS',
  description: 'Facts a restore needs are unknown (null): a live task\'s nsproxy or clone-shared objects, a namespace\'s owner (warning, one per kind).',
  kernelRule: 'OWN-1, FORK-4, FORK-7',
  severity: 'warning',
  messages: { main: '{n} {what} unknown: {who}' },
  check(ix: ImageIndex) {
    const out: Finding[] = [];
    const kinds: Array<{ what: string; ids: Array<number | string>; path?: string; why: string; objects?: boolean }> = [];
    const live = ix.image.tasks.map((task, idx) => ({ task, idx })).filter((r) => r.task.state !== 'zombie' && r.task.state !== 'dead');
    for (const f of ['nsproxy', 'files', 'fs', 'sighand', 'mm'] as const) {
      const miss = live.filter((r) => r.task[f] === null);
      if (miss.length) kinds.push({
        what: `live task(s) have their ${f}`, ids: miss.map((r) => r.task.pid[0]), path: taskPath(miss[0], f),
        why: f === 'nsproxy' ? 'Without the nsproxy the restore cannot tell which uts, ipc, mnt, net, cgroup, time namespaces and pid_for_children the task had; it will assume its parent\'s (FORK-7).'
          : `Without the ${f} id the restore cannot tell whether it was shared at clone time (FORK-4, FORK-2); it will assume a private one.`,
      });
    }
    const noOwner = [...ix.namespaces.values()].filter((i) => i.ns.type !== 'user' && i.ns.owner === null && !i.ns.external);
    if (noOwner.length) kinds.push({
      what: 'namespace(s) have their owner', ids: noOwner.map((i) => i.ns.id), path: `$.namespaces[${noOwner[0].idx}].owner`, objects: true,
      why: 'The owner decides who may create and enter the namespace and set_tid in it (OWN-1, OWN-2, OWN-6); the restore will assume the creator\'s user namespace.',
    });
    for (const k of kinds) {
      out.push(finding(this, 'main', { n: k.ids.length, what: k.what, who: list(k.ids.map((x) => (typeof x === 'string' ? `"${x}"` : x))) }, {
        tasks: k.objects ? [] : (k.ids as number[]), objects: k.objects ? (k.ids as string[]) : [], path: k.path, chain: [k.why],
      }));
    }
    return out;
  },
};

/** Properties the schema does not know: tolerated (forward compatibility) but usually a typo. */
export const unknownField: Rule = {
  code: 'UNKNOWN_FIELD',
  description: 'A property the image format does not define (warning: often a typo; ignored).',
  kernelRule: '-',
  severity: 'warning',
  messages: { main: 'unknown property "{name}" (ignored){more}' },
  check(ix) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const visit = (obj: unknown, segs: Array<string | number>, path: string) => {
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return;
      const node = schemaAt(segs);
      if (!node?.properties) return;
      for (const k of Object.keys(obj)) {
        if (k in node.properties) continue;
        const key = `${segs.filter((s) => typeof s === 'string').join('.')}/${k}`;
        if (seen.has(key)) continue; // once per kind of place
        seen.add(key);
        out.push(finding(this, 'main', { name: k, more: '' }, {
          path: `${path}.${k}`,
          chain: [`The crplan-image/1 format defines no "${k}" here (docs/image-format.md); crplan ignores it.`],
        }));
      }
    };
    const img = ix.image as unknown as Record<string, unknown>;
    visit(img, [], '$');
    visit(img.source, ['source'], '$.source');
    for (const arr of ['tasks', 'nsproxies', 'namespaces'] as const) {
      (ix.image[arr] as unknown[]).forEach((o, i) => {
        visit(o, [arr, i], `$.${arr}[${i}]`);
        if (arr === 'tasks') visit((o as Record<string, unknown>).exit, [arr, i, 'exit'], `$.${arr}[${i}].exit`);
      });
    }
    return out;
  },
};
