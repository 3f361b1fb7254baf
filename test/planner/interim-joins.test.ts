/**
 * A creator's interim joins for a child born in a new user ns that needs both the creator's final
 * namespaces and one the creator left after forking it (variant creatorInterimJoins,
 * planner/output/interim-joins.ts): generated seed 889 with credential switches (--setids), formerly
 * undecided ("t12 must enter net ns net:1 but its credentials are in user ns user:2, which has no
 * rights over net:1's owner user:0").
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

type Op = { op: string; actor: string; child?: string; file?: string; target?: string; flags?: string[] };

test('setids seed 889: t11 joins net:1, forks t12 with CLONE_NEWUSER while still in cgroup:1, then joins its final cgroup ns', (t) => {
  const img = generateHistory(889, { setids: true }).image;
  t.is(planWithVariant(img, {}).kind, 'undecided');
  const out = planWithVariant(img, { creatorInterimJoins: true });
  if (out.kind !== 'plan') return t.fail(`expected a plan: ${JSON.stringify(out).slice(0, 300)}`);
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops as unknown as Op[];
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't11' && o.child === 't12');
  t.true(fork >= 0 && ops[fork].flags!.includes('CLONE_NEWUSER'));
  const cgroups = ops.map((o, i) => [o, i] as const).filter(([o]) => o.op === 'setns' && o.actor === 't11' && o.file === 'cgroup');
  // (t11 is born in cgroup:1, which t12 needs, and joins its final cgroup:0 only after the fork)
  t.true(cgroups.length >= 1 && cgroups.every(([, i]) => i > fork), 'the final cgroup join comes after the fork');
  t.true(ops.some((o, i) => i < fork && o.op === 'setns' && o.actor === 't11' && o.file === 'net'));
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't12' && o.file === 'net'), 't12 inherits net:1');
  // planImage reaches it after the other variants
  const full = planImage(img);
  t.is(full.kind, 'plan');
});
