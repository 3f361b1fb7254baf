/**
 * Proofs soak: the answers the planner gives before planning (validation, proofs of
 * impossibility, unknowns; planner/index.ts beforePlanning) on generated states, which are
 * reachable by construction, so any such answer is a wrong proof. Fast (no planning): each seed
 * is read at the default size and at 40-120 ops, so a new proof in planner/checks/ can be run on
 * the whole 100k range before it lands.
 *   npm run soak -- proofs [--seeds 100000] [--start 1] [--setids] [--vm-forks]
 * (`--setids`, `--vm-forks`: histories with credential switches and CLONE_VM processes too,
 * kernel/generator.ts GenerateOptions: other states than the default seeds, which never have them.)
 */
import { generateHistory } from '../kernel/generator.js';
import { beforePlanning } from '../planner/index.js';
import { argNum } from './args.js';

export default async function soakProofs(args: string[]): Promise<number> {
  const seeds = argNum(args, '--seeds', 100000);
  const start = argNum(args, '--start', 1);
  const extra = { setids: args.includes('--setids'), vmForks: args.includes('--vm-forks') };
  const t0 = performance.now();
  const wrong: string[] = [];
  let states = 0;
  for (let seed = start; seed < start + seeds; seed++) {
    for (const ops of [undefined, 40 + (seed % 5) * 20]) {
      const out = beforePlanning(generateHistory(seed, ops === undefined ? extra : { ...extra, ops }).image, {});
      states++;
      if (!out) continue;
      const what = out.kind === 'impossible' ? `${out.proof[0]?.rule}: ${out.proof[0]?.message}` : out.kind === 'undecided' ? out.reason : out.kind;
      wrong.push(`seed ${seed}${ops === undefined ? '' : ` --ops ${ops}`}: ${out.kind}: ${what}`);
    }
  }
  console.log(`proofs soak: seeds ${start}..${start + seeds - 1}${extra.setids ? ' --setids' : ''}${extra.vmForks ? ' --vm-forks' : ''}, ${states} generated states, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  answered before planning (each one a wrong proof or a wrong refusal): ${wrong.length}`);
  for (const w of wrong.slice(0, 20)) console.log(`    ${w}`);
  return wrong.length > 0 ? 1 : 0;
}
