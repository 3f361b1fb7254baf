// STUB (to be replaced by the simulated-kernel work, issue 3). Contract: executor/contract.ts.
import type { Image } from '../model/image.js';
import type { Op } from './ops.js';
import type { SimReplay, SimReplayOptions } from './contract.js';

export function replayOnSimKernel(image: Image, ops: Op[], opts: SimReplayOptions = {}): SimReplay {
  void opts;
  void ops;
  return { results: [], failedAt: -1, snapshot: image };
}
