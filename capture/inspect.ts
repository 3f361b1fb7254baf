/**
 * Batch queries to the agent's `inspect` helper mode (agent/agent.c): namespace owners and
 * parents (NS_GET_USERNS / NS_GET_PARENT, PROC-5), uts names (read after setns), user-ns id maps as
 * the parent user ns sees them, and kcmp(2) partitions of files/fs/sighand/mm. One helper process
 * per capture; queries go in on stdin, one answer line each.
 */
import { spawnSync } from 'node:child_process';
import { CrplanError } from '../model/errors.js';

export interface NsInfo {
  inode: number;
  /** CLONE_NEW* constant of the namespace */
  nstype: number;
  /** owning user ns inode (0 = not visible) */
  owner: number;
  /** parent ns inode for pid/user namespaces (0 = none or not visible) */
  parent: number;
}

export const NSTYPE_NAMES: Record<number, string> = {
  0x00020000: 'mnt', 0x02000000: 'cgroup', 0x04000000: 'uts', 0x08000000: 'ipc', 0x10000000: 'user',
  0x20000000: 'pid', 0x40000000: 'net', 0x00000080: 'time',
};

export type Query =
  | { kind: 'ns'; path: string }
  | { kind: 'uts'; path: string }
  /** from `taskDir`/ns/user, or from the owner user ns of `taskDir`/ns/`owned` (a user ns no task is in), then `up` parents */
  | { kind: 'usermap'; taskDir: string; up?: number; owned?: string }
  | { kind: 'partition'; type: 1 | 2 | 3 | 4; tids: number[] };

export function runInspect(agentPath: string, queries: Query[]): string[] {
  if (queries.length === 0) return [];
  const input = queries.map((q) => {
    switch (q.kind) {
      case 'ns': return `ns ${q.path}`;
      case 'uts': return `uts ${q.path}`;
      case 'usermap': return `usermap ${q.taskDir} ${q.up ?? 0}${q.owned ? ` ${q.owned}` : ''}`;
      case 'partition': return `partition ${q.type} ${q.tids.join(' ')}`;
    }
  }).join('\n') + '\n';
  const r = spawnSync(agentPath, ['inspect'], { input, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60000 });
  if (r.error || r.status !== 0) {
    throw new CrplanError(`capture: the agent's inspect helper failed (${r.error?.message ?? `exit ${r.status}`}): ${agentPath}`, 2);
  }
  const lines = r.stdout.split('\n');
  lines.length = queries.length;
  return lines;
}

/** Parse an `ns` answer: the namespace first, then its owners and parents recursively. */
export function parseNsAnswer(line: string | undefined): NsInfo[] {
  if (!line || !line.startsWith('ok')) return [];
  return line.slice(2).trim().split(/\s+/).filter(Boolean).map((tok) => {
    const [inode, nstype, owner, parent] = tok.split(':').map(Number);
    return { inode, nstype, owner, parent };
  });
}

export const unhex = (h: string): string => (h === '-' ? '' : Buffer.from(h, 'hex').toString('utf8'));
