/**
 * `crplan explain IMAGE TASK`: why a task is created by whom, with which clone flags and pids,
 * which helpers concern it and which ordering edges of the dependency graph touch it. TASK is a
 * level-0 tid or an actor name of the plan (t15, h2). O(ops + graph) per query.
 */
import type { Argv, CommandModule } from 'yargs';
import { CrplanError } from '../../model/errors.js';
import type { Image, Task } from '../../model/image.js';
import type { Plan } from '../../planner/plan.js';
import type { PlanGraph } from '../../planner/render/dot.js';
import { formatCall } from '../../planner/render/listing.js';
import { opsText } from '../../planner/render/dot.js';
import { loadAndPlan, reportNoPlan } from './plan.js';

interface Args {
  image: string;
  task: string;
  json?: boolean;
}

export interface TaskExplanation {
  task: number | null;
  actor: string;
  image?: { pid: number[]; ppid: number; sid: number[]; pgid: number[]; state: string; comm?: string };
  helper?: Plan['helpers'][number];
  createdBy?: { op: number; actor: string; call: string; flags: string[]; setTid?: number[]; why?: string; creatorIsParent?: boolean };
  own: Array<{ op: number; call: string; why?: string }>;
  creates: Array<{ op: number; child: string; call: string }>;
  targetedBy: Array<{ op: number; actor: string; call: string; why?: string }>;
  helpers: Array<{ name: string; role: string; why: string; relation: string }>;
  nodes: Array<{ id: string; kind: string; label: string; ops: number[] }>;
  before: Array<{ node: string; other: string; reason: string; rule?: string }>;
  after: Array<{ node: string; other: string; reason: string; rule?: string }>;
  /** edges between two of the task's own nodes (birth before its own setpgid, ...) */
  within: Array<{ node: string; other: string; reason: string; rule?: string }>;
}

/** Gather what the plan and graph say about one actor. */
export function explainActor(image: Image, plan: Plan, graph: PlanGraph, actor: string): TaskExplanation {
  const tidOf = new Map<string, number>();
  for (const [tid, name] of Object.entries(plan.actors)) tidOf.set(name, Number(tid));
  const tid = tidOf.get(actor) ?? null;
  const task: Task | undefined = tid !== null ? image.tasks.find((t) => t.pid[0] === tid) : undefined;
  const ex: TaskExplanation = { task: tid, actor, own: [], creates: [], targetedBy: [], helpers: [], nodes: [], before: [], after: [], within: [] };
  if (task) ex.image = { pid: task.pid, ppid: task.ppid, sid: task.sid, pgid: task.pgid, state: task.state, ...(task.comm ? { comm: task.comm } : {}) };
  const helper = plan.helpers.find((h) => h.name === actor);
  if (helper) ex.helper = helper;
  plan.ops.forEach((op, i) => {
    if (op.op === 'clone' && op.child === actor) {
      const parentName = task ? (task.ppid === 0 ? 'root' : plan.actors[String(task.ppid)]) : undefined;
      ex.createdBy = {
        op: i, actor: op.actor, call: formatCall(op), flags: op.flags, ...(op.setTid ? { setTid: op.setTid } : {}), ...(op.why ? { why: op.why } : {}),
        ...(parentName !== undefined ? { creatorIsParent: parentName === op.actor } : {}),
      };
    } else if (op.actor === actor) {
      if (op.op === 'clone') ex.creates.push({ op: i, child: op.child, call: formatCall(op) });
      else ex.own.push({ op: i, call: formatCall(op), ...(op.why ? { why: op.why } : {}) });
    } else if ('target' in op && op.target === actor) {
      ex.targetedBy.push({ op: i, actor: op.actor, call: formatCall(op), ...(op.why ? { why: op.why } : {}) });
    }
  });
  // helpers that concern the task: its creator, the ghosts of its session and group, helpers it creates
  for (const h of plan.helpers) {
    if (h.name === actor) continue;
    const rel: string[] = [];
    if (ex.createdBy?.actor === h.name) rel.push('creates it');
    if (task && h.pid && h.pid[0] === task.sid[0] && task.sid[0] !== task.pid[0]) rel.push(`holds its session ${task.sid[0]}`);
    if (task && h.pid && h.pid[0] === task.pgid[0] && task.pgid[0] !== task.pid[0] && task.pgid[0] !== task.sid[0]) rel.push(`holds its group ${task.pgid[0]}`);
    if (ex.creates.some((c) => c.child === h.name)) rel.push('is created by it');
    if (rel.length) ex.helpers.push({ name: h.name, role: h.role, why: h.why, relation: rel.join(', ') });
  }
  // graph nodes about the task: those naming its tid, or covering one of its ops
  const myOps = new Set<number>([...(ex.createdBy ? [ex.createdBy.op] : []), ...ex.own.map((o) => o.op), ...ex.creates.map((o) => o.op)]);
  const mine = new Set<string>();
  for (const id of graph.nodes()) {
    const n = graph.node(id);
    if (!n) continue;
    if ((tid !== null && n.tasks.includes(tid)) || n.ops.some((o) => myOps.has(o))) {
      mine.add(id);
      ex.nodes.push({ id, kind: n.kind, label: n.label, ops: n.ops });
    }
  }
  for (const id of mine) {
    for (const e of graph.inEdges(id) ?? []) {
      const l = graph.edge(e);
      const item = { node: id, other: e.v, reason: l?.reason ?? '', ...(l?.rule ? { rule: l.rule } : {}) };
      if (mine.has(e.v)) ex.within.push({ ...item, node: e.v, other: id });
      else ex.after.push(item);
    }
    for (const e of graph.outEdges(id) ?? []) {
      const l = graph.edge(e);
      if (!mine.has(e.w)) ex.before.push({ node: id, other: e.w, reason: l?.reason ?? '', ...(l?.rule ? { rule: l.rule } : {}) });
    }
  }
  return ex;
}

