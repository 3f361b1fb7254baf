/**
 * The planner under random mutations of reachable images (issue 4): each mutated image gets a
 * verified plan (which we replay again, independently, on the simulated kernel), a clean proof of
 * impossibility, or a distinct "undecided"; never a crash, a hang, or an unverified plan. The
 * image goes through the loader first (text -> parseImage), as it would from a file: a loader
 * rejection is a clean answer too. Seeds are fixed so a failure reproduces; the soak script
 * (npm run soak -- planner) covers far more unmutated seeds.
 */
import test from 'ava';
import { parseImage } from '../../model/load.js';
import { InputError } from '../../model/errors.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { renderNoPlan } from '../../planner/render/explanation.js';
import { renderListing } from '../../planner/render/listing.js';
import { fuzzCase } from './fuzz-image.js';

const CASES = Number(process.env.CRPLAN_FUZZ_CASES ?? 600);
/**
 * A hang detector, not a speed check (speed is `npm run bench`'s): the slowest case takes about
 * 6 s alone, and a loaded 2-core machine has stretched one to 10.5 s, so only a case far past
 * that counts as a hang.
 */
const CASE_LIMIT_MS = 60000;

test('mutated reachable images: verified plan, clean impossibility or undecided; never a crash, hang or unverified plan', (t) => {
  const counts = { plan: 0, impossible: 0, undecided: 0, rejectedByLoader: 0, unmutated: 0, plannerBug: 0 };
  const problems: string[] = [];
  const undecidedReasons = new Map<string, number>();
  let slowest = 0;
  for (let seed = 1; seed <= CASES; seed++) {
    const { img, what } = fuzzCase(seed);
    if (what.length === 0) counts.unmutated++;
    const tag = `seed ${seed} [${what.join('; ')}]`;
    let parsed;
    try {
      parsed = parseImage(JSON.stringify(img), `fuzz-${seed}.json`);
    } catch (e) {
      if (e instanceof InputError && !e.message.includes('\n')) { counts.rejectedByLoader++; continue; }
      problems.push(`${tag}: loader crashed: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const t0 = performance.now();
    let out;
    try {
      out = planImage(parsed);
    } catch (e) {
      problems.push(`${tag}: planner crashed: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (ms > CASE_LIMIT_MS) problems.push(`${tag}: took ${ms.toFixed(0)} ms`);
    if (out.kind === 'plan') {
      counts.plan++;
      if (!out.plan.summary.verified) { problems.push(`${tag}: unverified plan`); continue; }
      // independent check: replay the plan ourselves and diff against the mutated image
      const r = replayOnSimKernel(parsed, out.plan.ops);
      const diffs = r.failedAt === -1 ? diffImages(parsed, r.snapshot) : [];
      if (r.failedAt !== -1) problems.push(`${tag}: plan op ${r.failedAt} fails on replay`);
      else if (diffs.length) problems.push(`${tag}: plan replays to a different tree: ${diffs[0].message}`);
      renderListing(out.plan);
    } else if (out.kind === 'impossible') {
      counts.impossible++;
      const bad = out.proof.length === 0 || out.proof.some((p) => !p.rule || !p.message || p.chain.length === 0 || !Array.isArray(p.culprits));
      if (bad) problems.push(`${tag}: impossibility without a complete proof`);
      if (!renderNoPlan(out).startsWith('No plan exists')) problems.push(`${tag}: proof does not render`);
    } else {
      counts.undecided++;
      if (out.reason.startsWith('planner bug')) counts.plannerBug++;
      if (typeof out.reason !== 'string' || out.reason.length === 0) problems.push(`${tag}: undecided without a reason`);
      if (!renderNoPlan(out).startsWith('Undecided')) problems.push(`${tag}: undecided does not render`);
      const key = out.reason.replace(/\d+/g, 'N').slice(0, 100);
      undecidedReasons.set(key, (undecidedReasons.get(key) ?? 0) + 1);
    }
  }
  t.log(`${CASES} mutated images: ${counts.plan} verified plans, ${counts.impossible} impossible, ${counts.undecided} undecided, ${counts.rejectedByLoader} rejected by the loader, ${counts.unmutated} unmutated; slowest plan ${slowest.toFixed(0)} ms`);
  t.log(`undecided: ${counts.undecided} of ${CASES} (${counts.plannerBug} of them plans the planner itself caught failing verification: "planner bug")`);
  for (const [k, n] of [...undecidedReasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) t.log(`  ${n}x ${k}`);
  if (problems.length) t.log(`problems (${problems.length}):\n  ${problems.slice(0, 25).join('\n  ')}`);
  t.deepEqual(problems, [], 'every mutated image gets a clean answer');
});
