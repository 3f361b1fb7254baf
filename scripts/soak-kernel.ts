/**
 * `npm run soak -- kernel [--seeds N] [--ops M] [--from S] [--unprivileged] [--host-env]`: many
 * more generated histories than the test suite runs (default 20000 seeds of 200 ops), optionally
 * under the unprivileged or the `unshare -Upf` (hostEnvironment) profile. For each: the snapshot validates without
 * error findings, and replaying the history reproduces the same results and the same snapshot.
 * Prints the failing seeds (each reproduces alone with generateHistory(seed)); exit 1 on any.
 */
import { generateHistory } from '../kernel/generator.js';
import { replayOnSimKernel } from '../executor/sim.js';
import { diffImages } from '../kernel/diff.js';
import { validateImage } from '../model/validate.js';
import { DEFAULT_PROFILE, profileForVersion } from '../kernel/profile.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`soak-kernel: ${name} needs a non-negative integer, got ${args[i + 1]}`);
    process.exit(2);
  }
  return v;
}

export default async function soak(args: string[]): Promise<number> {
  const seeds = arg(args, '--seeds', 20000);
  const ops = arg(args, '--ops', 200);
  const from = arg(args, '--from', 1);
  const profile = {
    ...(args.includes('--unprivileged') ? profileForVersion(DEFAULT_PROFILE.version, false) : DEFAULT_PROFILE),
    hostEnvironment: args.includes('--host-env'),
  };
  const t0 = performance.now();
  let bad = 0;
  let total = 0;
  const byRule = new Map<string, number>();
  for (let seed = from; seed < from + seeds; seed++) {
    const h = generateHistory(seed, { ops, profile });
    total += h.ops.length;
    for (const r of h.results) if (!r.ok) byRule.set(`${r.errno} ${r.rule}`, (byRule.get(`${r.errno} ${r.rule}`) ?? 0) + 1);
    const problems: string[] = [];
    for (const f of validateImage(h.image)) if (f.severity === 'error') problems.push(`validator ${f.code}: ${f.message}`);
    const r = replayOnSimKernel(h.image, h.ops, { continueOnError: true, profile });
    if (JSON.stringify(r.results) !== JSON.stringify(h.results)) problems.push('replay results differ');
    for (const d of diffImages(h.image, r.snapshot)) problems.push(`replay: ${d.message}`);
    if (problems.length > 0) {
      bad++;
      if (bad <= 20) console.log(`seed ${seed}: ${problems.slice(0, 3).join(' | ')}`);
    }
    if ((seed - from + 1) % 5000 === 0) console.error(`  ${seed - from + 1}/${seeds} seeds...`);
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${seeds} seeds, ${total} ops, ${s.toFixed(1)} s, ${bad} failing seeds`);
  console.log('errno outcomes:', [...byRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}=${v}`).join(', '));
  return bad === 0 ? 0 : 1;
}
