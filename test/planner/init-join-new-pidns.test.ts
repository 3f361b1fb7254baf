/**
 * planner/variants/init-join-new-pidns.ts (re-plan attempt initJoinNewPidns, with initJoinHelpers):
 * an init-join helper forks a pid-ns init's child that makes its own pid ns with CLONE_NEWPID
 * (OWN-1, SETNS-7, EXIT-2).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

// Seed 54784: 59, init of pid:9 (owned by user:1), child of init 5 (born in user:1), ends in
// ipc:1 owned by user:0: a helper holding it forks 59 with CLONE_NEWPID and exits.
test('seed 54784: an init-join helper forks 59 with CLONE_NEWPID', (t) => {
  const out = planWithVariant(generateHistory(54784).image, { initJoinHelpers: true });
  t.regex(out.kind === 'undecided' ? out.reason : out.kind, /t59 must enter ipc ns ipc:1 .* no rights over/);
  const ops = mustPlan(t, 54784, { initJoinHelpers: true, initJoinNewPidns: true }).ops;
  const clone = cloneOf(ops, 't59');
  t.truthy(clone);
  t.true(clone!.actor.startsWith('ijh'), `59 is forked by an init-join helper, not ${clone!.actor}`);
  t.true(clone!.flags.includes('CLONE_NEWPID'));
  t.true(ops.some((o) => o.op === 'exit' && o.actor === clone!.actor), 'the helper exits, handing 59 to init 5');
});
