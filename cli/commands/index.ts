import type { CommandModule } from 'yargs';
import { validateCommand } from './validate.js';
import { showCommand } from './show.js';
import { planCommand } from './plan.js';
import { simulateCommand } from './simulate.js';
import { explainCommand } from './explain.js';
import { graphCommand } from './graph.js';
import { restoreCommand } from './restore.js';
import { runCommand } from './run.js';
import { captureCommand } from './capture.js';
import { whatifCommand } from './whatif.js';
import { scriptCommand } from './script.js';
import { importCommand } from './import.js';

/** Every crplan command, in the order `crplan --help` lists them. */
export const commands: CommandModule[] = [
  validateCommand, showCommand, planCommand, simulateCommand, explainCommand, graphCommand,
  restoreCommand, runCommand, captureCommand, whatifCommand, scriptCommand, importCommand,
] as CommandModule[];
