/**
 * The six real CRIU image sets (shared/criu-images, dumped by CRIU 4.2 on Linux 6.18) and an
 * independent reader of their decoded JSON, so tests compare the importer with what CRIU's own
 * decoder printed rather than with the importer's own reading.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CRIU_ROOT = '/work/shared/criu-images';
export const SETS = ['plain', 'pidns-only', 'pidns', 'pid-mnt-uts', 'mixed-sessions', 'stopped'] as const;

export const setDir = (set: string): string => join(CRIU_ROOT, set);
export const decodedDir = (set: string): string => join(CRIU_ROOT, set, 'decoded');

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function entries(set: string, name: string): J[] {
  return (JSON.parse(readFileSync(join(decodedDir(set), `${name}.json`), 'utf8')) as J).entries as J[];
}

export interface DecodedProc {
  pid: number; ppid: number; pgid: number; sid: number; threads: number[];
  taskState: number | string; exitCode: number; stopSigno?: number; comm: string;
  ids?: J;
}

/** The decoded facts, read straight from CRIU's decoder output. */
export function decodedFacts(set: string): { procs: DecodedProc[]; rootIds: J; uts: Map<number, J> } {
  const procs = entries(set, 'pstree').map((p) => {
    const tc = entries(set, `core-${p.pid}`)[0].tc as J;
    const files = readdirSync(decodedDir(set));
    return {
      pid: p.pid, ppid: p.ppid, pgid: p.pgid, sid: p.sid, threads: p.threads,
      taskState: tc.task_state, exitCode: tc.exit_code, stopSigno: tc.stop_signo, comm: tc.comm,
      ids: files.includes(`ids-${p.pid}.json`) ? entries(set, `ids-${p.pid}`)[0] : undefined,
    } as DecodedProc;
  });
  const uts = new Map<number, J>();
  for (const f of readdirSync(decodedDir(set))) {
    const m = /^utsns-(\d+)\.json$/.exec(f);
    if (m) uts.set(Number(m[1]), entries(set, `utsns-${m[1]}`)[0]);
  }
  return { procs, rootIds: entries(set, 'inventory')[0].root_ids as J, uts };
}

/** A private writable copy of a set (binary files, or the decoded JSON); removed by the returned cleanup. */
export function copySet(set: string, json = false): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `crplan-criu-${set}-`));
  for (const f of readdirSync(json ? decodedDir(set) : setDir(set), { withFileTypes: true })) {
    if (f.isFile()) cpSync(join(json ? decodedDir(set) : setDir(set), f.name), join(dir, f.name), { mode: 0 });
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