function label(g: PlanGraph, id: string): string {
  return g.node(id)?.label ?? id;
}

export function renderExplanation(ex: TaskExplanation, g: PlanGraph): string {
  const out: string[] = [];
  if (ex.image) {
    const t = ex.image;
    out.push(`task ${ex.task} (actor ${ex.actor}${t.comm ? `, comm ${t.comm}` : ''}): pid ${t.pid.join('/')}, ppid ${t.ppid}, session ${t.sid.join('/')}, group ${t.pgid.join('/')}, ${t.state}`);
  } else if (ex.helper) {
    out.push(`helper ${ex.actor} (${ex.helper.role}${ex.helper.pid ? `, pid ${ex.helper.pid.join('/')}` : ''}): not in the image; the plan makes it and it exits before the end.`);
    out.push(`  why it exists: ${ex.helper.why}`);
  }
  if (ex.createdBy) {
    const c = ex.createdBy;
    out.push('', `created by ${c.actor} at op ${c.op}: ${c.call}`);
    out.push(`  flags: ${c.flags.length ? c.flags.join(' | ') : 'none'}; pids (set_tid, innermost first): ${c.setTid ? c.setTid.join(', ') : 'allocated by the kernel'}`);
    if (c.why) out.push(`  why: ${c.why}`);
    if (c.creatorIsParent === false) out.push(`  note: its creator is not its parent in the image (ppid ${ex.image?.ppid}); CLONE_PARENT or a helper's exit (reparenting) gives it that parent.`);
  }
  if (ex.own.length) {
    out.push('', 'its own operations:');
    for (const o of ex.own) out.push(`  op ${o.op}: ${o.call}${o.why ? `  # ${o.why}` : ''}`);
  }
  if (ex.creates.length) {
    out.push('', `it creates ${ex.creates.length} task${ex.creates.length === 1 ? '' : 's'}:`);
    for (const o of ex.creates) out.push(`  op ${o.op}: ${o.call}`);
  }
  if (ex.targetedBy.length) {
    out.push('', 'operations by others that name it:');
    for (const o of ex.targetedBy) out.push(`  op ${o.op} by ${o.actor}: ${o.call}${o.why ? `  # ${o.why}` : ''}`);
  }
  out.push('', ex.helpers.length ? 'helpers that concern it:' : 'helpers that concern it: none');
  for (const h of ex.helpers) out.push(`  ${h.name} (${h.role}) ${h.relation}: ${h.why}`);
  if (ex.nodes.length) {
    out.push('', 'dependency graph nodes:');
    for (const n of ex.nodes) out.push(`  ${n.id} [${n.kind}] ${n.label}${n.ops.length ? ` (${opsText(n.ops)})` : ''}`);
  }
  if (ex.after.length) {
    out.push('', 'must happen after (other steps first):');
    for (const e of ex.after) out.push(`  ${label(g, e.other)} -> ${label(g, e.node)}: ${e.reason}${e.rule ? ` (${e.rule})` : ''}`);
  }
  if (ex.within.length) {
    out.push('', 'order among its own steps:');
    for (const e of ex.within) out.push(`  ${label(g, e.node)} -> ${label(g, e.other)}: ${e.reason}${e.rule ? ` (${e.rule})` : ''}`);
  }
  if (ex.before.length) {
    out.push('', 'must happen before (other steps later):');
    for (const e of ex.before) out.push(`  ${label(g, e.node)} -> ${label(g, e.other)}: ${e.reason}${e.rule ? ` (${e.rule})` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

export const explainCommand: CommandModule<object, Args> = {
  command: 'explain <image> <task>',
  describe: 'why a task is created by whom, which helpers and which ordering edges concern it',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .positional('task', { type: 'string', demandOption: true, describe: 'level-0 tid of an image task, or an actor name of the plan (t15, h2)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the explanation as JSON' })
      .example('$0 explain examples/session01.json 14', 'who creates task 14, how it gets session 6 and parent 1') as unknown as Argv<Args>,
  handler: (a) => {
    const { image, outcome } = loadAndPlan(a.image);
    const arg = String(a.task);
    const tid = /^\d+$/.test(arg) ? Number(arg) : undefined;
    if (tid !== undefined && !image.tasks.some((t) => t.pid[0] === tid)) {
      throw new CrplanError(`${a.image}: no task with level-0 tid ${tid} in the image`, 2);
    }
    if (outcome.kind !== 'plan') {
      reportNoPlan(outcome, a.image, a.json === true);
      if (!a.json && tid !== undefined) {
        const culprit = outcome.kind === 'impossible' ? outcome.proof.some((p) => p.culprits.includes(tid)) : outcome.culprits.includes(tid);
        process.stdout.write(`Task ${tid} ${culprit ? 'is one of the culprits above' : 'is not named among the culprits above'}.\n`);
      }
      return;
    }
    const plan = outcome.plan;
    const actor = tid !== undefined ? plan.actors[String(tid)] : arg;
    const known = actor !== undefined && (Object.values(plan.actors).includes(actor) || plan.helpers.some((h) => h.name === actor));
    if (!known) {
      throw new CrplanError(`${a.image}: "${arg}" is neither a task tid of the image nor an actor of its plan (actors look like ${Object.values(plan.actors).slice(0, 3).join(', ')}${plan.helpers[0] ? `, ${plan.helpers[0].name}` : ''})`, 2);
    }
    const ex = explainActor(image, plan, outcome.graph, actor);
    if (a.json) process.stdout.write(`${JSON.stringify(ex, null, 2)}\n`);
    else process.stdout.write(renderExplanation(ex, outcome.graph));
  },
};
