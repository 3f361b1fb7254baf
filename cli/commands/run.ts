/**
 * `crplan run PLAN [--image IMAGE] [--hold] [--json]`: run a plan file on the real kernel in
 * throwaway namespaces; with --image, diff the captured tree against that image. Exit 1 when an
 * op fails or the tree differs.
 */
import type { Argv, CommandModule } from 'yargs';
import { createHash } from 'node:crypto';
import { readPlanFile } from '../../planner/plan-file.js';
import { loadImage } from './plan.js';
import { restoreOnRealKernel, waitForInterrupt } from '../../executor/real/session.js';
import { holdBanner, opLine, verdict } from '../../executor/real/report.js';

interface Args {
  plan: string;
  image?: string;
  hold?: boolean;
  json?: boolean;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run <plan>',
  describe: 'run a plan file on the real kernel in throwaway namespaces (diff against --image)',
  builder: (y: Argv) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan file written by `crplan plan -o`' })
      .option('image', { type: 'string', describe: 'the image the plan restores: diff the captured tree against it' })
      .option('hold', { type: 'boolean', default: false, describe: 'keep the tree alive until Ctrl-C and print how to inspect it' })
      .option('json', { type: 'boolean', default: false, describe: 'print results, capture and differences as JSON' })
      .example('sudo $0 run session01.plan.json --image examples/session01.json', 'run and diff') as unknown as Argv<Args>,
  handler: async (a) => {
    const plan = readPlanFile(a.plan);
    const image = a.image ? loadImage(a.image) : null;
    if (image && !a.json) {
      const sha = createHash('sha256').update(JSON.stringify(image)).digest('hex');
      if (sha !== plan.image.sha256) process.stdout.write(`note: ${a.plan} was made for another image (sha256 ${plan.image.sha256.slice(0, 12)}, this one ${sha.slice(0, 12)})\n`);
    }
    const ops = plan.ops;
    const run = await restoreOnRealKernel(image, ops, {
      onResult: a.json ? undefined : (i, _op, r) => process.stdout.write(`${opLine(ops, i, r)}\n`),
      hold: a.hold
        ? async (ex) => {
          process.stderr.write(holdBanner(ex));
          await waitForInterrupt();
        }
        : undefined,
    });
    const v = verdict(run, ops, image !== null);
    if (a.json) {
      process.stdout.write(`${JSON.stringify({ plan: a.plan, ok: v.ok, failedAt: run.failedAt, results: run.results, differences: run.differences, opsMs: run.opsMs, captured: run.snapshot }, null, 2)}\n`);
    } else process.stdout.write(`\n${v.lines.join('\n')}\n`);
    if (!v.ok) process.exitCode = 1;
  },
};
