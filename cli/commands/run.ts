import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const runCommand: CommandModule = {
  command: 'run',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('run: not built yet', 2);
  },
};
