/**
 * Run the baseline and the scenario through the planner and compare them: restorable or not (with
 * the explanation), helpers, operations, the constraints that bind, and what differs in the plan
 * (operations added/removed, counted by kind and actor). Two planner runs plus O(ops) counting.
 */
import type { Image } from '../model/image.js';
import type { Op } from '../executor/ops.js';
import type { PlanOptions, PlanOutcome } from '../planner/api.js';
import { planImage } from '../planner/index.js';
import { validateImage } from '../model/validate.js';
import { ALL_FEATURES, DEFAULT_PROFILE } from '../kernel/profile.js';
import type { Scenario } from './scenario.js';
import { applyAll } from './scenario.js';
import { CrplanError } from '../model/errors.js';

export interface SideReport {
  restorable: boolean;
  outcome: PlanOutcome['kind'];
  /** one line: why not, or "verified plan" */
  explanation: string;
  /** the argument when there is none (proof chain or planner reason) */
  chain: string[];
  tasks: number;
  helpers: { name: string; role: string; why: string }[];
  operations: number;
  /** operations by kind */
  opKinds: Record<string, number>;
  /** the constraints that bind: kernel rule ids named by the plan's reasons or the proof, and restorer limits */
  binding: string[];
  /** validation errors of the (transformed) image */
  findings: string[];
  profile: string;
}

export interface OpDelta {
  /** "kind by actor", e.g. "clone by t4", "exit by session-ghost helper(s)" */
  key: string;
  baseline: number;
  scenario: number;
}

export interface WhatIfReport {
  image: string;
  scenarios: string[];
  notes: string[];
  baseline: SideReport;
  scenario: SideReport;
  /** operations whose count differs, by kind and actor */
  delta: OpDelta[];
  /**
   * When a scenario relaxes the image (Scenario.exact): the exact restore under the same
   * assumptions; the scenario side is then the best restore that remains.
   */
  exact?: SideReport;
}

const RULE_ID = /\b[A-Z]{2,8}-\d+\b/g;

function profileText(o: PlanOptions): string {
  const p = o.profile ?? DEFAULT_PROFILE;
  const missing = ALL_FEATURES.filter((f) => !p.features.has(f));
  const feats = missing.length ? ` without ${missing.join(', ')}` : '';
  const rules: string[] = [];
  if (o.forbid?.cloneParent) rules.push('no CLONE_PARENT');
  if (o.forbid?.helpers) rules.push('no helpers');
  if (o.maxHelpers !== undefined) rules.push(`<= ${o.maxHelpers} helpers`);
  return `Linux ${p.version}${p.privileged ? '' : ' unprivileged'}${feats}${rules.length ? `; ${rules.join(', ')}` : ''}`;
}

/**
 * The actor as the delta names it: image tasks by name (t4), helpers by role, since the planner
 * numbers helpers afresh in every plan (h1 of one plan is not h1 of the other).
 */
function opActor(op: Op, helperRole: Map<string, string>): string {
  const role = helperRole.get(op.actor);
  return role ? `${role} helper(s)` : op.actor;
}

