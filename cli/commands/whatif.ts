import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const whatifCommand: CommandModule = {
  command: 'whatif',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('whatif: not built yet', 2);
  },
};
