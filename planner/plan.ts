/**
 * The plan, format `crplan-plan/1` (documented in docs/plan-format.md): an ordered list of
 * operations (executor/ops.ts) that recreates an image exactly from the restorer's root actor,
 * plus what the planner knows about it.
 */
import type { Op } from '../executor/ops.js';

export const PLAN_FORMAT = 'crplan-plan/1' as const;

/** A task the plan creates that is not in the image (ghost session/group leader, reparenting helper, namespace holder). */
export interface Helper {
  /** actor name in the plan */
  name: string;
  role: 'session-ghost' | 'group-ghost' | 'reparent-helper' | 'ns-holder' | 'pidns-init' | 'pidns-maker' | 'pid-writer' | 'filler' | 'other';
  /** why it exists, in plain words */
  why: string;
  /** per-level pids it takes, outermost first, when they matter (ghosts) */
  pid?: number[];
}

export interface ComponentStatus {
  /** e.g. "pidns:ns1", "session:2", "namespaces" */
  id: string;
  method: 'forced' | 'lp' | 'fallback';
  optimal: boolean;
  /** objective value found and the LP lower bound, when the solver ran */
  objective?: number;
  bound?: number;
  millis?: number;
}

export interface PlanSummary {
  tasks: number;
  helpers: number;
  operations: number;
  solver: ComponentStatus[];
  /** true when the plan was replayed on the simulated kernel and its snapshot diffed clean against the image */
  verified: boolean;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  /** description of the image planned, and a hash of its canonical JSON */
  image: { description?: string; sha256: string };
  /** actor name of each image task, by level-0 tid */
  actors: Record<string, string>;
  helpers: Helper[];
  ops: Op[];
  summary: PlanSummary;
}