export function summarize(image: Image, options: PlanOptions, outcome: PlanOutcome): SideReport {
  const findings = validateImage(image).filter((f) => f.severity === 'error').map((f) => `${f.code} (${f.kernelRule}): ${f.message}`);
  const base = { tasks: image.tasks.length, findings, profile: profileText(options) };
  const limits: string[] = [];
  if (options.forbid?.cloneParent) limits.push('restorer: no CLONE_PARENT');
  if (options.forbid?.helpers) limits.push('restorer: no helpers');
  if (options.maxHelpers !== undefined) limits.push(`restorer: at most ${options.maxHelpers} helpers`);
  if (outcome.kind === 'plan') {
    const p = outcome.plan;
    const opKinds: Record<string, number> = {};
    const rules = new Set<string>();
    for (const op of p.ops) {
      opKinds[op.op] = (opKinds[op.op] ?? 0) + 1;
      for (const r of op.why?.match(RULE_ID) ?? []) rules.add(r);
    }
    for (const h of p.helpers) for (const r of h.why.match(RULE_ID) ?? []) rules.add(r);
    return {
      ...base, restorable: true, outcome: 'plan', explanation: `verified plan: ${p.summary.operations} operations, ${p.helpers.length} helper(s)`, chain: [],
      helpers: p.helpers.map((h) => ({ name: h.name, role: h.role, why: h.why })), operations: p.ops.length, opKinds,
      binding: [...[...rules].sort(), ...limits],
    };
  }
  if (outcome.kind === 'impossible') {
    const rules = new Set<string>();
    for (const pr of outcome.proof) rules.add(pr.rule);
    return {
      ...base, restorable: false, outcome: 'impossible', explanation: outcome.proof.map((p) => `${p.message} [${p.rule}]`).join('; '),
      chain: outcome.proof.flatMap((p) => p.chain), helpers: [], operations: 0, opKinds: {}, binding: [...[...rules].sort(), ...limits],
    };
  }
  const rules = new Set(outcome.reason.match(RULE_ID) ?? []);
  return {
    ...base, restorable: false, outcome: 'undecided', explanation: `undecided: ${outcome.reason}`, chain: outcome.culprits.length ? [`tasks involved: ${outcome.culprits.join(', ')}`] : [],
    helpers: [], operations: 0, opKinds: {}, binding: [...[...rules].sort(), ...limits],
  };
}

function countOps(outcome: PlanOutcome): Map<string, number> {
  const m = new Map<string, number>();
  if (outcome.kind !== 'plan') return m;
  const roles = new Map(outcome.plan.helpers.map((h) => [h.name, h.role]));
  for (const op of outcome.plan.ops) {
    // clone keys carry the flags (and legacy clone), so a CLONE_PARENT that goes away shows
    const kind = op.op === 'clone' && (op.flags.length || op.legacy) ? `clone[${[...op.flags, ...(op.legacy ? ['legacy'] : [])].join('|')}]` : op.op;
    const k = `${kind} by ${opActor(op, roles)}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** The ops whose count differs between the two plans (added > 0, removed < 0), sorted by key. */
export function opDelta(a: PlanOutcome, b: PlanOutcome): OpDelta[] {
  const ca = countOps(a);
  const cb = countOps(b);
  const keys = [...new Set([...ca.keys(), ...cb.keys()])].sort();
  return keys.filter((k) => (ca.get(k) ?? 0) !== (cb.get(k) ?? 0)).map((k) => ({ key: k, baseline: ca.get(k) ?? 0, scenario: cb.get(k) ?? 0 }));
}

export interface WhatIfRun {
  report: WhatIfReport;
  baseline: PlanOutcome;
  scenario: PlanOutcome;
  scenarioImage: Image;
}

export function runWhatIf(image: Image, name: string, scenarios: Scenario[], base: PlanOptions = {}): WhatIfRun {
  if (scenarios.length === 0) throw new CrplanError('whatif: give at least one scenario option (see crplan whatif --help)', 2);
  const notes: string[] = [];
  const after = applyAll({ image, options: base }, scenarios, notes);
  const baseline = planImage(image, base);
  const scenario = planImage(after.image, after.options);
  let exact: SideReport | undefined;
  if (scenarios.some((s) => s.exact)) {
    const ex = applyAll({ image, options: base }, scenarios.map((s) => s.exact ?? s), []);
    exact = summarize(ex.image, ex.options, planImage(ex.image, ex.options));
  }
  return {
    baseline, scenario, scenarioImage: after.image,
    report: {
      image: name, scenarios: scenarios.map((s) => s.label), notes,
      baseline: summarize(image, base, baseline),
      scenario: summarize(after.image, after.options, scenario),
      delta: opDelta(baseline, scenario),
      ...(exact ? { exact } : {}),
    },
  };
}
