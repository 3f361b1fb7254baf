/**
 * Groups a task cannot join from its pid ns (PGID-2, PID-4) and sessions its parent is never in
 * (SID-2): the constructions of creators.ts (born groups) and sessions.ts (zombie and CLONE_PARENT
 * helper creators). Each hand-made image and each generated seed below was answered "undecided"
 * at 6b751af; each must now end in a verified plan of the construction named.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Image, NsProxy } from '../../model/image.js';
import type { Op } from '../../executor/ops.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { BASE_NSPROXY, image } from './fixtures.js';
import { cloneOf } from '../helpers/plan-ops.js';

const np = (id: string, o: Partial<NsProxy>): NsProxy => ({ ...BASE_NSPROXY, id, ...o });

/** Plan, insist on a verified plan, return it. */
function mustPlan(t: ExecutionContext, img: Image): Plan {
  const out = planImage(img);
  if (out.kind !== 'plan') t.fail(`expected a plan, got ${out.kind}: ${JSON.stringify(out).slice(0, 400)}`);
  const plan = (out as Extract<typeof out, { kind: 'plan' }>).plan;
  t.true(plan.summary.verified, 'the plan must be verified on the simulated kernel');
  return plan;
}

const indexOf = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const PID_A = { id: 'pidA', type: 'pid' as const, parent: 'pid0', level: 1, owner: 'user0' };

/**
 * 20 leads its own session but was born in 10's session and in group 11 (led by its sibling 11),
 * and forked 21, the init of a new pid ns where group 11 has no number, before its setsid.
 */
function bornGroupThroughLeader(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 11, ppid: 10, sid: 10, pgid: 11 },
    { pid: 20, ppid: 10, sid: 20, pgid: 20, nsproxy: 'npA' },
    { pid: [21, 1], ppid: 20, sid: [10], pgid: [11], pidns: 'pidA', nsproxy: 'npA' },
  ], { namespaces: [PID_A], nsproxies: [np('npA', { pidForChildren: 'pidA' })] });
}

test('born group through a session leader: its sibling in the group CLONE_PARENTs it, it forks the init before its setsid', (t) => {
  const p = mustPlan(t, bornGroupThroughLeader());
  t.is(p.summary.helpers, 0);
  const c20 = cloneOf(p.ops, 't20')!;
  t.is(c20.actor, 't11', '20 is created in group 11 by 11');
  t.true(c20.flags.includes('CLONE_PARENT'), 'so that its parent is 10 (FORK-3)');
  const c21 = indexOf(p.ops, (o) => o.op === 'clone' && o.child === 't21');
  const s20 = indexOf(p.ops, (o) => o.op === 'setsid' && o.actor === 't20');
  t.is(cloneOf(p.ops, 't21')!.actor, 't20');
  t.true(c21 >= 0 && s20 > c21, '20 forks 21 while still in group 11, then calls setsid');
  t.false(p.ops.some((o) => o.op === 'setpgid' && o.actor === 't21'), '21 never joins: it inherits the group');
});

/** 12 created group 12, forked the init 14 in it, then moved to group 10: 14 keeps group 12. */
function leaderLeftItsGroup(): Image {
  return image([
    { pid: 10, ppid: 0 },
    { pid: 12, ppid: 10, sid: 10, pgid: 10, nsproxy: 'npA' },
    { pid: [14, 1], ppid: 12, sid: [10], pgid: [12], pidns: 'pidA', nsproxy: 'npA' },
  ], { namespaces: [PID_A], nsproxies: [np('npA', { pidForChildren: 'pidA' })] });
}

test('a group leader that left its group forks the invisible member before leaving', (t) => {
  const p = mustPlan(t, leaderLeftItsGroup());
  const create = indexOf(p.ops, (o) => o.op === 'setpgid' && o.actor === 't12' && o.pgid === 0);
  const fork = indexOf(p.ops, (o) => o.op === 'clone' && o.child === 't14');
  const leave = indexOf(p.ops, (o) => o.op === 'setpgid' && o.actor === 't12' && o.pgid === 10);
  t.true(create >= 0 && create < fork && fork < leave, `setpgid(0,0) ${create} < clone 14 ${fork} < setpgid(0,10) ${leave}`);
});

/**
 * 37, an orphan of the restorer, is in session 17, whose only members are below 17, a
 * subreaper: a helper forked by 17 would hand 37 to 17. 17 creates the helper with CLONE_PARENT
 * instead, a child of 3, whose orphans go to the restorer.
 */
function orphanBesideSubreaper(): Image {
  return image([
    { pid: 3, ppid: 0 },
    { pid: 17, ppid: 3, sid: 17, pgid: 17, subreaper: true },
    { pid: 37, ppid: 0, sid: 17, pgid: 17 },
  ]);
}

test('CLONE_PARENT reparent helper: a subreaper carrier hands its helper to its own parent', (t) => {
  const p = mustPlan(t, orphanBesideSubreaper());
  t.is(p.summary.helpers, 1);
  const h = p.helpers[0];
  t.is(h.role, 'reparent-helper');
  const ch = cloneOf(p.ops, h.name)!;
  t.is(ch.actor, 't17');
  t.true(ch.flags.includes('CLONE_PARENT'));
  t.is(cloneOf(p.ops, 't37')!.actor, h.name);
  const reap = p.ops.find((o) => o.op === 'wait' && o.why?.includes(h.name));
  t.is(reap?.actor, 't3', 'the helper is 3\'s child: 3 reaps it');
  // forbidding CLONE_PARENT: 17 forks the helper before it becomes a subreaper, so the helper's
  // exit hands 37 past 17 to the restorer (planner/creators/helper-heirs.ts, late PR_SET_CHILD_SUBREAPER)
  const np = planImage(orphanBesideSubreaper(), { forbid: { cloneParent: true } });
  if (np.kind !== 'plan') return t.fail(`without CLONE_PARENT: ${np.kind}`);
  t.true(np.plan.summary.verified);
  t.false(np.plan.ops.some((o) => o.op === 'clone' && o.flags.includes('CLONE_PARENT')));
  const h2 = cloneOf(np.plan.ops, 't37')!.actor;
  const exit = np.plan.ops.findIndex((o) => o.op === 'exit' && o.actor === h2);
  const flag = np.plan.ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't17');
  t.true(exit >= 0 && exit < flag, 'the helper exits before 17 sets its subreaper flag');
});

// Generated states (kernel/generator.ts, 200 ops) that were undecided at 6b751af, by construction:
// 6 born group through a session leader (CLONE_PARENT by the group's member), 75 a group leader
// that left its group, 105 a zombie group leader forks an init orphaned to the restorer, 151 a
// zombie of the group forks an init whose parent died, 9 a group ghost creates a task born in a
// dead leader's group, 54 a zombie forked by a zombie, 20 a CLONE_PARENT reparent helper.
for (const seed of [6, 9, 20, 54, 75, 105, 151]) {
  test(`generated seed ${seed}: verified plan`, (t) => {
    mustPlan(t, generateHistory(seed).image);
  });
}
