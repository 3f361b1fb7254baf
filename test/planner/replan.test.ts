/**
 * Re-planning around ordering cycles closed by a session component's choice (planner/replan.ts):
 * the components choose creators without seeing the schedule, and a choice whose creator is
 * itself created after the member (through other groups and sessions) makes the schedule cycle.
 * Each generated seed below was "undecided" (such a cycle) at 71b8f3f; the re-plan drops the
 * choice named on the cycle and must now end in a verified plan that does not use it.
 */
import test from 'ava';
import type { Plan } from '../../planner/plan.js';
import { mergeAvoid } from '../../planner/replan.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

/** The actor that created the creator of `child` (a helper's carrier, a ghost's placement). */
function creatorsCreator(plan: Plan, child: string): string | undefined {
  const c = cloneOf(plan.ops, child);
  return c ? cloneOf(plan.ops, c.actor)?.actor : undefined;
}

// seed 13: a reparent helper of carrier 4 forked 14, while 4 is created (through 42's helper,
// group 3's inheritance and 37) after 14: the re-plan creates 14 some other way
test('generated seed 13: a reparent-helper carrier on a cycle is not used again', (t) => {
  const plan = mustPlan(t, 13);
  const c = cloneOf(plan.ops, 't14');
  t.truthy(c, 't14 is created');
  t.not(creatorsCreator(plan, 't14'), 't4', 'the helper creating 14 is not carried by 4');
});

// seed 540: the session ghost placed under a task created after the ghost's members
for (const [seed, member, placement] of [[540, 't3', 't39']] as const) {
  test(`generated seed ${seed}: the session ghost is placed elsewhere than under a task on the cycle`, (t) => {
    const plan = mustPlan(t, seed);
    const c = cloneOf(plan.ops, member);
    t.truthy(c, `${member} is created`);
    const ghost = plan.helpers.find((h) => h.name === c!.actor);
    t.is(ghost?.role, 'session-ghost', `${member} is created by the session's ghost`);
    t.not(creatorsCreator(plan, member), placement, `the ghost is not placed under ${placement}`);
  });
}
for (const seed of [743, 1025]) {
  test(`generated seed ${seed}: verified plan after a re-plan`, (t) => {
    mustPlan(t, seed);
  });
}

test('mergeAvoid: adds new choices, null when nothing is new (no attempt repeats another)', (t) => {
  const a = new Map([[14, new Set(['t4'])]]);
  const b = mergeAvoid(a, new Map([[14, new Set(['t4', 't7cp'])], [31, new Set(['ghost@t42'])]]));
  t.deepEqual(b && [...b].map(([k, s]) => [k, [...s].sort()]), [[14, ['t4', 't7cp']], [31, ['ghost@t42']]]);
  t.deepEqual([...a.get(14)!], ['t4'], 'the earlier set is not changed');
  t.is(mergeAvoid(b!, new Map([[14, new Set(['t4'])]])), null);
});
