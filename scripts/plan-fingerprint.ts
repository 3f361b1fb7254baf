/**
 * Plan fingerprints, for refactors that must not change any plan (performance work): one line
 * per case with the sha256 of the whole planImage outcome (plan, or impossibility, or undecided
 * reason; the dependency graph too for the smaller cases), over every example, generated states
 * (40, 200 and 600 operations) and the bench's synthetic containers. Run it before and after the
 * change and diff the two files:
 *   node --import tsx scripts/plan-fingerprint.ts > before.txt    (then after.txt; diff them)
 *   node --import tsx scripts/plan-fingerprint.ts --seeds 300,300,0   (fewer states: quicker)
 * Solver timings (`millis`) are left out and the component budget is unbounded, so that only a
 * change of the planner, never the load of the machine, changes a line. Takes a minute or two.
 *   --no-words: leave out the readable text (ops' and edges' `why`/`reason`, node labels, an
 *   undecided answer's reason), to show that a rewording changed no plan, edge or rule.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planImage } from '../planner/index.js';
import type { PlanOptions } from '../planner/api.js';
import { generateHistory } from '../kernel/generator.js';
import { containerImage } from '../bench/plan.bench.js';
import type { Image } from '../model/image.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--seeds');
const [s40, s200, s600] = (at > 0 ? process.argv[at + 1] : '2000,800,150').split(',').map(Number);
const WORDS = new Set(['why', 'reason', 'label']);
const noWords = process.argv.includes('--no-words');
/** JSON replacer: timings never count; with --no-words, neither does the readable text */
const keep = (k: string, v: unknown) => (k === 'millis' || (noWords && WORDS.has(k)) ? undefined : v);

function line(name: string, image: Image, withGraph: boolean, opts: PlanOptions = {}): void {
  const out = planImage(structuredClone(image), { componentBudgetMs: 1e9, ...opts });
  const { graph: _graph, ...rest } = Object.getOwnPropertyDescriptors(out);
  void _graph;
  let text = JSON.stringify(Object.fromEntries(Object.entries(rest).map(([k, d]) => [k, d.value])), keep);
  if (withGraph && out.kind === 'plan') {
    const g = out.graph;
    text += JSON.stringify({ nodes: g.nodes().map((n) => [n, g.node(n)]), edges: g.edges().map((e) => [e, g.edge(e)]) }, keep);
  }
  console.log(`${name}\t${text.length}\t${createHash('sha256').update(text).digest('hex')}`);
}

for (const f of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.json')).sort()) {
  const image = JSON.parse(readFileSync(join(root, 'examples', f), 'utf8')) as Image;
  line(`example:${f}`, image, true);
  line(`example-fallback:${f}`, image, false, { fallbackOnly: true });
}
for (let seed = 1; seed <= s40; seed++) line(`seed40:${seed}`, generateHistory(seed, { ops: 40 }).image, seed <= 50);
for (let seed = 1; seed <= s200; seed++) {
  const image = generateHistory(seed, { ops: 200 }).image;
  line(`seed200:${seed}`, image, seed <= 20);
  if (seed <= 100) line(`seed200-fallback:${seed}`, image, false, { fallbackOnly: true });
}
for (let seed = 1; seed <= s600; seed++) line(`seed600:${seed}`, generateHistory(seed, { ops: 600 }).image, false);
for (const n of [200, 1000, 5000, 20000]) line(`container:${n}`, containerImage(n), n <= 1000);
