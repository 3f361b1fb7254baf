/**
 * `crplan import criu DIR -o IMAGE`: convert a CRIU image directory (binary *.img, or the JSON
 * CRIU's decoder prints) into a crplan image file. Exit 0 on success, 2 on unusable input (one
 * line naming the file and byte offset or JSON path). Warnings (what could safely be ignored) go
 * to stderr; the facts CRIU cannot record are listed, and kept in the image's source.unknown.
 */
import type { CommandModule } from 'yargs';
import { importCriuDir } from '../../criu/import.js';
import { writeFileAtomic } from '../io.js';

interface Args { format: string; dir: string; output?: string; json: boolean }

export const importCommand: CommandModule<object, Args> = {
  command: 'import <format> <dir>',
  describe: 'Convert a checkpoint from another tool (CRIU image directory) into a crplan image',
  builder: (y) => y
    .positional('format', { type: 'string', choices: ['criu'], demandOption: true, describe: 'the source format' })
    .positional('dir', { type: 'string', demandOption: true, describe: 'CRIU image directory (pstree.img, core-*.img, ids-*.img, inventory.img, utsns-*.img; or their decoded *.json)' })
    .option('output', { alias: 'o', type: 'string', describe: 'crplan image file to write (default: print the image on stdout)' })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary (output file, counts, warnings, unknowns) instead of text' })
    .example('$0 import criu /var/lib/criu/dump1 -o dump1.json', 'convert a CRIU dump, then `crplan validate dump1.json`')
    .example('$0 validate /var/lib/criu/dump1', 'CRIU directories are also accepted directly wherever an image is') as never,
  handler: (argv) => {
    const { image, warnings } = importCriuDir(argv.dir);
    const text = `${JSON.stringify(image, null, 2)}\n`;
    if (argv.output) writeFileAtomic(argv.output, text);
    const procs = image.tasks.filter((t) => t.pid[0] === t.tgid);
    const summary = {
      source: argv.dir, output: argv.output ?? null,
      processes: procs.length, tasks: image.tasks.length,
      zombies: procs.filter((t) => t.state === 'zombie').length,
      stopped: procs.filter((t) => t.state === 'stopped').length,
      ownNamespaces: image.namespaces.filter((n) => !n.external).map((n) => `${n.type}:${n.id}`),
      warnings, unknown: image.source?.unknown ?? [],
    };
    if (argv.json) {
      if (!argv.output) process.stdout.write(text);
      else process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    if (!argv.output) {
      process.stdout.write(text);
      for (const w of warnings) process.stderr.write(`crplan: import warning: ${w}\n`);
      return;
    }
    for (const w of warnings) process.stderr.write(`crplan: import warning: ${w}\n`);
    const out = process.stdout;
    out.write(`imported ${argv.dir} -> ${argv.output}: ${summary.processes} processes, ${summary.tasks} tasks` +
      `${summary.zombies ? `, ${summary.zombies} zombie(s)` : ''}${summary.stopped ? `, ${summary.stopped} stopped` : ''}\n`);
    out.write(`  own namespaces (recreated on restore): ${summary.ownNamespaces.length ? summary.ownNamespaces.join(', ') : 'none (all the host\'s)'}\n`);
    if (summary.unknown.length) {
      out.write('  not recorded by CRIU (source.unknown):\n');
      for (const u of summary.unknown) out.write(`    - ${u}\n`);
    }
  },
};
