/**
 * Does the LP (javascript-lp-solver) ever beat the constructive fallback? Plans generated states
 * both ways (planImage with and without `fallbackOnly`, unverified for speed) and compares helper
 * counts: `node --import tsx scripts/lp-vs-fallback.ts [seeds=1000] [ops=40]`.
 */
import { generateHistory } from '../kernel/generator.js';
import { planImage } from '../planner/index.js';

const seeds = Number(process.argv[2] ?? 1000);
const ops = Number(process.argv[3] ?? 40);
let both = 0, lp = 0, fallback = 0;
const lpFewer: number[] = [], lpMore: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const h = generateHistory(seed, ops ? { ops } : {});
  const a = planImage(h.image, { verify: false });
  const b = planImage(h.image, { verify: false, fallbackOnly: true });
  if (a.kind !== 'plan' || b.kind !== 'plan') continue;
  both++;
  lp += a.plan.summary.helpers;
  fallback += b.plan.summary.helpers;
  if (a.plan.summary.helpers < b.plan.summary.helpers) lpFewer.push(seed);
  if (a.plan.summary.helpers > b.plan.summary.helpers) lpMore.push(seed);
}
console.log(`seeds 1..${seeds} (ops ${ops || 'default'}): ${both} planned both ways; helpers LP ${lp}, fallback ${fallback}; LP fewer on ${lpFewer.length} (seeds ${lpFewer.join(', ') || '-'}), more on ${lpMore.length} (seeds ${lpMore.join(', ') || '-'})`);
