/**
 * `crplan capture [--pid PID] -o IMAGE`: read a live process tree from /proc into a crplan image
 * (capture/live.ts): the whole visible system, or the subtree under PID with PID's pid namespace
 * as the image's level 0. What /proc cannot tell is null and listed in source.unknown.
 */
import type { Argv, CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { captureLive } from '../../capture/live.js';
import { AGENT_PATH } from '../../executor/real/executor.js';
import { writeFileAtomic } from '../io.js';
import { CrplanError } from '../../model/errors.js';

interface Args {
  pid?: number;
  output?: string;
  json?: boolean;
}

export const captureCommand: CommandModule<object, Args> = {
  command: 'capture',
  describe: 'capture a live process tree from /proc into an image',
  builder: (y: Argv) =>
    y
      .option('pid', { type: 'number', describe: 'capture the subtree under this pid (its pid ns becomes level 0); default: every visible process' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the image here' })
      .option('json', { type: 'boolean', default: false, describe: 'print the image JSON on stdout' })
      .example('sudo $0 capture --pid 4242 -o tree.json', 'capture the tree under pid 4242')
      .example('sudo $0 capture -o host.json', 'capture every visible process') as unknown as Argv<Args>,
  handler: (a) => {
    if (!a.output && !a.json) throw new CrplanError('capture: say where the image goes (-o IMAGE) or ask for --json', 2);
    if (a.pid !== undefined && (!Number.isInteger(a.pid) || a.pid <= 0 || !existsSync(`/proc/${a.pid}`))) {
      throw new CrplanError(`capture: --pid ${a.pid}: no such process in /proc`, 2);
    }
    if (!existsSync(AGENT_PATH)) throw new CrplanError(`capture: the agent is not built (${AGENT_PATH}); run node scripts/build-agent.mjs`, 2);
    const image = captureLive({
      agentPath: AGENT_PATH,
      ...(a.pid !== undefined ? { rootPid: a.pid } : {}),
      source: { kind: 'capture', origin: `${hostname()}${a.pid !== undefined ? ` pid ${a.pid}` : ''} at ${new Date().toISOString()}` },
      description: a.pid !== undefined ? `live tree under pid ${a.pid}` : 'every visible process',
    });
    const text = `${JSON.stringify(image, null, 2)}\n`;
    if (a.output) writeFileAtomic(a.output, text);
    if (a.json) process.stdout.write(text);
    else {
      const zombies = image.tasks.filter((t) => t.state === 'zombie').length;
      const stopped = image.tasks.filter((t) => t.state === 'stopped').length;
      process.stdout.write(`captured ${image.tasks.length} tasks (${zombies} zombies, ${stopped} stopped), ${image.namespaces.length} namespaces -> ${a.output}\n`);
      for (const u of image.source?.unknown ?? []) process.stdout.write(`  unknown: ${u}\n`);
    }
  },
};
