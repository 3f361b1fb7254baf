import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const scriptCommand: CommandModule = {
  command: 'script',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('script: not built yet', 2);
  },
};
