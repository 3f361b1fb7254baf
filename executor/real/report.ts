/**
 * Text and JSON output of a real run, shared by `crplan restore` and `crplan run`.
 */
import type { Op, OpResult } from '../ops.js';
import { formatCall } from '../../planner/render/listing.js';
import type { RealRun } from './session.js';
import type { RealExecutor } from './executor.js';

export function resultText(r: OpResult | undefined): string {
  if (!r) return 'not run';
  if (r.ok) return r.value !== undefined ? `= ${r.value}` : 'ok';
  return `FAILED ${r.errno}${r.rule ? ` (${r.rule})` : ''}`;
}

/** One listing line per op, printed as the op completes. */
export function opLine(ops: Op[], i: number, r: OpResult): string {
  const iw = String(Math.max(0, ops.length - 1)).length;
  const op = ops[i];
  return `${r.ok ? ' ' : '!'}${String(i).padStart(iw)}  ${op.actor.padEnd(8)}  ${formatCall(op)}  ${resultText(r)}`;
}

/** The closing verdict lines; returns whether the run is clean. */
export function verdict(run: RealRun, ops: Op[], withImage: boolean): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  if (run.failedAt !== -1) {
    const op = ops[run.failedAt];
    lines.push(`FAILED on the real kernel: op ${run.failedAt} (${op.actor}: ${formatCall(op)}) returned ${resultText(run.results[run.failedAt]).replace(/^FAILED /, '')}; ${ops.length - run.failedAt - 1} later ops not run.`);
    return { ok: false, lines };
  }
  const rate = run.opsMs > 0 ? ` (${Math.round(ops.length / (run.opsMs / 1000))} ops/s)` : '';
  if (!withImage) {
    lines.push(`OK: ${ops.length} operations ran on the real kernel in ${run.opsMs.toFixed(0)} ms${rate}; captured ${run.snapshot?.tasks.length ?? 0} tasks.`);
    return { ok: true, lines };
  }
  if (run.differences.length > 0) {
    lines.push(`DIFFERENT: the tree restored on the real kernel differs from the image in ${run.differences.length} place${run.differences.length === 1 ? '' : 's'}:`);
    for (const d of run.differences) lines.push(`  ${d.kind}${d.task !== undefined ? ` task ${d.task}` : ''}: ${d.message}`);
    return { ok: false, lines };
  }
  lines.push(`OK: ${ops.length} operations ran on the real kernel in ${run.opsMs.toFixed(0)} ms${rate}; the captured tree (${run.snapshot?.tasks.length ?? 0} tasks) is identical to the image.`);
  return { ok: true, lines };
}

export function holdBanner(ex: RealExecutor): string {
  const pid = ex.rootHostPid;
  return [
    '',
    `Holding the restored tree. Its environment's init (ROOT_ACTOR) is host pid ${pid}.`,
    'Inspect it from another terminal, e.g.:',
    `  nsenter -t ${pid} -U -p -m -u -i -n --preserve-credentials ps -eo pid,ppid,pgid,sid,stat,comm   (host /proc: host pids)`,
    `  nsenter -t ${pid} -U -p -- sh -c 'mount -t proc proc /mnt 2>/dev/null; ls /proc'`,
    `  grep NS /proc/<host pid>/status      (per-level pids)`,
    'Press Ctrl-C to tear it down.',
    '',
  ].join('\n');
}
