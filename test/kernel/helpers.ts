/** Small helpers for the simulated-kernel tests: run ops by actor name, assert results. */
import type { ExecutionContext } from 'ava';
import type { CloneFlag, Op, OpResult } from '../../executor/ops.js';
import type { Image, Task as ImgTask } from '../../model/image.js';
import { OpRunner } from '../../kernel/runner.js';
import { snapshot } from '../../kernel/snapshot.js';
import type { KernelProfile } from '../../kernel/profile.js';
import type { Task } from '../../kernel/task.js';

export class Sim {
  readonly r: OpRunner;
  constructor(profile?: KernelProfile) {
    this.r = new OpRunner(profile);
  }
  get k() {
    return this.r.kernel;
  }
  run(op: Op): OpResult {
    return this.r.run(op);
  }
  task(name: string): Task {
    const t = this.r.actors.get(name);
    if (!t) throw new Error(`no actor ${name}`);
    return t;
  }
  /** pid of an actor as seen from another actor's active pid ns */
  pidOf(name: string, from = 'root'): number {
    return this.task(name).pid.nrIn(this.task(from).activePidNs);
  }
  image(): Image {
    return snapshot(this.k);
  }
  /** snapshot entry of an actor (by comm) */
  entry(name: string): ImgTask {
    const t = this.image().tasks.find((x) => x.comm === name);
    if (!t) throw new Error(`no task ${name} in snapshot`);
    return t;
  }
}

export function clone(actor: string, child: string, flags: CloneFlag[] = [], extra: Partial<Extract<Op, { op: 'clone' }>> = {}): Op {
  return { op: 'clone', actor, child, flags, ...extra };
}

/** Run ops that must all succeed; returns the last result's value. */
export function ok(t: ExecutionContext, s: Sim, ...ops: Op[]): number | undefined {
  let v: number | undefined;
  for (const op of ops) {
    const r = s.run(op);
    t.true(r.ok, r.ok ? '' : `${JSON.stringify(op)} failed: ${r.errno} (${r.rule})`);
    if (r.ok) v = r.value;
  }
  return v;
}

/** Run one op that must fail with errno (and, when given, the rule id). */
export function err(t: ExecutionContext, s: Sim, op: Op, errno: string, rule?: string): void {
  const r = s.run(op);
  if (r.ok) {
    t.fail(`${JSON.stringify(op)} succeeded, expected ${errno}`);
    return;
  }
  t.is(r.errno, errno, `${JSON.stringify(op)}: ${r.rule}`);
  if (rule) t.is(r.rule, rule);
}

/** A session leader `a` (child of root) to work under. */
export function withSession(t: ExecutionContext, s: Sim, name = 'a'): void {
  ok(t, s, clone('root', name), { op: 'setsid', actor: name });
}
