import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const validateCommand: CommandModule = {
  command: 'validate',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('validate: not built yet', 2);
  },
};
