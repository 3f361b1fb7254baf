import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const restoreCommand: CommandModule = {
  command: 'restore',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('restore: not built yet', 2);
  },
};
