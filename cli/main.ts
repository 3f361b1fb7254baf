#!/usr/bin/env node
/**
 * crplan command line. One module per command in cli/commands/ (command, describe, builder,
 * handler); this file only assembles them and turns errors into one line and an exit code.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CrplanError } from '../model/errors.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('crplan')
    .usage('$0 <command> [options]\n\nPlans, proves and explains the restart of checkpointed Linux process trees.')
    .strict()
    .demandCommand(1, 'name a command (crplan --help lists them)')
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new CrplanError(msg ?? 'invalid invocation', 2);
    });
  for (const c of commands) parser.command(c);
  try {
    const result = await parser.parseAsync();
    const code = (result as { exitCode?: unknown }).exitCode;
    if (typeof process.exitCode === 'number') exitCode = process.exitCode;
    else if (typeof code === 'number') exitCode = code;
  } catch (e) {
    if (e instanceof CrplanError) {
      process.stderr.write(`crplan: ${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`crplan: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.CRPLAN_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 70;
  }
  return exitCode;
}

// A reader that stops early (`crplan validate ... | head`) closes the pipe: not worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw e;
});

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
