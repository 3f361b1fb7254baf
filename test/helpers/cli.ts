/**
 * Run the crplan CLI from the sources (tsx) the way a user runs it, for tests that check output
 * and exit codes. CRPLAN_DEBUG is cleared so an unexpected stack trace is never hidden by it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = process.cwd();
const ARGV = ['--import', 'tsx', join(ROOT, 'cli', 'main.ts')];
const ENV = { ...process.env, CRPLAN_DEBUG: '' };
const TIMEOUT_MS = 60_000;

/** Synchronous run: exit code, stdout, stderr. */
export function crplanSync(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...ARGV, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Asynchronous run (lets ava run other tests meanwhile); rejects on a hang. */
export function crplan(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...ARGV, ...args], { cwd: ROOT, env: ENV });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`crplan ${args.join(' ')} timed out`)); }, TIMEOUT_MS);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
