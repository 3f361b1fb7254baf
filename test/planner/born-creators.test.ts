/**
 * The bornCreators re-plan variant (planner/creators/born-creators.ts): members of a session given a creator
 * in their session and group by a deferred decision, a zombie forking a group ghost, or a helper
 * forked into the pid ns whose init is the member's parent. Each seed is planned with the variant
 * alone (planWithVariant), whichever attempt planImage ends with.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

const V = { bornCreators: true as const };
const exitIndex = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'exit' && o.actor === actor);

// 70 and 76 (children of init 36, session 3, group 4 which pid:1 cannot see) are decided after
// the rest of session 3: zombie 53, in group 4 and in 36's pid ns, forks them; its exit hands
// them to 36. Lifting 36 into session 3 instead had no creator.
test('seed 3532: deferred before lifting, zombie 53 forks 70 and 76 in group 4', (t) => {
  const plan = mustPlan(t, 3532, V);
  for (const c of ['t70', 't76']) t.is(cloneOf(plan.ops, c)?.actor, 't53', `${c} is forked by 53`);
  const setsid = plan.ops.findIndex((o) => o.op === 'setsid' && o.actor === 't36');
  t.true(setsid >= 0, '36 still creates its own session');
});

// Group 3's leader is dead; the only task of session 2 in group 3's pid ns is its zombie leader
// 2: it forks the ghost, which forks init 4 in group 3 and exits, so 4 reparents to the restorer.
test('seed 9235: zombie 2 forks group 3\'s ghost, which forks 4 and exits', (t) => {
  const plan = mustPlan(t, 9235, V);
  const ghost = plan.helpers.find((h) => h.role === 'group-ghost' && h.why.includes('group 3\'s'));
  t.truthy(ghost, 'group 3 has a ghost');
  t.is(cloneOf(plan.ops, ghost!.name)?.actor, 't2', 'zombie 2 forks the ghost');
  t.is(cloneOf(plan.ops, 't4')?.actor, ghost!.name, 'the ghost forks 4');
  t.true(exitIndex(plan.ops, ghost!.name) > plan.ops.indexOf(cloneOf(plan.ops, 't4')!), 'the ghost exits after forking 4');
  t.true(exitIndex(plan.ops, 't2') > exitIndex(plan.ops, ghost!.name), 'zombie 2 exits last');
});

// An init two pid-ns levels below its session's tasks: session leader 15 forks a helper into
// pid:2, whose init 34 is 47's parent; the helper creates 47 (through a pid-ns maker) and exits.
// 5068: zombie 2 forks a helper into pid:1 (init 12), which clones init 26 and exits.
for (const [seed, carrier, child, heir] of [[7292, 't15', 't47', 34], [5068, 't2', 't26', 12]] as const) {
  test(`seed ${seed}: ${carrier} forks a helper into ${heir}'s pid ns for ${child}`, (t) => {
    const plan = mustPlan(t, seed, V);
    const h = plan.helpers.find((x) => x.role === 'reparent-helper' && x.why.includes(`reparent to ${heir}, the init of its pid ns`));
    t.truthy(h, `a helper whose orphans go to init ${heir}`);
    t.is(cloneOf(plan.ops, h!.name)?.actor, carrier, `${carrier} forks the helper`);
    // (the helper forks it, or a pid-ns maker the helper forked)
    const by = cloneOf(plan.ops, child)?.actor;
    t.true(by === h!.name || cloneOf(plan.ops, by ?? '')?.actor === h!.name, `${child} is created under the helper`);
    t.true(exitIndex(plan.ops, h!.name) > plan.ops.indexOf(cloneOf(plan.ops, child)!), 'the helper exits after');
  });
}

// A dead leader's group whose innermost number is taken in the deepest member's pid ns (11922:
// 2 is 39's pid in pid:4; 6617: 41's in pid:3), or whose level no task of its session lives at
// (11372): its ghost is forked into another pid ns of that level where the number is free, by a
// task of the session in that ns or above it (pid_for_children, SETNS-5). 6617 needs the
// extended constructions too: 10 moves its child 29, which lives beside the ghost's pid ns.
for (const [seed, g, inner, by, variant] of [
  [11922, 9, 2, 't3', V],
  [11372, 5, 3, 't242', V],
  [6617, 11, 2, 't10', { ...V, extended: true as const }],
] as const) {
  test(`seed ${seed}: group ${g}'s ghost is forked by ${by} into another pid ns of its level`, (t) => {
    const plan = mustPlan(t, seed, variant);
    const ghost = plan.helpers.find((h) => h.role === 'group-ghost' && h.why.includes(`group ${g}'s`));
    t.truthy(ghost, `group ${g} has a ghost`);
    const c = cloneOf(plan.ops, ghost!.name)!;
    t.is(c.actor, by);
    // (innermost first; an outer number the creator cannot choose comes from ns_last_pid, PID-6)
    t.is(c.setTid?.[0], inner, `the ghost's pid is ${inner} at the leader's level`);
    t.true(plan.ops.some((o) => o.op === 'setpgid' && o.actor === ghost!.name && o.pid === 0 && o.pgid === 0), 'the ghost recreates the group');
  });
}

// A temporary subreaper (planner/creators/temp-subreaper.ts): zombie 8 (2105; 61 in 6428) forks the
// members its exit must hand to 4 (5), which is no subreaper in the image; 4 sets the flag right
// before 8's exit and clears it right after, as the history did.
for (const [seed, z, q, kids] of [[2105, 't8', 't4', ['t14', 't15']], [6428, 't61', 't5', ['t63']]] as const) {
  test(`seed ${seed}: ${q} is a subreaper only around zombie ${z}'s exit, which hands it ${kids.join(', ')}`, (t) => {
    const plan = mustPlan(t, seed, V);
    for (const k of kids) t.is(cloneOf(plan.ops, k)?.actor, z, `${z} forks ${k}`);
    const ex = exitIndex(plan.ops, z);
    t.deepEqual(plan.ops[ex - 1], { ...plan.ops[ex - 1], op: 'subreaper', actor: q, value: true }, `${q} becomes a subreaper right before`);
    t.deepEqual(plan.ops[ex + 1], { ...plan.ops[ex + 1], op: 'subreaper', actor: q, value: false }, `${q} clears the flag right after`);
    for (const k of kids) t.true(plan.ops.indexOf(cloneOf(plan.ops, k)!) < ex, `${k} exists before ${z} exits`);
  });
}

// Seed 39710 (test/planner/soak-bugs.test.ts pins the first attempt's PID-3 answer): group 11's
// number 3 at level 2 is 54's pid in the members' pid ns; the variant's ghost takes 3 in another
// pid ns of level 2 where it is free, and planImage returns that verified plan.
test('seed 39710: group 11\'s ghost takes number 3 in another pid ns of level 2', (t) => {
  const plan = mustPlan(t, 39710);
  const ghost = plan.helpers.find((h) => h.role === 'group-ghost' && h.why.includes('group 11\'s'));
  t.truthy(ghost, 'group 11 has a ghost');
  t.is(cloneOf(plan.ops, ghost!.name)?.setTid?.[0], 3, 'with pid 3 at level 2');
});
