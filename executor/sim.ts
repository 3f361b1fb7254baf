/**
 * Replays an op list on a fresh simulated kernel (contract: executor/contract.ts). ROOT_ACTOR
 * is the kernel's global init. The snapshot is taken relative to the active pid ns of the first
 * process ROOT_ACTOR creates (the kernel's root pid ns if none), excluding ROOT_ACTOR.
 */
import type { Image } from '../model/image.js';
import type { Op, OpResult } from './ops.js';
import type { SimReplay, SimReplayOptions } from './contract.js';
import { OpRunner } from '../kernel/runner.js';
import { snapshot } from '../kernel/snapshot.js';

export function replayOnSimKernel(image: Image, ops: Op[], opts: SimReplayOptions = {}): SimReplay {
  const runner = new OpRunner(opts.profile);
  const results: OpResult[] = [];
  let failedAt = -1;
  for (let i = 0; i < ops.length; i++) {
    const r = runner.run(ops[i]);
    results.push(r);
    if (!r.ok && failedAt < 0) {
      failedAt = i;
      if (!opts.continueOnError) break;
    }
  }
  const base = runner.firstChild ? runner.firstChild.activePidNs : runner.kernel.rootPidNs;
  const snap = snapshot(runner.kernel, {
    base,
    source: { kind: 'simulated', origin: image.source?.origin ?? image.description },
  });
  return { results, failedAt, snapshot: snap };
}
