import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { realKernelAvailable } from '../../executor/real/executor.js';

/** Why the real-kernel tests cannot run here, or null when they can. Printed loudly on skip. */
export function realSkipReason(): string | null {
  const c = realKernelAvailable();
  return c.ok ? null : `REAL-KERNEL TESTS SKIPPED: ${c.why} (they need root, user namespaces and the built agent)`;
}

/** Host pids of processes that are in one of these namespaces (by inode), or run this binary. */
export function processesIn(nsInodes: number[], exe?: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (exe && readlinkSync(`/proc/${d}/exe`) === exe) {
        out.push(Number(d));
        continue;
      }
    } catch { /* kernel thread or gone */ }
    for (const f of ['user', 'pid']) {
      try {
        const m = /\[(\d+)\]/.exec(readlinkSync(`/proc/${d}/ns/${f}`));
        if (m && nsInodes.includes(Number(m[1]))) {
          out.push(Number(d));
          break;
        }
      } catch { /* gone or EACCES */ }
    }
  }
  return out;
}

/** Host pids of a process and all its descendants (by /proc ppid links). */
export function subtree(pid: number): number[] {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}
