/**
 * Fuzz case 226 (mutations: mnt:3 now owned by the root user ns; 25's group): 29, a child of
 * init 12 in user:1, must be in mnt:3, which no task of user:1 may join or make. Planned by the
 * last attempt initJoinGroups (planner/variants/init-join-groups.ts with init-join-helper.ts): a
 * root-user task of 29's session, in another group than 29's, forks a helper into 12's pid ns;
 * the helper joins mnt:3, enters user:1, forks 29 and exits (29 reparents to 12), and 29 joins
 * group 12 itself. The plan verifies and replays to the image exactly.
 */
import test from 'ava';
import { cloneOf, verifiedFuzzOps } from './verified-fuzz-plan.js';
import { fuzzImage } from './fuzz-image.js';
import { planWithVariant } from '../../planner/index.js';


test('fuzz 226: a helper joins mnt:3 and forks 29, which reparents to init 12 and joins group 12 itself', (t) => {
  const ops = verifiedFuzzOps(t, 226, 'ns-owner: ns mnt:3 owner -> user:0');
  const i29 = cloneOf(ops, 't29');
  const h = ops[i29].actor;
  t.regex(h, /^ijh\d+$/);
  const jm = ops.findIndex((o) => o.op === 'setns' && o.actor === h && o.file === 'mnt');
  t.true(jm >= 0 && jm < i29);
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === h);
  const pg = ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't29');
  t.true(i29 < ex && pg > i29);
  // (the helper's source is in session 2 but not in group 12)
  const src = ops[cloneOf(ops, h)].actor;
  t.not(src, 't12');
});

test('initJoinHelpers alone leaves it undecided; with initJoinGroups it plans', (t) => {
  const { image } = fuzzImage(226);
  t.is(planWithVariant(image, { initJoinHelpers: true }).kind, 'undecided');
  t.is(planWithVariant(image, { initJoinHelpers: true, initJoinGroups: true }).kind, 'plan');
});
