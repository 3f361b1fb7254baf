/**
 * A what-if scenario is a pure transformation of what the planner is given: the image and/or the
 * PlanOptions (kernel profile, restorer rules). Scenarios never mutate their input (they clone),
 * so they combine by composition and each can be unit-tested on its own.
 */
import type { Image, Task } from '../model/image.js';
import type { PlanOptions } from '../planner/api.js';
import { CrplanError } from '../model/errors.js';

export interface WhatIfInput {
  image: Image;
  options: PlanOptions;
}

export interface Scenario {
  /** e.g. "--dead 7" */
  label: string;
  /** the transformation; `notes` receives plain-words remarks on what it changed or could not keep */
  apply(input: WhatIfInput, notes: string[]): WhatIfInput;
  /**
   * For a scenario whose `apply` also relaxes the image to the best restore that remains (e.g.
   * --unprivileged): the same assumption without that relaxation, to answer whether the image
   * itself can still be restored exactly.
   */
  exact?: Scenario;
}

/** Deep copy of an image (images are plain JSON). O(size). */
export function cloneImage(image: Image): Image {
  return structuredClone(image);
}

/** The task with level-0 tid `tid`, or a usage error naming it. */
export function taskOrThrow(image: Image, tid: number, label: string): Task {
  const t = image.tasks.find((x) => x.pid[0] === tid);
  if (!t) throw new CrplanError(`${label}: no task with level-0 tid ${tid} in the image`, 2);
  return t;
}

/** Apply scenarios left to right. */
export function applyAll(input: WhatIfInput, scenarios: Scenario[], notes: string[]): WhatIfInput {
  let cur = input;
  for (const s of scenarios) cur = s.apply(cur, notes);
  return cur;
}
