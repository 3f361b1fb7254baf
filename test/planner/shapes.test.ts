import test from 'ava';
import type { ExecutionContext } from 'ava';
import { planImage } from '../../planner/index.js';
import type { PlanOptions, PlanOutcome } from '../../planner/api.js';
import type { Plan } from '../../planner/plan.js';
import type { Op } from '../../executor/ops.js';
import type { Image } from '../../model/image.js';
import * as fx from './fixtures.js';
import { DEFAULT_PROFILE, withoutFeatures } from '../../kernel/profile.js';

/** Plan, insist on a verified plan, return it. */
export function mustPlan(t: ExecutionContext, img: Image, opts: PlanOptions = {}): Plan {
  const out: PlanOutcome = planImage(img, opts);
  if (out.kind !== 'plan') t.fail(`expected a plan, got ${out.kind}: ${JSON.stringify(out)}`);
  const plan = (out as Extract<PlanOutcome, { kind: 'plan' }>).plan;
  t.true(plan.summary.verified, 'the plan must be verified on the simulated kernel');
  t.is(plan.summary.operations, plan.ops.length);
  for (const op of plan.ops) t.truthy(op.why, `every op says why: ${JSON.stringify(op)}`);
  return plan;
}

const clones = (p: Plan): Extract<Op, { op: 'clone' }>[] => p.ops.filter((o): o is Extract<Op, { op: 'clone' }> => o.op === 'clone');

test('session01 table: two ghosts (session 6, group 17), CLONE_PARENT for orphan 3, born_sid forks', (t) => {
  const p = mustPlan(t, fx.session01());
  t.is(p.summary.helpers, 2);
  t.deepEqual(p.helpers.map((h) => h.role).sort(), ['group-ghost', 'session-ghost']);
  t.deepEqual(p.helpers.find((h) => h.role === 'session-ghost')!.pid, [6]);
  t.deepEqual(p.helpers.find((h) => h.role === 'group-ghost')!.pid, [17]);
  const c3 = clones(p).find((c) => c.child === 't3')!;
  t.true(c3.flags.includes('CLONE_PARENT'));
  // 8 forks 9 before its own setsid (born_sid)
  const i9 = p.ops.findIndex((o) => o.op === 'clone' && o.child === 't9');
  const s8 = p.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't8');
  t.true(i9 >= 0 && s8 > i9);
  // the image root is pid 1 of a new pid ns
  t.deepEqual(clones(p)[0].flags, ['CLONE_NEWPID']);
  t.deepEqual(clones(p)[0].setTid, [1]);
  // CRIU would need 3 helpers here (prior-art 1.2: a helper for orphan 3, placeholders for 6 and 17)
  t.true(p.summary.helpers < 3);
});

test('orphaned session with a dead leader: one ghost forks the orphans and exits', (t) => {
  const p = mustPlan(t, fx.orphanedSession());
  t.is(p.summary.helpers, 1);
  t.is(p.helpers[0].role, 'session-ghost');
  t.deepEqual(p.helpers[0].pid, [15]);
  const exitIdx = p.ops.findIndex((o) => o.op === 'exit' && o.actor === 'h1');
  t.true(p.ops.findIndex((o) => o.op === 'wait' && o.actor === 'root') > exitIdx);
});

test('children in several sessions need CLONE_PARENT and no helper', (t) => {
  const p = mustPlan(t, fx.cloneParentTree());
  t.is(p.summary.helpers, 0);
  const cp = clones(p).filter((c) => c.flags.includes('CLONE_PARENT')).map((c) => c.child).sort();
  t.deepEqual(cp, ['t12', 't14']);
  for (const c of clones(p).filter((x) => x.flags.includes('CLONE_PARENT'))) t.is(c.exitSignal, 0);
});

test('orphans of a subreaper: one reparent helper under the session leader, flag set before it exits', (t) => {
  const p = mustPlan(t, fx.subreaperOrphans());
  t.is(p.summary.helpers, 1);
  t.is(p.helpers[0].role, 'reparent-helper');
  const flag = p.ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't10');
  const exit = p.ops.findIndex((o) => o.op === 'exit' && o.actor === p.helpers[0].name);
  t.true(flag >= 0 && flag < exit);
});

