/** `crplan show IMAGE`: the image as a readable tree (or the image itself, normalised, with --json). */
import type { CommandModule } from 'yargs';
import { renderShow } from '../../model/show.js';
import { loadImageArg } from '../input.js';

interface Args { image: string; json: boolean }

export const showCommand: CommandModule<object, Args> = {
  command: 'show <image>',
  describe: 'Show an image: process tree, pids per level, sessions, groups, namespaces and sharing',
  builder: (y) => y
    .positional('image', { type: 'string', demandOption: true, describe: 'crplan image file or CRIU image directory' })
    .option('json', { type: 'boolean', default: false, describe: 'print the loaded image as JSON (e.g. to convert a CRIU directory)' })
    .example('$0 show examples/container.json', 'print the tree and the namespace picture') as never,
  handler: (argv) => {
    const { image, warnings, file } = loadImageArg(argv.image);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify(image, null, 2)}\n`);
      return;
    }
    for (const w of warnings) process.stdout.write(`${file}: import warning: ${w}\n`);
    process.stdout.write(`${renderShow(image, file)}\n`);
  },
};
