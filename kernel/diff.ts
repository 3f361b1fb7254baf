// STUB (to be replaced by the simulated-kernel work, issue 3). Contract: executor/contract.ts.
import type { Image } from '../model/image.js';
import type { Difference } from '../executor/contract.js';

export function diffImages(expected: Image, actual: Image): Difference[] {
  void expected;
  void actual;
  return [];
}
