import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const showCommand: CommandModule = {
  command: 'show',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('show: not built yet', 2);
  },
};
