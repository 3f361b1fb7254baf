/**
 * Signatures the simulated-kernel work (kernel/, executor/sim.ts) provides to the planner, the
 * CLI and the tests. Kept here so the pieces can be built in parallel against one contract.
 *
 * - executor/sim.ts:
 *     replayOnSimKernel(image, ops, opts?) -> SimReplay
 *   creates a fresh simulated kernel (profile opts.profile ?? DEFAULT_PROFILE) whose global init
 *   is ROOT_ACTOR, runs every op in order (stopping at the first failure unless
 *   opts.continueOnError), and snapshots the result relative to the image's level-0 pid
 *   namespace: the active pid ns of the first task ROOT_ACTOR creates (the kernel's root ns when
 *   the image's root pid ns is external, else the ns that clone(CLONE_NEWPID) made).
 *   The snapshot excludes ROOT_ACTOR; tasks whose parent is ROOT_ACTOR get ppid 0.
 * - kernel/diff.ts:
 *     diffImages(expected, actual) -> Difference[]   (empty = same tree)
 */
import type { Image } from '../model/image.js';
import type { Op, OpResult } from './ops.js';
import type { KernelProfile } from '../kernel/profile.js';

export interface SimReplayOptions {
  profile?: KernelProfile;
  continueOnError?: boolean;
}

export interface SimReplay {
  results: OpResult[];
  /** index of the first failed op, or -1 */
  failedAt: number;
  /** the restored tree as an image (valid only when failedAt === -1 or continueOnError) */
  snapshot: Image;
}

export interface Difference {
  /** what differs: 'missing-task' | 'extra-task' | 'ppid' | 'pgid' | 'sid' | 'state' | 'namespace' | ... */
  kind: string;
  /** level-0 tid of the task concerned, if any */
  task?: number;
  expected?: unknown;
  actual?: unknown;
  /** one readable line */
  message: string;
}
