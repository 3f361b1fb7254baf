/**
 * planner/variants/hold-born-chain.ts (re-plan variants `holders`, `holdersLast`, with share-zombies.ts;
 * FORK-4, FORK-6, SID-2, SETNS-4): a zombie Z first holder of an fs_struct two live processes
 * share forks one of them with CLONE_FS in the session it was born in, calls setsid, and forks
 * the other in its own session.
 * - seed 31400: Z = 21 forks 41 (session 2) and 96 (session 21); Z's parent 19 is born in
 *   session 2 first and forks 21 there before its own setsid;
 * - seed 42983: Z = 24 forks 31 (session 2) and 50 (session 24); zombie 2, in user:0, is not
 *   taken for the root user ns's 31;
 * - seed 60772: Z = 29 forks 42 (session 14) and 64 (session 29); zombie 14, tried first in
 *   variant `holders`, ends on an ordering cycle; `holdersLast` takes 29.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

for (const [seed, zombie, kids, last] of [
  [31400, 't21', ['t41', 't96'], false],
  [42983, 't24', ['t31', 't50'], false],
  [60772, 't29', ['t42', 't64'], true],
] as const) {
  test(`zombie ${zombie} forks ${kids.join(' and ')} with CLONE_FS around its setsid (seed ${seed})`, (t) => {
    const ops = mustPlan(t, seed, { shares: true, zombieShares: true, holders: true, ...(last ? { holdersLast: true } : {}) }).ops;
    const at = kids.map((k) => {
      const c = cloneOf(ops, k);
      t.is(c?.actor, zombie);
      t.true(c?.flags.includes('CLONE_FS'));
      return ops.indexOf(c!);
    });
    const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === zombie);
    t.true(Math.min(...at) < setsid && setsid < Math.max(...at));
  });
  test(`seed ${seed} is planned`, (t) => {
    mustPlan(t, seed);
  });
}

test('19 is born in session 2 and forks zombie 21 there before its own setsid (seed 31400)', (t) => {
  const ops = mustPlan(t, 31400, { shares: true, zombieShares: true, holders: true }).ops;
  const z = ops.indexOf(cloneOf(ops, 't21')!);
  const s = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't19');
  t.is(cloneOf(ops, 't21')?.actor, 't19');
  t.true(z < s);
});
