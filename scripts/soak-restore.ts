/**
 * Real-kernel restores of planned generated states (executor/real/generated-restores.ts):
 *   npm run soak -- restore [--seeds 2000] [--start 1] [--ops 40] [--setids] [--vm-forks] [--quiet]
 * (`--ops 0`: the generator's default size; `--setids`: histories with credential switches;
 * `--vm-forks`: with CLONE_VM processes.)
 * Counts restored (clean diff), failed (an op failed on Linux or the tree differs: a planner or
 * simulator bug, printed with its seed) and not planned. Needs root, like the real-kernel tests.
 */
import { restoreGenerated } from '../executor/real/generated-restores.js';
import { realKernelAvailable } from '../executor/real/executor.js';
import { argNum } from './args.js';

export default async function soakRestore(args: string[]): Promise<number> {
  const c = realKernelAvailable();
  if (!c.ok) {
    console.log(`*** SKIPPED: ${c.why} (real restores need root, user namespaces and the built agent) ***`);
    return 0;
  }
  const seeds = argNum(args, '--seeds', 2000);
  const start = argNum(args, '--start', 1);
  const ops = argNum(args, '--ops', 40);
  const quiet = args.includes('--quiet');
  const setids = args.includes('--setids');
  const vmForks = args.includes('--vm-forks');
  const counts = { restored: 0, failed: 0, 'no-plan': 0 };
  const failing: string[] = [];
  let tasks = 0;
  const t0 = performance.now();
  for (let seed = start; seed < start + seeds; seed++) {
    const r = await restoreGenerated(seed, ops, setids, vmForks);
    counts[r.verdict]++;
    if (r.verdict === 'restored') tasks += r.tasks;
    if (r.verdict === 'failed') failing.push(`seed ${seed}: ${r.detail}`);
    if (!quiet && (seed - start + 1) % 500 === 0) console.log(`  ${seed - start + 1}/${seeds}: ${JSON.stringify(counts)}`);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`real restores: seeds ${start}..${start + seeds - 1} (ops ${ops || 'default'}${setids ? ', setids' : ''}${vmForks ? ', vm-forks' : ''}), ${secs.toFixed(1)} s`);
  console.log(`  restored ${counts.restored} (${tasks} tasks), failed ${counts.failed}, not planned ${counts['no-plan']}`);
  for (const l of failing.slice(0, 30)) console.log(`  FAILED ${l}`);
  return counts.failed > 0 ? 1 : 0;
}
