import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const planCommand: CommandModule = {
  command: 'plan',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('plan: not built yet', 2);
  },
};
