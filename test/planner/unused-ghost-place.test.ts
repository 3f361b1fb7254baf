/**
 * planner/variants/unused-ghost-place.ts (re-plan variant unusedGhostPlaces; index.ts CYCLE_VARIANTS):
 * a session's ghost no member's choice uses is placed under no task that a lift made born in the
 * session. The seed's first attempt stops on the cycle "session ghost created by t38 -> group
 * ghost created by it -> create 38" and stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { GHOST_UNDER_LIFTED } from '../../planner/variants/unused-ghost-place.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneOf = (ops: Op[], child: string): Clone | undefined => ops.find((o): o is Clone => o.op === 'clone' && o.child === child);

// Seed 53490: session 19 and group 22 lost their leaders; 38, lifted into both, forks 44 (init of
// pid:5, numbers 19 and 22 at level 1: 7 and 10) before its setsid.
test('seed 53490: session 19\'s ghost is forked by 13, not 38; it forks group 22\'s ghost, which forks 38', (t) => {
  const first = planWithVariant(generateHistory(53490).image, {});
  t.true(first.kind === 'undecided' && GHOST_UNDER_LIFTED.test(first.reason), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 53490, { unusedGhostPlaces: true }).ops;
  const sg = ops.find((o): o is Clone => o.op === 'clone' && o.child.startsWith('h') && o.setTid?.[o.setTid.length - 1] === 7 && o.setTid.length === 1);
  t.truthy(sg, 'a ghost with pid 7 in pid:1 (session 19)');
  t.is(sg!.actor, 't13', 'forked by 13, 38\'s parent');
  t.true(ops.some((o) => o.op === 'setsid' && o.actor === sg!.child), 'it calls setsid');
  const gg = ops.find((o): o is Clone => o.op === 'clone' && o.actor === sg!.child && o.setTid?.[0] === 10);
  t.truthy(gg, 'it forks group 22\'s ghost (pid 10 in pid:1)');
  const c38 = cloneOf(ops, 't38');
  t.is(c38?.actor, gg!.child, 'group 22\'s ghost forks 38');
  const c44 = cloneOf(ops, 't44');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't38');
  t.true(ops.indexOf(c44!) < setsid, '38 forks 44 before its own setsid');
});
