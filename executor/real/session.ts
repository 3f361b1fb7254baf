/**
 * One real restore, as `crplan restore` and `crplan run` do it: start the environment, run the
 * ops in order (stopping at the first failure), capture the tree, diff it against the image,
 * optionally hold it until Ctrl-C, and always tear everything down.
 */
import type { Image } from '../../model/image.js';
import type { Op, OpResult } from '../ops.js';
import type { Difference } from '../contract.js';
import { diffImages } from '../../kernel/diff.js';
import { asLiveCaptureSees } from '../../capture/observable.js';
import { RealExecutor, setHolding } from './executor.js';

export interface RealRun {
  results: OpResult[];
  failedAt: number;
  snapshot: Image | null;
  differences: Difference[];
  /** wall time of the ops alone, ms */
  opsMs: number;
}

export interface RealRunOptions {
  /** called after each op (for live printing) */
  onResult?: (i: number, op: Op, r: OpResult) => void;
  /** after capture: keep the tree alive; called with the executor, resolves when the user is done */
  hold?: (ex: RealExecutor) => Promise<void>;
}

export async function restoreOnRealKernel(image: Image | null, ops: Op[], opts: RealRunOptions = {}): Promise<RealRun> {
  const ex = await RealExecutor.start();
  try {
    const results: OpResult[] = [];
    let failedAt = -1;
    const t0 = performance.now();
    for (let i = 0; i < ops.length; i++) {
      const r = await ex.run(ops[i]);
      results.push(r);
      opts.onResult?.(i, ops[i], r);
      if (!r.ok) {
        failedAt = i;
        break;
      }
    }
    const opsMs = performance.now() - t0;
    const snapshot = ex.capture({ kind: 'capture', origin: 'crplan real executor' });
    // (compared as a live capture can see the image: /proc hides the deeper numbers of a group
    // whose leader is gone, capture/observable.ts)
    const differences = image && failedAt === -1 ? diffImages(asLiveCaptureSees(image, snapshot), snapshot) : [];
    if (opts.hold) await opts.hold(ex);
    return { results, failedAt, snapshot, differences, opsMs };
  } finally {
    await ex.teardown();
  }
}

/** Wait for SIGINT (Ctrl-C) or SIGTERM, without the executor's default exit-on-signal. */
export function waitForInterrupt(): Promise<void> {
  setHolding(true);
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      // the executor's own signal hook runs after this listener for the same signal: keep it
      // disarmed until that emit is over, so the teardown is the orderly one
      setImmediate(() => setHolding(false));
      resolve();
    };
    process.prependListener('SIGINT', done);
    process.prependListener('SIGTERM', done);
  });
}
