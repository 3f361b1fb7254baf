/**
 * `npm run soak`: the long randomized runs kept out of the default test suite. Runs every
 * scripts/soak-*.ts (each exports a default async function(args) returning a process exit code).
 * `npm run soak -- planner --seeds 100000` runs only soak-planner.ts with its arguments.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [which, ...rest] = process.argv.slice(2);
const files = readdirSync(here).filter((f) => /^soak-.*\.ts$/.test(f)).sort()
  .filter((f) => !which || which.startsWith('-') || f === `soak-${which}.ts`);
const args = which && which.startsWith('-') ? [which, ...rest] : rest;
let worst = 0;
for (const f of files) {
  console.log(`\n== ${f} ==`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: (a: string[]) => Promise<number> };
  try {
    worst = Math.max(worst, await mod.default(args));
  } catch (e) {
    // bad arguments or an unreadable --from list: one line, no stack trace
    console.error(`soak ${f}: ${(e as Error).message.split('\n')[0]}`);
    worst = Math.max(worst, 2);
  }
}
process.exitCode = worst;
