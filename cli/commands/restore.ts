/**
 * `crplan restore IMAGE [--hold] [--json]`: plan the image, run the plan on the real kernel inside
 * a fresh user+pid namespace (and fresh uts/ipc/net/mnt/cgroup/time ones), capture the restored
 * tree, diff it against the image, tear everything down (or hold it until Ctrl-C with --hold).
 * Exit 1 when there is no plan, an op fails, or the restored tree differs.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadAndPlan, reportNoPlan } from './plan.js';
import { restoreOnRealKernel, waitForInterrupt } from '../../executor/real/session.js';
import { holdBanner, opLine, verdict } from '../../executor/real/report.js';

interface Args {
  image: string;
  hold?: boolean;
  json?: boolean;
}

export const restoreCommand: CommandModule<object, Args> = {
  command: 'restore <image>',
  describe: 'plan an image and restore it on the real kernel in throwaway namespaces, then diff',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .option('hold', { type: 'boolean', default: false, describe: 'keep the restored tree alive until Ctrl-C and print how to inspect it' })
      .option('json', { type: 'boolean', default: false, describe: 'print results, capture and differences as JSON' })
      .example('sudo $0 restore examples/session01.json', 'restore, capture, diff, tear down')
      .example('sudo $0 restore examples/container.json --hold', 'keep the restored tree for inspection') as unknown as Argv<Args>,
  handler: async (a) => {
    const { image, outcome } = loadAndPlan(a.image);
    if (outcome.kind !== 'plan') {
      reportNoPlan(outcome, a.image, a.json === true);
      return;
    }
    const ops = outcome.plan.ops;
    const run = await restoreOnRealKernel(image, ops, {
      onResult: a.json ? undefined : (i, _op, r) => process.stdout.write(`${opLine(ops, i, r)}\n`),
      hold: a.hold
        ? async (ex) => {
          process.stderr.write(holdBanner(ex));
          await waitForInterrupt();
        }
        : undefined,
    });
    const v = verdict(run, ops, true);
    if (a.json) {
      process.stdout.write(`${JSON.stringify({ image: a.image, ok: v.ok, failedAt: run.failedAt, results: run.results, differences: run.differences, opsMs: run.opsMs, captured: run.snapshot }, null, 2)}\n`);
    } else process.stdout.write(`\n${v.lines.join('\n')}\n`);
    if (!v.ok) process.exitCode = 1;
  },
};
