/**
 * born_sid walks through a pid-ns init as a re-plan choice (planner/creators/init-walk.ts): seed 2036 was
 * "undecided: the ordering constraints form a cycle: 21 creates session 21 -> create 33 ->
 * create 38 -> 21 creates session 21". The walk from orphan 55 (session 21, parent 33, the init
 * of pid:2) made 33 born in session 21 (forked after 21's setsid), while 38, in pid:2 too, must
 * be forked before that setsid and after its init. The re-plan stops the walk at 33; 55 is then
 * forked, as in the history, by a task of session 21 in pid:2 (a helper 21 forks there after
 * its setsid) whose exit hands it to 33 (EXIT-2).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { NO_INIT_WALK, initsNotWalked } from '../../planner/creators/init-walk.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const indexOf = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);

test('seed 2036: init 33 keeps its born session; a helper 21 forks after its setsid forks 55 into pid:2 and exits', (t) => {
  const plan = verifiedPlan(2036);
  t.true(plan.summary.verified);
  const setsid21 = indexOf(plan, (o) => o.op === 'setsid' && o.actor === 't21');
  const clone33 = indexOf(plan, (o) => o.op === 'clone' && o.child === 't33');
  const clone38 = indexOf(plan, (o) => o.op === 'clone' && o.child === 't38');
  t.true(setsid21 >= 0 && clone33 >= 0 && clone38 >= 0);
  t.true(clone33 < clone38 && clone38 < setsid21, 'the init 33, then 38, both before 21 leaves session 16');
  const c55 = plan.ops.find((o) => o.op === 'clone' && o.child === 't55');
  const h = c55?.actor;
  t.is(plan.helpers.find((x) => x.name === h)?.role, 'reparent-helper');
  t.true(c55?.op === 'clone' && c55.flags.includes('CLONE_NEWPID'), '55 is the init of pid:7, below pid:2');
  const cloneH = indexOf(plan, (o) => o.op === 'clone' && o.child === h);
  t.is(plan.ops[cloneH]?.actor, 't21');
  t.true(cloneH > setsid21, 'the helper is born in session 21');
  const exitH = indexOf(plan, (o) => o.op === 'exit' && o.actor === h);
  t.true(exitH > indexOf(plan, (o) => o.op === 'clone' && o.child === 't55'), 'it exits after forking 55, which reparents to 33');
});

test('initsNotWalked reads only the init-walk key of an avoid set', (t) => {
  const got = initsNotWalked(new Map([[33, new Set([NO_INIT_WALK])], [40, new Set(['t7'])], [41, new Set(['t7', NO_INIT_WALK])]]));
  t.deepEqual([...got].sort((a, b) => a - b), [33, 41]);
});
