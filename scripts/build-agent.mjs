// Builds the C agent (agent/*.c) with the system compiler into build/crplan-agent.
// Runs from `npm install`; no prebuilt binaries. Skips with a loud note when agent/ has no sources yet.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'agent');
const sources = existsSync(srcDir) ? readdirSync(srcDir).filter((f) => f.endsWith('.c')).map((f) => join(srcDir, f)) : [];
if (sources.length === 0) {
  console.error('crplan: no agent sources in agent/, nothing to build');
  process.exit(0);
}
mkdirSync(join(root, 'build'), { recursive: true });
const cc = process.env.CC || 'cc';
const out = join(root, 'build', 'crplan-agent');
execFileSync(cc, ['-O2', '-Wall', '-Werror', '-std=gnu11', '-o', out, ...sources], { stdio: 'inherit' });
console.error(`crplan: built ${out}`);
