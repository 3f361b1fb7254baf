/**
 * What-if sweep: every scenario option on every example (examples/*.json), through the same code
 * path as `crplan whatif` (cli/commands/whatif.ts scenariosFromArgs + whatif/compare.ts runWhatIf).
 * The per-task options (--dead, --drop, --no-subreaper, --setsid) are tried on every task of every
 * example. Prints the outcome counts and every answer that needs a look:
 * - "planner bug" (a plan that failed verification) and "undecided" should be zero;
 * - "impossible" answers are listed with their rule, to check each one is a genuine impossibility;
 * - "refused" is a scenario the option itself rejects (e.g. --dead of a pid-ns init), a usage error;
 * - undecided answers on an example whose baseline is itself undecided are counted apart;
 * - an unverified plan or an impossibility without a rule counts as a planner bug;
 * - for --unprivileged, the exact restore's answer (report.exact) is listed too.
 *   npm run soak -- whatif [--example NAME] [--option --dead] [--quiet]
 * Exit 1 when any answer is a planner bug or a crash.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadImageFile } from '../model/load.js';
import type { Image } from '../model/image.js';
import { isLeader } from '../model/image.js';
import { scenariosFromArgs } from '../cli/commands/whatif.js';
import { runWhatIf } from '../whatif/compare.js';
import { planImage } from '../planner/index.js';
import { CrplanError } from '../model/errors.js';
import { argVal } from './args.js';
import { ALL_FEATURES } from '../kernel/profile.js';

type Outcome = 'restorable' | 'impossible' | 'undecided' | 'planner bug' | 'refused' | 'crash';

interface Case { example: string; args: Record<string, unknown>; label: string }

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** Every option of `crplan whatif` but --target, as the parsed yargs arguments. */
function casesFor(example: string, image: Image): Case[] {
  const out: Case[] = [];
  const add = (label: string, args: Record<string, unknown>) => out.push({ example, label, args: { image: example, ...args } });
  add('--kernel 5.4', { kernel: '5.4' });
  for (const f of ALL_FEATURES) add(`--without ${f}`, { without: f });
  add('--unprivileged', { unprivileged: true });
  add('--forbid clone-parent', { forbid: ['clone-parent'] });
  add('--forbid helpers', { forbid: ['helpers'] });
  add('--max-helpers 0', { 'max-helpers': 0 });
  add('--max-helpers 1', { 'max-helpers': 1 });
  add(`--target ${example}`, { target: example });
  for (const t of image.tasks) {
    const tid = t.pid[0];
    add(`--dead ${tid}`, { dead: [tid] });
    // the process options act on a whole process: once per process
    if (!isLeader(t)) continue;
    add(`--drop ${tid}`, { drop: [tid] });
    add(`--no-subreaper ${tid}`, { 'no-subreaper': [tid] });
    add(`--setsid ${tid}`, { setsid: [tid] });
  }
  return out;
}

function runCase(c: Case, image: Image): { outcome: Outcome; detail: string; exact?: string } {
  try {
    const { scenarios } = scenariosFromArgs(c.args as unknown as Parameters<typeof scenariosFromArgs>[0]);
    const { report, scenario } = runWhatIf(image, c.example, scenarios);
    const exact = report.exact ? `${report.exact.outcome}${report.exact.binding.length ? ` [${report.exact.binding.join(', ')}]` : ''}` : undefined;
    if (scenario.kind === 'plan') {
      if (!scenario.plan.summary.verified) return { outcome: 'planner bug', detail: 'plan not verified' };
      return { outcome: 'restorable', detail: '', ...(exact ? { exact } : {}) };
    }
    if (scenario.kind === 'impossible') {
      const p = scenario.proof[0];
      if (!p?.rule || p.chain.length === 0) return { outcome: 'planner bug', detail: `impossible without a rule or a chain: ${p?.message ?? '?'}` };
      return { outcome: 'impossible', detail: `[${p.rule}] ${p.message}`, ...(exact ? { exact } : {}) };
    }
    return scenario.reason.startsWith('planner bug')
      ? { outcome: 'planner bug', detail: scenario.reason }
      : { outcome: 'undecided', detail: scenario.reason };
  } catch (e) {
    if (e instanceof CrplanError) return { outcome: 'refused', detail: e.message };
    return { outcome: 'crash', detail: (e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e) };
  }
}

export default async function soakWhatif(args: string[]): Promise<number> {
  const only = argVal(args, '--example');
  const option = argVal(args, '--option');
  const quiet = args.includes('--quiet');
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && (!only || f === only || f === `${only}.json`)).sort();
  const counts: Record<Outcome, number> = { restorable: 0, impossible: 0, undecided: 0, 'planner bug': 0, refused: 0, crash: 0 };
  const listed: Record<Outcome, string[]> = { restorable: [], impossible: [], undecided: [], 'planner bug': [], refused: [], crash: [] };
  const baselineNotPlanned = new Set<string>();
  let undecidedBaseline = 0;
  const exacts: string[] = [];
  const t0 = performance.now();
  for (const f of files) {
    const path = join('examples', f);
    const image = loadImageFile(join(EXAMPLES, f));
    if (planImage(image).kind !== 'plan') baselineNotPlanned.add(f);
    for (const c of casesFor(path, image)) {
      if (option && !c.label.startsWith(option)) continue;
      const r = runCase(c, image);
      counts[r.outcome]++;
      if (r.outcome === 'undecided' && baselineNotPlanned.has(f)) undecidedBaseline++;
      listed[r.outcome].push(`${basename(f)} ${c.label}: ${r.detail.slice(0, 240)}`);
      if (r.exact) exacts.push(`${basename(f)} ${c.label}: exact restore ${r.exact}`);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`whatif sweep: ${files.length} examples, ${total} scenarios, ${secs.toFixed(1)} s`);
  console.log(`  ${(Object.keys(counts) as Outcome[]).map((k) => `${k} ${counts[k]}`).join(', ')}`);
  if (baselineNotPlanned.size) console.log(`  (${undecidedBaseline} of the undecided are on example(s) whose baseline is itself not planned: ${[...baselineNotPlanned].join(', ')})`);
  for (const k of ['crash', 'planner bug', 'undecided', 'impossible', 'refused'] as Outcome[]) {
    if (!listed[k].length || (quiet && (k === 'impossible' || k === 'refused'))) continue;
    console.log(`  ${k} (${listed[k].length}):`);
    for (const l of listed[k]) console.log(`    ${l}`);
  }
  if (exacts.length && !quiet) {
    console.log(`  exact restore next to the best remaining one (${exacts.length}):`);
    for (const l of exacts) console.log(`    ${l}`);
  }
  return counts.crash + counts['planner bug'] > 0 ? 1 : 0;
}
