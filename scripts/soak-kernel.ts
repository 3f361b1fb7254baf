/**
 * `npm run soak -- kernel [--seeds N] [--ops M] [--from S] [--unprivileged] [--host-env] [--setids]`:
 * many more generated histories than the test suite runs (default 20000 seeds of 200 ops),
 * optionally under the unprivileged or the `unshare -Upf` (hostEnvironment) profile; `--setids`
 * adds credential switches (the `setresuid` op) to the histories (other seeds, other histories).
 * `--real` instead replays each history on the real kernel (executor/real, root needed) and
 * compares every op's result with the simulated one (exit 1 on any mismatch), then diffs the
 * captured tree against the simulated snapshot (printed, informative: /proc cannot tell
 * everything). Use few seeds: `npm run soak -- kernel --real --seeds 50 --ops 100`. For each: the snapshot validates without
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

async function soakReal(from: number, seeds: number, ops: number, setids: boolean): Promise<number> {
  const { RealExecutor, realKernelAvailable } = await import('../executor/real/executor.js');
  const can = realKernelAvailable();
  if (!can.ok) {
    console.log(`SKIPPED: real-kernel differential: ${can.why}`);
    return 0;
  }
  let bad = 0;
  let compared = 0;
  for (let seed = from; seed < from + seeds; seed++) {
    const h = generateHistory(seed, { ops, setids });
    const ex = await RealExecutor.start();
    try {
      let ok = true;
      for (let i = 0; i < h.ops.length && ok; i++) {
        const r = await ex.run(h.ops[i]);
        const s = h.results[i];
        compared++;
        const same = r.ok === s.ok && (r.ok ? r.value === (s as { value?: number }).value : r.errno === (s as { errno: string }).errno);
        if (!same) {
          ok = false;
          bad++;
          console.log(`seed ${seed} op ${i} ${JSON.stringify(h.ops[i])}: sim ${JSON.stringify(s)} real ${JSON.stringify(r)}`);
        }
      }
      if (ok) for (const d of diffImages(h.image, ex.capture()).slice(0, 5)) console.log(`seed ${seed} capture (informative): ${d.message}`);
    } finally {
      await ex.teardown();
    }
  }
  console.log(`real-kernel differential: ${seeds} seeds, ${compared} ops compared, ${bad} seeds with a mismatching op`);
  return bad === 0 ? 0 : 1;
}

export default async function soak(args: string[]): Promise<number> {
  const seeds = arg(args, '--seeds', 20000);
  const ops = arg(args, '--ops', 200);
  const from = arg(args, '--from', 1);
  const setids = args.includes('--setids');
  if (args.includes('--real')) return soakReal(from, arg(args, '--seeds', 20), arg(args, '--ops', 100), setids);
  const profile = {
    ...(args.includes('--unprivileged') ? profileForVersion(DEFAULT_PROFILE.version, false) : DEFAULT_PROFILE),
    hostEnvironment: args.includes('--host-env'),
  };
  const t0 = performance.now();
  let bad = 0;
  let total = 0;
  const byRule = new Map<string, number>();
  for (let seed = from; seed < from + seeds; seed++) {
    const h = generateHistory(seed, { ops, profile, setids });
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
