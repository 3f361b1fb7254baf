/**
 * The planner's public contract, used by the CLI, what-if analysis, the executors and the tests.
 * planner/index.ts implements `planImage`.
 */
import type { Graph } from '@dagrejs/graphlib';
import type { KernelProfile } from '../kernel/profile.js';
import type { Plan } from './plan.js';

export interface PlanOptions {
  /** the restoring kernel and the restorer's privilege (default DEFAULT_PROFILE) */
  profile?: KernelProfile;
  /** restorer rules: operations the plan may not use */
  forbid?: { cloneParent?: boolean; helpers?: boolean };
  /** at most this many helper tasks */
  maxHelpers?: number;
  /** time budget for each solver component, in ms (default 200) */
  componentBudgetMs?: number;
  /** replay the plan on the simulated kernel and diff it against the image (default true; only benches turn it off) */
  verify?: boolean;
  /** force the constructive fallback for every component (to compare it with the solver) */
  fallbackOnly?: boolean;
}

/** Node labels of the dependency graph. Node ids are stable strings, e.g. "task:15", "session:2", "group:17", "ns:uts2", "ghost:17", "exit:h3". */
export interface GraphNode {
  kind: 'task' | 'thread' | 'session' | 'group' | 'ns-create' | 'ns-join' | 'nspid' | 'helper' | 'exit' | 'other';
  label: string;
  /** level-0 tids of the image tasks this node concerns */
  tasks: number[];
  /** indexes into plan.ops of the operations this node stands for */
  ops: number[];
}

/** Edge labels: why the tail must happen before the head. */
export interface GraphEdge {
  reason: string;
  /** kernel rule id behind the edge, e.g. "SID-2" */
  rule?: string;
}

/** Why no plan exists: a PubGrub-style chain from kernel rules to the contradiction. */
export interface Impossibility {
  /** kernel rule or validation code at the root of the contradiction */
  rule: string;
  /** level-0 tids of the tasks involved (a minimal set where known) */
  culprits: number[];
  /** the argument, one plain sentence a step, ending in the contradiction */
  chain: string[];
  /** one-line summary */
  message: string;
}

export type PlanOutcome =
  | { kind: 'plan'; plan: Plan; graph: Graph<unknown, GraphNode, GraphEdge> }
  | { kind: 'impossible'; proof: Impossibility[] }
  /** the planner could not decide within its budgets or does not handle this shape; never "impossible" */
  | { kind: 'undecided'; reason: string; culprits: number[] };
