import type { Finding } from '../finding.js';
import { taskPath, type ImageIndex } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

/** Unknowns (null) never cause errors; this says once per kind which facts the image lacks. */
export const unknownFacts: Rule = {
  code: 'UNKNOWN_FACTS',
  description: 'Facts a restore needs are unknown (null): a live task\'s nsproxy or clone-shared objects, a task\'s user namespace, a namespace\'s owner (warning, one per kind).',
  kernelRule: 'OWN-1, FORK-4, FORK-7',
  severity: 'warning',
  messages: { main: '{n} {what} unknown: {who}' },
  check(ix: ImageIndex) {
    const out: Finding[] = [];
    const kinds: Array<{ what: string; ids: Array<number | string>; path?: string; why: string; objects?: boolean }> = [];
    const live = ix.refs.filter((r) => r.task.state !== 'zombie' && r.task.state !== 'dead');
    for (const f of ['nsproxy', 'files', 'fs', 'sighand', 'mm'] as const) {
      const miss = live.filter((r) => r.task[f] === null);
      if (miss.length) kinds.push({
        what: `live task(s) have their ${f}`, ids: miss.map((r) => r.task.pid[0]), path: taskPath(miss[0], f),
        why: f === 'nsproxy' ? 'Without the nsproxy the restore cannot tell which uts, ipc, mnt, net, cgroup, time namespaces and pid_for_children the task had; it will assume its parent\'s (FORK-7).'
          : `Without the ${f} id the restore cannot tell whether it was shared at clone time (FORK-4, FORK-2); it will assume a private one.`,
      });
    }
    // a task's user ns (its credentials) is null when a live capture could not read /proc/PID/ns/user
    const noUser = ix.refs.filter((r) => r.task.userns === null);
    if (noUser.length) kinds.push({
      what: 'task(s) have their user namespace', ids: noUser.map((r) => r.task.pid[0]), path: taskPath(noUser[0], 'userns'),
      why: 'The user namespace of a task\'s credentials decides which namespaces it may create or enter and whether set_tid works for it (OWN-1, OWN-2, FORK-9); the planner does not guess it and answers undecided.',
    });
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
