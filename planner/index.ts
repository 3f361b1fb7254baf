// STUB (to be replaced by the planner work, issue 4). Contract: planner/api.ts.
import type { Image } from '../model/image.js';
import type { PlanOptions, PlanOutcome } from './api.js';

export function planImage(image: Image, opts: PlanOptions = {}): PlanOutcome {
  void image;
  void opts;
  return { kind: 'undecided', reason: 'planner not built yet', culprits: [] };
}
