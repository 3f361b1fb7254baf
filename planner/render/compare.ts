/**
 * Helper counts of the planner (solver and constructive fallback) against CRIU mainline's and
 * linux-cr's strategies (planner/baselines.ts) on every example image, as a table:
 *   node --import tsx planner/render/compare.ts [IMAGE...]      (default: examples/*.json)
 * `compareImage` is also used by the tests.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Image } from '../../model/image.js';
import { loadImageFile } from '../../model/load.js';
import { planImage } from '../index.js';
import { criuBaseline, linuxCrBaseline, type BaselineResult } from '../baselines.js';

export interface Comparison {
  name: string;
  tasks: number;
  /** planner with the solver: helper count, or 'impossible' / 'undecided' */
  planner: number | 'impossible' | 'undecided';
  /** planner with the constructive fallback only */
  fallback: number | 'impossible' | 'undecided';
  operations?: number;
  verified?: boolean;
  criu: BaselineResult;
  linuxCr: BaselineResult;
}

export function compareImage(name: string, image: Image): Comparison {
  const out = planImage(image);
  const fb = planImage(image, { fallbackOnly: true });
  return {
    name, tasks: image.tasks.length,
    planner: out.kind === 'plan' ? out.plan.summary.helpers : out.kind,
    fallback: fb.kind === 'plan' ? fb.plan.summary.helpers : fb.kind,
    ...(out.kind === 'plan' ? { operations: out.plan.summary.operations, verified: out.plan.summary.verified } : {}),
    criu: criuBaseline(image),
    linuxCr: linuxCrBaseline(image),
  };
}

function cell(b: BaselineResult): string {
  return b.refuses.length ? `refuses (${b.helpers})` : String(b.helpers);
}

export function renderComparison(rows: Comparison[]): string {
  const head = ['image', 'tasks', 'planner', 'fallback', 'ops', 'verified', 'CRIU', 'linux-cr'];
  const body = rows.map((r) => [r.name, String(r.tasks), String(r.planner), String(r.fallback), String(r.operations ?? '-'), r.verified === undefined ? '-' : r.verified ? 'yes' : 'no', cell(r.criu), cell(r.linuxCr)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  const out = [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...body.map(line)];
  const notes: string[] = [];
  for (const r of rows) {
    for (const b of [r.criu, r.linuxCr]) {
      if (b.refuses.length) notes.push(`${r.name}: ${b.strategy === 'criu' ? 'CRIU' : 'linux-cr'} refuses: ${b.refuses.join('; ')}`);
    }
    if (typeof r.planner === 'number' && typeof r.fallback === 'number' && r.planner < r.fallback) {
      notes.push(`${r.name}: the solver beat the constructive fallback (${r.planner} helpers instead of ${r.fallback})`);
    }
  }
  out.push('', 'helpers = tasks created that are not in the image; "refuses (n)" = the strategy would refuse or mis-restore (n = helpers it would have used)');
  if (notes.length) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}

function examplePaths(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const paths = args.length ? args : examplePaths(join(root, 'examples'));
  const rows: Comparison[] = [];
  for (const p of paths) {
    try {
      rows.push(compareImage(p.replace(`${root}`, '').replace(/^examples\//, ''), loadImageFile(p)));
    } catch (e) {
      process.stderr.write(`${p}: ${(e as Error).message.split('\n')[0]}\n`);
    }
  }
  process.stdout.write(renderComparison(rows));
}
