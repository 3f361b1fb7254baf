import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const explainCommand: CommandModule = {
  command: 'explain',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('explain: not built yet', 2);
  },
};
