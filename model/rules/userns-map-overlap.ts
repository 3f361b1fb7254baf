import type { Finding } from '../finding.js';
import type { IdMapEntry } from '../image.js';
import { nsPath } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding } from './rule.js';

function overlap(m: IdMapEntry[], side: 'inside' | 'outside'): [IdMapEntry, IdMapEntry] | undefined {
  const s = [...m].sort((a, b) => a[side] - b[side]);
  for (let i = 1; i < s.length; i++) if (s[i - 1][side] + s[i - 1].count > s[i][side]) return [s[i - 1], s[i]];
  return undefined;
}

export const usernsMapOverlap: Rule = {
  code: 'USERNS_MAP_OVERLAP',
  description: 'A user namespace uid or gid map has overlapping ranges (inside or outside); the kernel refuses to write such a map.',
  kernelRule: 'OWN-6',
  severity: 'error',
  messages: { main: 'user namespace "{id}" {map} has overlapping {side} ranges {a} and {b}' },
  check(ix) {
    const out: Finding[] = [];
    for (const info of ix.userns.values()) {
      for (const map of ['uidMap', 'gidMap'] as const) {
        const m = info.ns[map];
        if (!m) continue;
        for (const side of ['inside', 'outside'] as const) {
          const o = overlap(m, side);
          if (!o) continue;
          const fmt = (e: IdMapEntry) => `${e[side]}..${e[side] + e.count - 1}`;
          out.push(finding(this, 'main', { id: info.ns.id, map, side, a: fmt(o[0]), b: fmt(o[1]) }, {
            objects: [info.ns.id], path: nsPath(info, map),
            chain: [
              'A uid_map/gid_map is written once, as a whole, from the parent user namespace (OWN-6).',
              'The write fails with EINVAL when two lines overlap on either side (user_namespaces(7), mappings_overlap), so a namespace cannot hold such a map.',
            ],
          }));
          break;
        }
      }
    }
    return out;
  },
};
