/**
 * `crplan simulate IMAGE PLAN`: replay a plan file on the simulated kernel, print each operation's
 * result, then diff the restored tree against the image and print every difference. Exit 1 on a
 * failed operation or any difference.
 */
import { createHash } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { loadImage } from './plan.js';
import { readPlanFile } from '../../planner/plan-file.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { formatCall } from '../../planner/render/listing.js';
import type { OpResult } from '../../executor/ops.js';
import type { Difference } from '../../executor/contract.js';

interface Args {
  image: string;
  plan: string;
  json?: boolean;
}

function resultText(r: OpResult | undefined): string {
  if (!r) return 'not run';
  if (r.ok) return r.value !== undefined ? `= ${r.value}` : 'ok';
  return `FAILED ${r.errno}${r.rule ? ` (${r.rule})` : ''}`;
}

export const simulateCommand: CommandModule<object, Args> = {
  command: 'simulate <image> <plan>',
  describe: 'replay a plan on the simulated kernel and diff the result against the image',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan file written by `crplan plan -o`' })
      .option('json', { type: 'boolean', default: false, describe: 'print results and differences as JSON' })
      .example('$0 simulate examples/session01.json session01.plan.json', 'replay and diff; exit 1 on any difference') as unknown as Argv<Args>,
  handler: (a) => {
    const image = loadImage(a.image);
    const plan = readPlanFile(a.plan);
    const sha = createHash('sha256').update(JSON.stringify(image)).digest('hex');
    const sameImage = sha === plan.image.sha256;
    const replay = replayOnSimKernel(image, plan.ops);
    const diffs: Difference[] = replay.failedAt === -1 ? diffImages(image, replay.snapshot) : [];
    const ok = replay.failedAt === -1 && diffs.length === 0;
    if (a.json) {
      process.stdout.write(`${JSON.stringify({
        image: a.image, plan: a.plan, sameImageHash: sameImage, ok,
        failedAt: replay.failedAt, results: replay.results, differences: diffs,
      }, null, 2)}\n`);
    } else {
      const out: string[] = [];
      if (!sameImage) out.push(`note: ${a.plan} was made for another image (sha256 ${plan.image.sha256.slice(0, 12)}, this one ${sha.slice(0, 12)})`);
      const iw = String(Math.max(0, plan.ops.length - 1)).length;
      const aw = Math.min(12, Math.max(5, ...plan.ops.map((o) => o.actor.length)));
      plan.ops.forEach((op, i) => {
        const r = replay.results[i];
        const mark = !r ? ' ' : r.ok ? ' ' : '!';
        out.push(`${mark}${String(i).padStart(iw)}  ${op.actor.padEnd(aw)}  ${formatCall(op)}  ${resultText(r)}`);
      });
      if (replay.failedAt !== -1) {
        const op = plan.ops[replay.failedAt];
        out.push('', `FAILED: op ${replay.failedAt} (${op.actor}: ${formatCall(op)}) returned ${resultText(replay.results[replay.failedAt]).replace(/^FAILED /, '')}; ${plan.ops.length - replay.failedAt - 1} later ops not run.`);
      } else if (diffs.length > 0) {
        out.push('', `DIFFERENT: the restored tree differs from the image in ${diffs.length} place${diffs.length === 1 ? '' : 's'}:`);
        for (const d of diffs) out.push(`  ${d.kind}${d.task !== undefined ? ` task ${d.task}` : ''}: ${d.message}`);
      } else {
        out.push('', `OK: ${plan.ops.length} operations replayed, the restored tree is identical to the image.`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    }
    if (!ok) process.exitCode = 1;
  },
};
