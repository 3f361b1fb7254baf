/**
 * `crplan script IMAGE --format c|sh -o FILE`: plan the image (the plan must be verified on the
 * simulated kernel) and emit a restart program: standalone C (script/c.ts), or a shell script that
 * drives crplan's agent (script/sh.ts, `crplan-agent play`). Exit 1 when there is no verified plan.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadImage, reportNoPlan } from './plan.js';
import { planImage } from '../../planner/index.js';
import { planToC } from '../../script/c.js';
import { planToSh } from '../../script/sh.js';
import { writeFileAtomic } from '../io.js';
import { CrplanError } from '../../model/errors.js';
import { AGENT_PATH } from '../../executor/real/executor.js';

interface Args {
  image: string;
  format: string;
  output?: string;
  json?: boolean;
}

export const scriptCommand: CommandModule<object, Args> = {
  command: 'script <image>',
  describe: 'emit a restart program for the verified plan (standalone C, or sh that drives crplan-agent)',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .option('format', { type: 'string', choices: ['c', 'sh'], default: 'c', describe: 'c: a standalone C program; sh: a shell script that drives crplan-agent play' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the program here (default: stdout)' })
      .option('json', { type: 'boolean', default: false, describe: 'with -o: print a JSON summary instead of text' })
      .example('$0 script examples/session01.json --format c -o restore.c', 'then: cc -Wall -Werror -o restore restore.c && sudo ./restore --hold')
      .example('$0 script examples/session01.json --format sh -o restore.sh', 'then: sudo sh restore.sh') as unknown as Argv<Args>,
  handler: (a) => {
    if (a.format !== 'c' && a.format !== 'sh') throw new CrplanError(`--format: '${a.format}' is not c or sh`, 2);
    const image = loadImage(a.image);
    const outcome = planImage(image);
    if (outcome.kind !== 'plan') {
      reportNoPlan(outcome, a.image, a.json === true);
      return;
    }
    const plan = outcome.plan;
    if (!plan.summary.verified) throw new CrplanError(`${a.image}: the plan was not verified on the simulated kernel; no script emitted`, 1);
    const name = a.image.split('/').pop() ?? a.image;
    const text = a.format === 'c' ? planToC(plan, { imageName: name }) : planToSh(plan, { imageName: name });
    if (!a.output) {
      process.stdout.write(text);
      return;
    }
    writeFileAtomic(a.output, text, a.format === 'sh' ? 0o755 : 0o644);
    const summary = { image: a.image, format: a.format, output: a.output, tasks: plan.summary.tasks, helpers: plan.helpers.length, operations: plan.ops.length, lines: text.split('\n').length - 1 };
    if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(`wrote ${a.output}: ${a.format === 'c' ? 'C program' : 'shell script'}, ${summary.lines} lines, ${summary.operations} operations for ${summary.tasks} tasks and ${summary.helpers} helper(s)\n${a.format === 'c' ? `build: cc -Wall -Werror -O2 -o restore ${a.output}\nrun:   sudo ./restore [--hold]   (or inside unshare -Upf --map-root-user)\n` : `run:   sudo sh ${a.output} [--hold]   (or inside unshare -Upf --map-root-user; agent: $CRPLAN_AGENT, else ${AGENT_PATH})\n`}`);
  },
};
