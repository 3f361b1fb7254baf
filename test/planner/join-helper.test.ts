/**
 * A generated (reachable) image where T must fork a child X, born in a new user ns without rights
 * over the namespaces T joins, before its setsid (X keeps T's born session), while another child
 * keeps T's original namespaces but is born in T's new session (planner/ordering/pfc-helper.ts shape
 * 'join', planner/graph/join-helper.ts, re-plan variant `pfcHelpers`): formerly undecided on the cycle
 * "T joins its namespaces" -> "create X" -> "T creates session T" -> "create Y" -> "T joins".
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; flags?: string[]; file?: string; target?: string };

test('seed 82293: a helper of 13, forked before its setsid, joins uts:1 and forks 30 with CLONE_PARENT', (t) => {
  t.is(planWithVariant(generateHistory(82293).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 82293, { pfcHelpers: true }).ops as unknown as Op[];
  const birth = ops.find((o) => o.op === 'clone' && o.child === 't30');
  t.true(birth !== undefined && birth.actor.startsWith('h') && birth.flags!.includes('CLONE_PARENT'));
  const h = birth!.actor;
  const hBirth = ops.findIndex((o) => o.op === 'clone' && o.child === h);
  t.true(hBirth >= 0 && ops[hBirth].actor === 't13');
  // the helper joins for 30 what 30 cannot (SETNS-7), before forking it
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === h);
  t.true(join > hBirth && join < ops.indexOf(birth!));
  // 13's setsid comes after the helper's fork: 30 is in 13's born session
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't13');
  t.true(setsid > hBirth);
  t.is(planImage(generateHistory(82293).image).kind, 'plan');
});

test('seed 34442: 12, which stays in 5\'s born group 2, is forked by a helper 5 forks before its setpgid; 12 is born in 5\'s user ns with the helper\'s credentials', (t) => {
  t.is(planWithVariant(generateHistory(34442).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 34442, { pfcHelpers: true }).ops as unknown as Op[];
  const birth = ops.find((o) => o.op === 'clone' && o.child === 't12');
  t.true(birth !== undefined && birth.actor.startsWith('h') && birth.flags!.includes('CLONE_PARENT'));
  const hBirth = ops.findIndex((o) => o.op === 'clone' && o.child === birth!.actor);
  t.true(hBirth >= 0 && ops[hBirth].actor === 't5');
  const setpgid = ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't5');
  t.true(hBirth < setpgid && setpgid < ops.indexOf(birth!));
  t.is(planImage(generateHistory(34442).image).kind, 'plan');
});
