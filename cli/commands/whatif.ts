/**
 * `crplan whatif IMAGE [scenario options] [--json]`: plan the image as it is and under changed
 * assumptions (combinable scenarios, applied in the order below), and print both side by side.
 * Exit 0 when the scenario is restorable, 1 when it is not, 2 on unusable input.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadImage } from './plan.js';
import type { Scenario } from '../../whatif/scenario.js';
import { kernelScenario, parseFeatures, withoutScenario } from '../../whatif/scenarios/kernel.js';
import { forbidScenario, maxHelpersScenario } from '../../whatif/scenarios/rules.js';
import { deadScenario } from '../../whatif/scenarios/dead.js';
import { dropScenario } from '../../whatif/scenarios/drop.js';
import { noSubreaperScenario, setsidScenario } from '../../whatif/scenarios/flags.js';
import { unprivilegedScenario } from '../../whatif/scenarios/unprivileged.js';
import { targetCollisions, targetScenario } from '../../whatif/scenarios/target.js';
import { runWhatIf } from '../../whatif/compare.js';
import { renderWhatIf } from '../../whatif/render.js';
import { CrplanError } from '../../model/errors.js';
import { writeFileAtomic } from '../io.js';

interface Args {
  image: string;
  kernel?: string;
  without?: string;
  unprivileged?: boolean;
  target?: string;
  dead?: number[];
  drop?: number[];
  'no-subreaper'?: number[];
  setsid?: number[];
  forbid?: string[];
  'max-helpers'?: number;
  json?: boolean;
  'emit-image'?: string;
}

const tids = (v: unknown, opt: string): number[] => {
  const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(','));
  return list.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new CrplanError(`--${opt}: '${s}' is not a task's level-0 tid`, 2);
    return n;
  });
};

export function scenariosFromArgs(a: Args): { scenarios: Scenario[]; target?: { image: ReturnType<typeof loadImage>; name: string } } {
  const s: Scenario[] = [];
  for (const t of tids(a.drop, 'drop')) s.push(dropScenario(t));
  for (const t of tids(a.dead, 'dead')) s.push(deadScenario(t));
  for (const t of tids(a['no-subreaper'], 'no-subreaper')) s.push(noSubreaperScenario(t));
  for (const t of tids(a.setsid, 'setsid')) s.push(setsidScenario(t));
  if (a.unprivileged) s.push(unprivilegedScenario());
  if (a.kernel !== undefined) s.push(kernelScenario(String(a.kernel)));
  if (a.without !== undefined) s.push(withoutScenario(parseFeatures(String(a.without))));
  for (const f of (a.forbid ?? []).flatMap((x) => String(x).split(','))) s.push(forbidScenario(f));
  if (a['max-helpers'] !== undefined) s.push(maxHelpersScenario(Number(a['max-helpers'])));
  let target;
  if (a.target !== undefined) {
    target = { image: loadImage(a.target), name: a.target };
    s.push(targetScenario(target.image, a.target));
  }
  return { scenarios: s, ...(target ? { target } : {}) };
}

export const whatifCommand: CommandModule<object, Args> = {
  command: 'whatif <image>',
  describe: 'plan the image under changed assumptions and compare with the baseline',
  builder: (y: Argv) =>
    y
      // `--no-subreaper TASK` is an option of its own, not the negation of a `--subreaper`
      .parserConfiguration({ 'boolean-negation': false })
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .option('kernel', { type: 'string', describe: 'restore on this kernel version (e.g. 5.4)' })
      .option('without', { type: 'string', describe: 'kernel features missing: clone3,set_tid,pidfd-setns,time-ns,checkpoint-restore-cap,per-ns-pid-max' })
      .option('unprivileged', { type: 'boolean', describe: 'the restorer has no capability outside a user ns it creates' })
      .option('target', { type: 'string', describe: 'a captured image of the target host: pid/group/session collisions' })
      .option('dead', { type: 'number', array: true, describe: 'this task had exited before the checkpoint' })
      .option('drop', { type: 'number', array: true, describe: 'leave this task\'s subtree out' })
      .option('no-subreaper', { type: 'number', array: true, describe: 'this process is not a child subreaper' })
      .option('setsid', { type: 'number', array: true, describe: 'this process had called setsid' })
      .option('forbid', { type: 'string', array: true, describe: 'restorer rules: clone-parent, helpers' })
      .option('max-helpers', { type: 'number', describe: 'at most N helper tasks' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
      .option('emit-image', { type: 'string', describe: 'also write the transformed image here (to validate or plan it on its own)' })
      .example('$0 whatif examples/session00.json --forbid clone-parent', 'a restorer without CLONE_PARENT')
      .example('$0 whatif examples/session01.json --kernel 5.4 --json', 'restore on Linux 5.4, JSON report')
      .example('$0 whatif examples/session00-host.json --target host.json', 'pid collisions on the target host')
      .example('$0 whatif examples/session00.json --dead 2 --emit-image dead2.json', 'keep the transformed image for crplan validate') as unknown as Argv<Args>,
  handler: (a) => {
    const image = loadImage(a.image);
    const { scenarios, target } = scenariosFromArgs(a);
    const { report, scenarioImage } = runWhatIf(image, a.image, scenarios);
    if (a['emit-image'] !== undefined) writeFileAtomic(a['emit-image'], `${JSON.stringify(scenarioImage, null, 2)}\n`);
    const collisions = target ? targetCollisions(image, target.image, target.name) : undefined;
    if (a.json) process.stdout.write(`${JSON.stringify({ ...report, ...(collisions ? { target: collisions } : {}) }, null, 2)}\n`);
    else process.stdout.write(renderWhatIf(report));
    if (!report.scenario.restorable) process.exitCode = 1;
  },
};
