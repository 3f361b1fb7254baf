import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const captureCommand: CommandModule = {
  command: 'capture',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('capture: not built yet', 2);
  },
};
