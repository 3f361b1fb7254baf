/**
 * Re-plan variant ghostPidHelpers (planner/variants/ghost-pid-helper.ts): the helper a session's
 * ghost forks into the pid ns of a member's parent init counts in the ghost's user ns, so a
 * member of an upper user ns than that init's gets it as creator (SID-2, SETNS-4, SETNS-5, EXIT-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, ghostPidHelpers: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; target?: string; file?: string };
const ops = (p: Plan) => p.ops as Op[];

test('seed 98378: session 5\'s ghost, forked by the restorer, enters pid:2 of init 9 and forks the helper that forks 28 and exits', (t) => {
  const img = generateHistory(98378).image;
  const m = img.tasks.find((x) => x.pid[0] === 28)!;
  t.is(m.ppid, 9);
  t.deepEqual(m.sid, [5]);
  const p = mustPlan(t, 98378, V);
  const c28 = cloneOf(p.ops, 't28')!;
  t.truthy(c28);
  t.false(c28.flags.includes('CLONE_PARENT'));
  const helper = c28.actor;
  t.regex(helper, /^h\d+$/, '28 is forked by a reparent helper');
  const cHelper = cloneOf(p.ops, helper)!;
  const ghost = cHelper.actor;
  const cGhost = cloneOf(p.ops, ghost)!;
  t.is(cGhost.actor, 'root', 'the ghost is placed at the restorer, above every user ns');
  t.true(ops(p).some((o) => o.op === 'setsid' && o.actor === ghost), 'the ghost takes session 5');
  const enter = ops(p).findIndex((o) => o.op === 'setns' && o.actor === ghost && o.target === 't9' && o.file === 'pid');
  t.true(enter >= 0 && enter < p.ops.indexOf(cHelper), 'the ghost points its pid_for_children at pid:2 before forking the helper');
  const exit = ops(p).findIndex((o) => o.op === 'exit' && o.actor === helper);
  t.true(exit > p.ops.indexOf(c28), 'the helper exits after forking 28, which goes to init 9');
});

test('planImage gains seed 98378 (verified plan)', (t) => {
  mustPlan(t, 98378);
});

test('without the flag the first attempt stays undecided on SID-2 (seed 98378)', (t) => {
  const out = planWithVariant(generateHistory(98378).image, { moves: false, initStop: false });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /task 28 must be born in session 5 with parent 9.*\(SID-2\)/);
});
