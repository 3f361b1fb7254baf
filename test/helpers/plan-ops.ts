/**
 * Small lookups over a plan's operations that many planner tests share.
 */
import type { Op } from '../../executor/ops.js';

/** A plan's clone operation. */
export type Clone = Extract<Op, { op: 'clone' }>;

/** The clone that creates `child`, if the plan has one. O(ops). */
export const cloneOf = (ops: readonly Op[], child: string): Clone | undefined => ops.find((o): o is Clone => o.op === 'clone' && o.child === child);