test('zombies lead a session and a group; they exit last with their status', (t) => {
  const p = mustPlan(t, fx.zombieLeaders());
  t.is(p.summary.helpers, 0);
  const z10 = p.ops.find((o) => o.op === 'exit' && o.actor === 't10') as Extract<Op, { op: 'exit' }>;
  t.is(z10.code, 3);
  t.true(z10.group);
  const z12 = p.ops.find((o) => o.op === 'exit' && o.actor === 't12') as Extract<Op, { op: 'exit' }>;
  t.is(z12.signal, 9);
  // 11 is created by zombie-to-be 10 with CLONE_PARENT (session 10)
  t.true(clones(p).find((c) => c.child === 't11')!.flags.includes('CLONE_PARENT'));
  t.false(p.ops.some((o) => o.op === 'wait' && (o.actor === 't5' || o.actor === 't13')));
});

test('dead thread-group leader, CLONE_FILES between processes, thread sharing, stop last', (t) => {
  const p = mustPlan(t, fx.threadsAndSharing());
  const c30 = clones(p).find((c) => c.child === 't30')!;
  t.true(c30.flags.includes('CLONE_FILES'));
  const c41 = clones(p).find((c) => c.child === 't41')!;
  t.false(c41.flags.includes('CLONE_FILES'));
  t.true(c41.flags.includes('CLONE_THREAD'));
  const e20 = p.ops.find((o) => o.op === 'exit' && o.actor === 't20') as Extract<Op, { op: 'exit' }>;
  t.falsy(e20.group);
  t.is(p.ops[p.ops.length - 1].op, 'stop');
});

test('forbid CLONE_PARENT: a helper-free plan is not possible for the session02 shape, so it says why', (t) => {
  const out = planImage(fx.cloneParentTree(), { forbid: { cloneParent: true } });
  t.not(out.kind, 'plan');
  if (out.kind === 'undecided') t.regex(out.reason, /CLONE_PARENT/);
});

test('forbid helpers with a dead session leader: impossible, naming the binding rule', (t) => {
  const out = planImage(fx.orphanedSession(), { forbid: { helpers: true } });
  t.is(out.kind, 'impossible');
  if (out.kind === 'impossible') {
    t.is(out.proof[0].rule, 'SID-2');
    t.regex(out.proof[0].message, /forbid.helpers/);
  }
});

test('maxHelpers below the proven minimum is explained', (t) => {
  const out = planImage(fx.session01(), { maxHelpers: 1 });
  t.is(out.kind, 'impossible');
  if (out.kind === 'impossible') t.regex(out.proof[0].message, /maxHelpers = 1/);
});

test('fallbackOnly gives a verified plan too', (t) => {
  for (const img of [fx.session01(), fx.orphanedSession(), fx.subreaperOrphans(), fx.cloneParentTree()]) {
    const p = mustPlan(t, img, { fallbackOnly: true });
    t.true(p.summary.solver.every((c) => c.method !== 'lp'));
  }
});

test('the dependency graph has a node per task creation with its ops', (t) => {
  const out = planImage(fx.session01());
  if (out.kind !== 'plan') return t.fail(out.kind);
  const n = out.graph.node('task:3');
  t.is(n.kind, 'task');
  t.is(out.plan.ops[n.ops[0]].op, 'clone');
  t.true(out.graph.edges().length > 10);
});

