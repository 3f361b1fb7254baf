import type { Finding } from '../finding.js';
import { schemaAt } from '../schema.js';
import type { Rule } from './rule.js';
import { finding } from './rule.js';

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
    const nodes = new Map<string, ReturnType<typeof schemaAt>>();
    const visit = (obj: unknown, segs: Array<string | number>, path: string) => {
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return;
      const shape = segs.map((s) => (typeof s === 'number' ? 0 : s)).join('.');
      let node = nodes.get(shape);
      if (!nodes.has(shape)) nodes.set(shape, (node = schemaAt(segs)));
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
