import type { CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';

// Placeholder until this command lands; owned by the issue that builds it.
export const graphCommand: CommandModule = {
  command: 'graph',
  describe: '(not built yet)',
  handler: () => {
    throw new CrplanError('graph: not built yet', 2);
  },
};