test('user-ns tree owning net/uts/ipc: created once inside their owner, maps from the parent, no helper', (t) => {
  const p = mustPlan(t, fx.userTree());
  t.is(p.summary.helpers, 0);
  const unshares = p.ops.filter((o) => o.op === 'unshare');
  t.is(unshares.filter((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')).length, 2);
  t.is(unshares.filter((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWNET')).length, 1);
  const maps = p.ops.filter((o) => o.op === 'write-idmap');
  t.deepEqual(maps.map((o) => o.actor), ['root', 't11']);
  t.truthy(p.ops.find((o) => o.op === 'sethostname' && o.hostname === 'c1'));
  // every task is created before any user-ns switch (set_tid needs privilege, FORK-9)
  const lastClone = p.ops.map((o) => o.op).lastIndexOf('clone');
  const firstUser = p.ops.findIndex((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'));
  t.true(lastClone < firstUser);
});

test('nested pid ns: init by CLONE_NEWPID with set_tid innermost first, a setns-entered task', (t) => {
  const p = mustPlan(t, fx.nestedPidNs());
  const c11 = clones(p).find((c) => c.child === 't11')!;
  t.true(c11.flags.includes('CLONE_NEWPID'));
  t.deepEqual(c11.setTid, [1, 11]);
  const c12 = clones(p).find((c) => c.child === 't12')!;
  t.is(c12.actor, 't10');
  t.deepEqual(c12.setTid, [2, 12]);
  const sn = p.ops.findIndex((o) => o.op === 'setns' && o.actor === 't10' && o.file === 'pid');
  t.true(sn >= 0 && sn < p.ops.indexOf(c12));
});

test('pending pid_for_children and time_for_children are reproduced', (t) => {
  const p = mustPlan(t, fx.pendingForChildren());
  t.truthy(p.ops.find((o) => o.op === 'unshare' && o.actor === 't20' && o.flags.includes('CLONE_NEWPID')));
  t.truthy(p.ops.find((o) => o.op === 'unshare' && o.actor === 't30' && o.flags.includes('CLONE_NEWTIME')));
  const off = p.ops.findIndex((o) => o.op === 'write-timens-offsets');
  const c31 = p.ops.findIndex((o) => o.op === 'clone' && o.child === 't31');
  t.true(off >= 0 && (c31 > off || p.ops.some((o) => o.op === 'setns' && o.actor === 't31' && o.file === 'time')));
});

test('per-thread namespaces: a thread unshares or joins its own uts/net', (t) => {
  const p = mustPlan(t, fx.perThreadNs());
  t.truthy(p.ops.find((o) => o.op === 'unshare' && o.actor === 't41' && o.flags.includes('CLONE_NEWUTS')));
  t.false(p.ops.some((o) => o.op === 'unshare' && o.actor === 't42'));
});

test('ghost placement is a choice: the LP proves one helper optimal, the fallback finds the same', (t) => {
  const lp = mustPlan(t, fx.ghostPlacement());
  t.is(lp.summary.helpers, 1);
  const comp = lp.summary.solver.find((c) => c.id === 'session:15')!;
  t.is(comp.method, 'lp');
  t.true(comp.optimal);
  t.is(comp.objective, comp.bound);
  // the ghost lives under 10: CLONE_PARENT gives 20 its parent 10, its exit hands 12/13 to the restorer
  t.true(clones(lp).find((c) => c.child === 't20')!.flags.includes('CLONE_PARENT'));
  t.is(clones(lp).find((c) => c.child === lp.helpers[0].name)!.actor, 't10');
  const fb = mustPlan(t, fx.ghostPlacement(), { fallbackOnly: true });
  t.is(fb.summary.helpers, 1);
});

test('without set_tid: pids through ns_last_pid and legacy-free clone3 in creation order', (t) => {
  const profile = withoutFeatures(DEFAULT_PROFILE, ['set_tid']);
  const p = mustPlan(t, fx.cloneParentTree(), { profile });
  t.false(p.ops.some((o) => o.op === 'clone' && o.setTid !== undefined));
  t.true(p.ops.some((o) => o.op === 'write-ns-last-pid'));
});

test('unprivileged restorer: impossible, with the reason in plain words', (t) => {
  // session01's fixture recreates pid ns pid0, owned by the environment's user ns user0
  const out = planImage(fx.session01(), { profile: { ...DEFAULT_PROFILE, privileged: false } });
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'OWN-3');
  t.true(out.proof[0].chain.some((c) => /pid0 \(pid\).*CAP_SYS_ADMIN/.test(c)));
});
