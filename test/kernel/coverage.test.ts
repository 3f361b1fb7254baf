/** Every rule of the kernel-rules doc has at least one test here whose title starts with its id. */
import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DOC = [join(here, '../../../shared/docs/kernel-rules.md'), '/work/shared/docs/kernel-rules.md'].find((p) => existsSync(p))
  ?? join(here, '../../../shared/docs/kernel-rules.md');

const title = 'every kernel-rules.md rule id has a test titled with it';
if (!existsSync(DOC)) {
  console.warn(`SKIPPED: ${title}: ${DOC} not found (the rules doc lives outside the repository)`);
  test.skip(title, () => {});
} else test(title, (t) => {
  const ids = new Set([...readFileSync(DOC, 'utf8').matchAll(/\*\*([A-Z]+-\d+)\b/g)].map((m) => m[1]));
  t.true(ids.size > 50, `only ${ids.size} rule ids found in the doc`);
  const titled = new Set<string>();
  for (const f of readdirSync(here).filter((x) => x.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(here, f), 'utf8').matchAll(/test\((['`])((?:[A-Z]+-\d+(?:\.\d+)?[ /,]*(?:and )?)+)/g)) {
      for (const id of m[2].matchAll(/([A-Z]+-\d+)/g)) titled.add(id[1]);
    }
  }
  const missing = [...ids].filter((id) => !titled.has(id));
  t.deepEqual(missing, [], `rules without a test: ${missing.join(', ')}`);
});
