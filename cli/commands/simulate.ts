import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const simulateCommand: CommandModule = {
  command: 'simulate',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('simulate: not built yet', 2);
  },
};
