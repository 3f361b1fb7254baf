/**
 * `crplan plan IMAGE [-o PLAN] [--json]`: plan the restore of an image, print the listing (or the
 * plan JSON) and write the plan file. Exit 1 with the explanation when no plan exists or the
 * planner cannot decide.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadImageArg } from '../input.js';
import { planImage } from '../../planner/index.js';
import type { PlanOutcome } from '../../planner/api.js';
import type { Image } from '../../model/image.js';
import { renderListing } from '../../planner/render/listing.js';
import { noPlanToJson, renderNoPlan } from '../../planner/render/explanation.js';
import { planToText, writePlanFile } from '../../planner/plan-file.js';

export interface PlannedImage {
  image: Image;
  outcome: PlanOutcome;
}

/** Load IMAGE (a crplan image file or a CRIU image directory); import warnings go to stderr. */
export function loadImage(path: string): Image {
  const { image, warnings } = loadImageArg(path);
  for (const w of warnings) process.stderr.write(`crplan: warning: ${path}: ${w}\n`);
  return image;
}

/** Load IMAGE (a crplan image file or a CRIU image directory) and plan it. Shared by plan, explain and graph. */
export function loadAndPlan(path: string, opts: { fallbackOnly?: boolean; budgetMs?: number } = {}): PlannedImage {
  const image = loadImage(path);
  const outcome = planImage(image, {
    ...(opts.fallbackOnly ? { fallbackOnly: true } : {}),
    ...(opts.budgetMs !== undefined ? { componentBudgetMs: opts.budgetMs } : {}),
  });
  return { image, outcome };
}

/** Print why there is no plan (text or JSON) and set exit code 1. */
export function reportNoPlan(outcome: Exclude<PlanOutcome, { kind: 'plan' }>, name: string, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify({ image: name, ...noPlanToJson(outcome) }, null, 2)}\n`);
  else process.stdout.write(renderNoPlan(outcome, name));
  process.exitCode = 1;
}

interface Args {
  image: string;
  output?: string;
  json?: boolean;
  'fallback-only'?: boolean;
  'budget-ms'?: number;
}

export const planCommand: CommandModule<object, Args> = {
  command: 'plan <image>',
  describe: 'plan the restore of an image: the ordered syscalls, who makes them and why',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the plan file (crplan-plan/1 JSON) here' })
      .option('json', { type: 'boolean', default: false, describe: 'print the plan (or the explanation) as JSON' })
      .option('fallback-only', { type: 'boolean', default: false, describe: 'skip the LP solver: constructive fallback for every component' })
      .option('budget-ms', { type: 'number', describe: 'time budget per solver component, ms (default 200)' })
      .example('$0 plan examples/session01.json', 'print the plan listing')
      .example('$0 plan examples/session01.json -o session01.plan.json', 'also write the plan file')
      .example('$0 plan image.json --json', 'print the plan as JSON for tools') as unknown as Argv<Args>,
  handler: (a) => {
    const { outcome } = loadAndPlan(a.image, { fallbackOnly: a['fallback-only'], budgetMs: a['budget-ms'] });
    if (outcome.kind !== 'plan') {
      reportNoPlan(outcome, a.image, a.json === true);
      return;
    }
    const plan = outcome.plan;
    if (a.output) writePlanFile(a.output, plan);
    if (a.json) process.stdout.write(planToText(plan));
    else {
      process.stdout.write(renderListing(plan, { title: a.image }));
      if (a.output) process.stdout.write(`wrote ${a.output}\n`);
    }
  },
};
