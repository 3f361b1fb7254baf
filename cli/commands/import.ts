import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const importCommand: CommandModule = {
  command: 'import',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('import: not built yet', 2);
  },
};
