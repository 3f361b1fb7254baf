/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (each exports a default async function
 * that prints its own table). Name one to run only it: `npm run bench -- plan`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
for (const f of files) {
  console.log(`\n== ${f.replace('.bench.ts', '')} ==`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  await mod.default();
}
