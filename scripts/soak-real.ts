/**
 * `npm run soak -- real [--seeds N] [--from S] [--ops L]`: generated histories on the simulated and
 * the real kernel (executor/real/differential.ts), many more and longer than the default tests.
 * Prints a summary, the known reasons for differences hit (capture limits), and every new
 * disagreement. Exit 1 on a new one.
 */
import { compareHistory, KNOWN, KNOWN_DIFFS, type HistoryOutcome } from '../executor/real/differential.js';
import { realKernelAvailable } from '../executor/real/executor.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
}

export default async function soakReal(args: string[]): Promise<number> {
  const can = realKernelAvailable();
  if (!can.ok) {
    console.log(`*** REAL-KERNEL SOAK SKIPPED: ${can.why} ***`);
    return 0;
  }
  const seeds = arg(args, 'seeds', 500);
  const from = arg(args, 'from', 10000);
  const length = arg(args, 'ops', 200);
  const t0 = performance.now();
  const out: HistoryOutcome[] = [];
  let ops = 0;
  for (let s = from; s < from + seeds; s++) {
    let o: HistoryOutcome;
    try {
      o = await compareHistory(s, length);
    } catch (e) {
      o = { seed: s, ops: 0, verdict: 'new', detail: `executor error: ${(e as Error).message}` };
    }
    out.push(o);
    ops += o.ops;
    if (o.verdict === 'new') console.log(`NEW seed ${s}: ${o.detail}`);
    if ((s - from + 1) % 50 === 0) console.log(`  ${s - from + 1}/${seeds} histories, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const n = (v: string): number => out.filter((o) => o.verdict === v).length;
  console.log(`\n${seeds} histories x ${length} ops (${ops} ops) in ${((performance.now() - t0) / 1000).toFixed(1)} s: same ${n('same')}, known (capture limits) ${n('known')}, new ${n('new')}`);
  const ids = new Map<string, number[]>();
  for (const o of out) if (o.known) ids.set(o.known, [...(ids.get(o.known) ?? []), o.seed]);
  for (const [id, s] of ids) {
    const text = [...KNOWN, ...KNOWN_DIFFS].find((k) => k.id === id)?.text ?? '';
    console.log(`  ${id} x${s.length} (seeds ${s.slice(0, 5).join(', ')}${s.length > 5 ? ', ...' : ''}): ${text}`);
  }
  return n('new') > 0 ? 1 : 0;
}
