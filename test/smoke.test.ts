import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { errnoName } from '../kernel/errno.js';

test('errno names round-trip', (t) => {
  t.is(errnoName(22), 'EINVAL');
  t.is(errnoName(999), 'E999');
});

// `npm test` compiles to dist/ first; the installed `crplan` binary is the compiled CLI, which must
// find its assets (image schema, agent) from dist/ just as the tsx-run sources do.
test('the compiled CLI validates and plans the bundled example (what `npm start` runs)', (t) => {
  if (!existsSync('dist/cli/main.js')) {
    t.fail('dist/cli/main.js missing: run `npm run build` (npm test builds it first)');
    return;
  }
  const v = spawnSync(process.execPath, ['dist/cli/main.js', 'validate', 'examples/session01.json'], { encoding: 'utf8' });
  t.is(v.status, 0, v.stderr);
  t.regex(v.stdout, /ok/);
  const p = spawnSync(process.execPath, ['dist/cli/main.js', 'plan', 'examples/session01.json'], { encoding: 'utf8' });
  t.is(p.status, 0, p.stderr);
  t.regex(p.stdout, /verified\s+yes/);
});
