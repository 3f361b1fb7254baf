import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The crplan checkout this module runs from, whether it runs from the TypeScript sources (tsx) or
 * from the compiled dist/ tree: the nearest ancestor folder holding package.json. Assets (the
 * image schema, the built agent) are found from here, not from the module's own folder.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'model', 'image.schema.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('crplan: cannot find the project root (package.json with model/image.schema.json)');
    dir = up;
  }
}
