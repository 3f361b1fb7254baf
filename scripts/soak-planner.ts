/**
 * Planner soak: for each seed, kernel/generator.ts generateHistory(seed) makes a reachable state,
 * the planner plans it and verifies the plan on the simulated kernel. Counts verified plans,
 * impossible and undecided answers and failures (a crash, or a plan that is not verified); prints
 * the failing seeds so each one reproduces with `--start SEED --seeds 1`.
 *   npm run soak -- planner [--seeds 100000] [--start 1] [--ops 200] [--quiet] [--setids] [--vm-forks] [--top 15] [--list FILE] [--from FILE]
 * (`--list FILE`: every undecided seed with its reason, one line each, so a later commit can re-run
 * just those with `--from FILE`, which plans the seeds its lines start with instead of a range;
 * written to a temp file, then renamed; `#` lines are comments. docs/hard-seeds-100k.txt is such a
 * list: the seeds of 1-100,000 that only re-plan variants plan, a regression list for them.)
 * (`--setids`: histories with credential switches, kernel/generator.ts GenerateOptions.setids;
 * `--vm-forks`: with CLONE_VM processes, GenerateOptions.vmForks.)
 * A generated state is reachable by construction, so "impossible" on one is suspicious too: its
 * seeds are printed next to the failures.
 */
import { readFileSync } from 'node:fs';
import { generateHistory } from '../kernel/generator.js';
import { planImage } from '../planner/index.js';
import { argNum, argVal } from './args.js';
import { writeFileAtomic } from '../cli/io.js';

export default async function soakPlanner(args: string[]): Promise<number> {
  const seeds = argNum(args, '--seeds', 100000);
  const start = argNum(args, '--start', 1);
  const ops = argNum(args, '--ops', 0);
  const quiet = args.includes('--quiet');
  const setids = args.includes('--setids');
  const vmForks = args.includes('--vm-forks');
  const top = argNum(args, '--top', 15); // how many undecided reasons to list
  const listFile = argVal(args, '--list');
  const fromFile = argVal(args, '--from');
  const seedList = fromFile === undefined ? undefined : seedsOfList(fromFile);
  const total = seedList ? seedList.length : seeds;
  const listed: string[] = [];
  const counts = { verified: 0, impossible: 0, undecided: 0, failures: 0 };
  const failing: string[] = [];
  const impossible: string[] = [];
  const undecided = new Map<string, number[]>();
  let slowest = { seed: -1, ms: 0 };
  let tasks = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const seed = seedList ? seedList[i] : start + i;
    const s0 = performance.now();
    try {
      const h = generateHistory(seed, { ...(ops ? { ops } : {}), setids, vmForks });
      tasks += h.image.tasks.length;
      const out = planImage(h.image);
      if (out.kind === 'plan') {
        if (out.plan.summary.verified) counts.verified++;
        else { counts.failures++; failing.push(`seed ${seed}: plan not verified`); }
      } else if (out.kind === 'impossible') {
        counts.impossible++;
        impossible.push(`seed ${seed}: ${out.proof[0]?.message ?? '?'} [${out.proof[0]?.rule ?? '?'}]`);
      } else {
        counts.undecided++;
        const bug = out.reason.startsWith('planner bug');
        if (bug) { counts.failures++; failing.push(`seed ${seed}: ${out.reason.slice(0, 300)}`); }
        // group undecided reasons by their wording without numbers, to show the few causes
        const key = out.reason.replace(/\d+/g, 'N').slice(0, 160);
        listed.push(`${seed} ${out.reason.replace(/\s+/g, ' ')}`);
        const list = undecided.get(key) ?? [];
        list.push(seed);
        undecided.set(key, list);
      }
    } catch (e) {
      counts.failures++;
      failing.push(`seed ${seed}: crash: ${(e as Error).message.split('\n')[0]}`);
    }
    const ms = performance.now() - s0;
    if (ms > slowest.ms) slowest = { seed, ms };
    const done = i + 1;
    if (!quiet && done % 5000 === 0) {
      console.log(`  ${done}/${total} seeds, ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  if (listFile) writeFileAtomic(listFile, listed.map((l) => `${l}\n`).join(''));
  console.log(`planner soak: ${seedList ? `${total} seeds from ${fromFile}` : `seeds ${start}..${start + seeds - 1} (${seeds})`}, ${tasks} tasks in all, ${secs.toFixed(1)} s (${(secs * 1000 / Math.max(1, total)).toFixed(1)} ms/seed, slowest seed ${slowest.seed}: ${slowest.ms.toFixed(0)} ms)`);
  console.log(`  verified ${counts.verified}, impossible ${counts.impossible}, undecided ${counts.undecided}, failures ${counts.failures}`);
  if (undecided.size) {
    console.log('  undecided, by reason:');
    for (const [k, v] of [...undecided].sort((a, b) => b[1].length - a[1].length).slice(0, top)) {
      console.log(`    ${v.length}x ${k} (seeds ${v.slice(0, 5).join(', ')}${v.length > 5 ? ', ...' : ''})`);
    }
  }
  if (impossible.length) {
    console.log(`  impossible (on reachable states; check each): ${impossible.length}`);
    for (const l of impossible.slice(0, 20)) console.log(`    ${l}`);
  }
  if (failing.length) {
    console.log(`  FAILING seeds (${failing.length}):`);
    for (const l of failing.slice(0, 50)) console.log(`    ${l}`);
    if (failing.length > 50) console.log(`    ... and ${failing.length - 50} more`);
  }
  return counts.failures > 0 ? 1 : 0;
}

/** The seeds a `--list` file names: the number each non-empty line starts with (`SEED reason`). */
function seedsOfList(file: string): number[] {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new Error(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`); }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return [];
    const m = /^(\d+)(\s|$)/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: a line must start with a seed number (SEED reason)`);
    return [Number(m[1])];
  });
}
