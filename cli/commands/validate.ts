/**
 * `crplan validate IMAGE...`: load each image (crplan JSON or CRIU directory), run every rule,
 * print findings. Exit 0 when every image is consistent (warnings allowed), 1 when any has an
 * error finding, 2 when an image cannot be loaded (the others are still checked and reported).
 */
import type { CommandModule } from 'yargs';
import type { Finding } from '../../model/finding.js';
import { CrplanError } from '../../model/errors.js';
import { validateImage } from '../../model/validate.js';
import { formatFinding, summarize } from '../../model/report.js';
import { loadImageArg } from '../input.js';

interface Args { images: string[]; json: boolean; quiet: boolean }

interface Result { file: string; ok: boolean; error?: string; warnings?: string[]; findings?: Finding[] }

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <images..>',
  describe: 'Check that images describe states Linux can produce; explain every impossibility',
  builder: (y) => y
    .positional('images', { type: 'string', array: true, demandOption: true, describe: 'crplan image files or CRIU image directories' })
    .option('json', { type: 'boolean', default: false, describe: 'print findings as JSON' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print errors only (no warnings, no "ok" lines)' })
    .example('$0 validate examples/session01.json', 'check one image')
    .example('$0 validate --json examples/*.json', 'check several, JSON for tools') as never,
  handler: (argv) => {
    const results: Result[] = [];
    for (const file of argv.images) {
      try {
        const { image, warnings } = loadImageArg(file);
        const findings = validateImage(image);
        results.push({ file, ok: !findings.some((f) => f.severity === 'error'), warnings, findings });
      } catch (e) {
        if (!(e instanceof CrplanError)) throw e;
        results.push({ file, ok: false, error: e.message });
      }
    }
    const unusable = results.filter((r) => r.error !== undefined);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify(results.map((r) => (r.error !== undefined
        ? { file: r.file, ok: false, error: r.error }
        : { file: r.file, ok: r.ok, importWarnings: r.warnings, findings: r.findings })), null, 2)}\n`);
    } else {
      for (const r of results) {
        if (r.error !== undefined) { process.stderr.write(`crplan: ${r.error}\n`); continue; }
        for (const w of r.warnings ?? []) if (!argv.quiet) process.stdout.write(`${r.file}: import warning: ${w}\n`);
        const shown = argv.quiet ? r.findings!.filter((f) => f.severity === 'error') : r.findings!;
        for (const f of shown) process.stdout.write(`${formatFinding(f, r.file)}\n`);
        const { errors, warnings } = summarize(r.findings!);
        if (!argv.quiet || errors) {
          process.stdout.write(errors
            ? `${r.file}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}: not a state Linux can produce\n`
            : `${r.file}: ok${warnings ? ` (${warnings} warning(s))` : ''}\n`);
        }
      }
    }
    if (unusable.length) {
      // exit 2 wins: some input could not even be read; the line(s) above name it
      process.exitCode = 2;
      return;
    }
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  },
};
